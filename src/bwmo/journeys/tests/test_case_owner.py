"""Case owner: take on, hand over (with a reason), refuse an unknown or unsuitable owner;
"Mijn zaken" and the home page counters."""

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import ClientEvent
from bwmo.testing.factories import consulent_for
from bwmo.testing.scenario import build_scenario


@pytest.fixture
def scenario(region):  # type: ignore[no-untyped-def]
    return build_scenario(region)


def test_a_consulent_takes_on_a_melding_and_finds_it_in_my_cases(client, scenario):
    me = scenario.users["consulent_own"]
    client.force_login(me)
    url = reverse("journeys:melding-case-owner", kwargs={"pk": scenario.melding.pk})
    assert client.post(url, {"owner": me.pk}).status_code == 302
    scenario.melding.refresh_from_db()
    assert scenario.melding.case_owner == me
    assert ClientEvent.objects.filter(client=scenario.client, summary__contains="behandelt").exists()

    body = client.get(reverse("journeys:my-cases")).content.decode()
    assert scenario.client.full_name in body
    assert AccessLogEntry.objects.filter(user=me, client=scenario.client, detail="Mijn zaken").exists()
    home = client.get(reverse("home")).content.decode()
    assert ('<span class="bwmo-counter__count">1</span> <span class="bwmo-counter__label">'
            "Mijn zaken</span>") in home
    assert "Termijn verstreken" in home


def test_a_handover_needs_a_reason_and_goes_only_to_a_colleague_who_may_handle_it(client, scenario):
    me = scenario.users["consulent_own"]
    colleague = consulent_for(scenario.municipality, first_name="Cor", last_name="Collega")
    third = consulent_for(scenario.municipality, first_name="Dirk", last_name="Derde")
    scenario.melding.case_owner = colleague
    scenario.melding.save()
    client.force_login(me)
    url = reverse("journeys:melding-case-owner", kwargs={"pk": scenario.melding.pk})

    response = client.post(url, {"owner": third.pk, "reason": ""})
    assert "Schrijf kort waarom" in response.content.decode()
    other_municipality = scenario.users["consulent_other"]
    response = client.post(url, {"owner": other_municipality.pk, "reason": "Verlof"})
    assert "kan de melding niet behandelen" in response.content.decode()
    response = client.post(url, {"owner": 987654, "reason": "Verlof"})
    assert "kan de melding niet behandelen" in response.content.decode()
    scenario.melding.refresh_from_db()
    assert scenario.melding.case_owner == colleague

    assert client.post(url, {"owner": third.pk, "reason": "Verlof"}).status_code == 302
    scenario.melding.refresh_from_db()
    assert scenario.melding.case_owner == third
    event = ClientEvent.objects.filter(client=scenario.client).first()
    assert event is not None and "overgedragen van Cor Collega aan Dirk Derde" in event.summary
    assert "Verlof" in event.summary


def test_the_provider_home_counts_signals_and_waiting(client, scenario):
    provider = scenario.users["provider_own"]
    assert provider.role == Role.ZORGAANBIEDER
    client.force_login(provider)
    body = client.get(reverse("home")).content.decode()
    assert "Signalen bij plaatsingen" in body and "Wachtend op een plaats" in body
    client.force_login(scenario.users["beleid"])
    assert "Signalen bij plaatsingen" not in client.get(reverse("home")).content.decode()
