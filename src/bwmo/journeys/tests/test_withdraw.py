"""A consulent withdraws an open melding: it leaves the worklist, the history says why."""

from datetime import date

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import ClientEvent
from bwmo.journeys import services
from bwmo.journeys.constants import MeldingStatus
from bwmo.testing.scenario import build_scenario

TODAY = date(2026, 11, 24)


@pytest.fixture
def scenario(region):
    s = build_scenario(region)
    s.melding.status = MeldingStatus.OPEN
    s.melding.save()
    return s


def test_withdrawing_closes_the_melding_with_the_reason_in_the_history(scenario):
    user = scenario.users["consulent_own"]
    services.melding_withdraw(melding=scenario.melding, reason="Cliënt is verhuisd naar Zwolle.",
                              acting_user=user, today=TODAY)
    scenario.melding.refresh_from_db()
    assert scenario.melding.status == MeldingStatus.WITHDRAWN
    event = ClientEvent.objects.filter(client=scenario.client).first()
    assert "ingetrokken" in event.summary and "verhuisd naar Zwolle" in event.summary
    assert AccessLogEntry.objects.filter(user=user, client=scenario.client, action="update").exists()


@pytest.mark.parametrize(
    ("user_key", "reason", "message"),
    [
        ("consulent_own", "  ", "waarom"),
        ("consulent_other", "Cliënt trekt de vraag in.", "Alleen de toegang"),
    ],
)
def test_a_withdrawal_without_reason_or_by_another_municipality_changes_nothing(
    scenario, user_key, reason, message
):
    events = ClientEvent.objects.count()
    with pytest.raises(services.FormErrors) as exc:
        services.melding_withdraw(melding=scenario.melding, reason=reason,
                                  acting_user=scenario.users[user_key], today=TODAY)
    assert message in str(exc.value.errors)
    scenario.melding.refresh_from_db()
    assert scenario.melding.status == MeldingStatus.OPEN
    assert ClientEvent.objects.count() == events


def test_a_withdrawn_melding_cannot_be_withdrawn_again(scenario):
    user = scenario.users["consulent_own"]
    services.melding_withdraw(melding=scenario.melding, reason="Cliënt trekt de vraag in.",
                              acting_user=user, today=TODAY)
    with pytest.raises(services.FormErrors, match="ingetrokken"):
        services.melding_withdraw(melding=scenario.melding, reason="Nog een keer ingetrokken.",
                                  acting_user=user, today=TODAY)
