"""Recording an opschorting (Awb 4:15) and the verdaging (Awb 4:14) on a melding (issue 7 item 5):
the worklist and the "te laat" labels follow."""

from datetime import date, timedelta

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.journeys import selectors, services, termijn_services
from bwmo.journeys.deadlines import DeadlineState
from bwmo.journeys.models import DeadlineSuspension
from bwmo.testing.factories import user_with_role

from .conftest import TODAY
from .journey import melding_for

pytestmark = pytest.mark.django_db


def test_a_suspension_moves_the_investigation_and_lifts_the_overdue_label(
    client_rheden, consulent_rheden
):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 10, 1))
    before, _ = selectors.melding_deadlines(melding, TODAY)
    assert before is not None and before.investigation.state is DeadlineState.OVERDUE
    termijn_services.melding_suspension_record(
        melding=melding, start=date(2026, 10, 5), end=date(2026, 11, 3),
        reason="Wachten op het verslag van de kliniek.", acting_user=consulent_rheden, today=TODAY,
    )
    melding.refresh_from_db()
    after, _ = selectors.melding_deadlines(melding, TODAY)
    assert after is not None
    assert after.investigation.due_date == date(2026, 12, 14)  # 12-11 + 30 days (a Saturday)
    assert after.investigation.state is DeadlineState.ON_TIME
    rows = selectors.worklist(consulent_rheden, today=TODAY)
    assert [r.urgency.value for r in rows if r.melding.pk == melding.pk] != ["overdue"]
    assert AccessLogEntry.objects.filter(client=client_rheden, detail__contains="opschorting")


def test_a_running_suspension_counts_up_to_today_and_can_be_ended(client_rheden, consulent_rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 10, 20))
    termijn_services.melding_suspension_record(
        melding=melding, start=date(2026, 11, 1), end=None, reason="Wachten op gegevens.",
        acting_user=consulent_rheden, today=TODAY,
    )
    with pytest.raises(services.FormErrors, match="loopt al een opschorting"):
        termijn_services.melding_suspension_record(
            melding=melding, start=date(2026, 11, 10), end=None, reason="Nog een keer wachten.",
            acting_user=consulent_rheden, today=TODAY,
        )
    ended = termijn_services.melding_suspension_end(
        melding=melding, end=date(2026, 11, 10), acting_user=consulent_rheden, today=TODAY,
    )
    assert ended.end == date(2026, 11, 10)


def test_bad_suspensions_are_refused_and_save_nothing(client_rheden, consulent_rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 11, 1))
    with pytest.raises(services.FormErrors) as refused:
        termijn_services.melding_suspension_record(
            melding=melding, start=date(2026, 10, 1), end=date(2026, 9, 1), reason="kort",
            acting_user=consulent_rheden, today=TODAY,
        )
    fields = {field for field, _ in refused.value.errors}
    assert fields == {"start", "end", "reason"}
    assert not DeadlineSuspension.objects.exists()


def test_the_term_is_extended_once_with_a_reason_before_it_ends(client_rheden, consulent_rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=TODAY - timedelta(days=10))
    termijn_services.melding_extension_record(
        melding=melding, days=21, reason="Het advies van de centrale toegang volgt later.",
        acting_user=consulent_rheden, today=TODAY,
    )
    melding.refresh_from_db()
    status, _ = selectors.melding_deadlines(melding, TODAY)
    assert status is not None
    assert status.investigation.due_date >= TODAY - timedelta(days=10) + timedelta(days=63)
    with pytest.raises(services.FormErrors, match="maar één keer"):
        termijn_services.melding_extension_record(
            melding=melding, days=7, reason="Nog een verdaging erbij.",
            acting_user=consulent_rheden, today=TODAY,
        )


def test_an_expired_term_cannot_be_extended_and_only_the_handling_access_may(
    client_rheden, consulent_rheden, region
):
    old = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 9, 1))
    with pytest.raises(services.FormErrors, match="verstreken"):
        termijn_services.melding_extension_record(
            melding=old, days=14, reason="Te laat bedacht, helaas.",
            acting_user=consulent_rheden, today=TODAY,
        )
    fresh = melding_for(client_rheden, consulent_rheden, reported_on=TODAY - timedelta(days=3))
    other = user_with_role(Role.CT_ADVISEUR, region)
    with pytest.raises(services.FormErrors, match="Alleen de toegang"):
        termijn_services.melding_extension_record(
            melding=fresh, days=14, reason="Het advies volgt later nog.",
            acting_user=other, today=TODAY,
        )
