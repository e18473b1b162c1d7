"""No dead end: every case page shows where the case stands, the next step and who takes it; under
regional mandate the consulent waits for the central access, which has its "wacht op besluit"
worklist (issue 7, seed 004 Bijlage 4)."""

from datetime import date

from django.urls import reverse
from django.utils.html import escape

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.journeys import services
from bwmo.regions.constants import DecisionMaker
from bwmo.testing.factories import ClientFactory, user_with_role

from .journey import granted, melding_for, ready_for_decision


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-24 12:00:00+01:00", tick=False)


@pytest.fixture
def jan(rheden):  # type: ignore[no-untyped-def]
    return ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                         date_of_birth=date(1990, 1, 1), given_names="Jan", surname="Jansen")


@pytest.fixture
def mandate(region):  # type: ignore[no-untyped-def]
    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    return user_with_role(Role.CT_ADVISEUR, region)


def test_under_mandate_the_consulent_waits_and_the_ct_finds_it_on_wacht_op_besluit(
    client, region, jan, consulent_rheden, mandate, products, provider
):
    melding = melding_for(jan, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    client.force_login(consulent_rheden)
    page = client.get(reverse("journeys:melding-detail", args=[melding.pk])).content.decode()
    assert "Stand van zaken" in page and "Wacht op besluit centrale toegang" in page
    assert escape(f"De centrale toegang van {region}") in page
    assert client.get(reverse("journeys:awaiting-decision")).status_code == 404

    client.force_login(mandate)
    response = client.get(reverse("journeys:awaiting-decision"))
    body = response.content.decode()
    assert "Jan Jansen" in body and reverse("journeys:melding-detail", args=[melding.pk]) in body
    assert AccessLogEntry.objects.filter(user=mandate, client=jan, action=AccessAction.VIEW,
                                         detail="Wacht op besluit").exists()
    services.beschikking_register(melding=melding, data=granted(provider), acting_user=mandate,
                                  today=date(2026, 11, 24))
    assert "Jan Jansen" not in client.get(reverse("journeys:awaiting-decision")).content.decode()


def test_a_melding_without_aanvraag_is_not_yet_waiting_for_a_decision(
    client, jan, consulent_rheden, mandate
):
    melding_for(jan, consulent_rheden)
    client.force_login(mandate)
    assert "Jan Jansen" not in client.get(reverse("journeys:awaiting-decision")).content.decode()


def test_where_the_municipality_decides_the_ct_list_says_so(client, region):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client.force_login(ct)
    body = client.get(reverse("journeys:awaiting-decision")).content.decode()
    assert "besluit de lokale toegang" in body


def test_a_refusing_toets_leads_on_to_its_follow_up(client, jan, consulent_rheden, products):
    melding = melding_for(jan, consulent_rheden)
    toets = ready_for_decision(melding, consulent_rheden, answers={
        "dutch_or_lawful_residence": True, "psychiatric_problems": True,
        "needs_supervision_nearby": True, "ambulant_support_sufficient": True,
        "acute_crisis": False, "lifelong_need": False, "primarily_treatment": False,
    })
    client.force_login(consulent_rheden)
    body = client.get(reverse("journeys:toets-detail", args=[toets.pk])).content.decode()
    assert "ambulante Wmo-ondersteuning" in body
    assert "Beschikking vastleggen" in body
    assert reverse("journeys:beschikking-create", args=[melding.pk]) in body


def test_a_granted_beschikking_leads_to_placing_and_a_refusal_to_bezwaar(
    client, jan, consulent_rheden, products, provider
):
    melding = melding_for(jan, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden,
                                                today=date(2026, 11, 24))
    client.force_login(consulent_rheden)
    body = client.get(reverse("journeys:beschikking-detail", args=[beschikking.pk])).content.decode()
    assert "Toegekend, nog niet geplaatst" in body
    assert reverse("placements:beschikking_place", args=[beschikking.pk]) in body

    other = melding_for(jan, consulent_rheden, reported_on=date(2026, 11, 1))
    ready_for_decision(other, consulent_rheden, aanvraag_on=date(2026, 11, 10))
    refused = services.beschikking_register(
        melding=other, acting_user=consulent_rheden, today=date(2026, 11, 24),
        data=services.BeschikkingInput(
            outcome="refused", decided_on=date(2026, 11, 24),
            reason="De cliënt kan met ambulante begeleiding zelfstandig wonen.",
            override_motivation="Na het gesprek blijkt ambulante begeleiding voldoende te zijn.",
        ))
    body = client.get(reverse("journeys:beschikking-detail", args=[refused.pk])).content.decode()
    assert "Niet toegekend" in body and "Bezwaar maken kan tot en met 05-01-2027" in body


def test_a_youth_care_melding_before_the_18th_birthday_says_when_bw_can_start(
    client, rheden, consulent_rheden
):
    minor = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                          date_of_birth=date(2009, 3, 1))
    melding = melding_for(minor, consulent_rheden, source="youth_care",
                          planned_start=date(2027, 3, 1))
    client.force_login(consulent_rheden)
    body = client.get(reverse("journeys:melding-detail", args=[melding.pk])).content.decode()
    assert "de cliënt wordt 18 op 01-03-2027" in body


def test_the_central_access_is_aanmeldpunt_also_where_the_municipality_decides(
    client, region, rheden, consulent_rheden
):
    """Toekomstvisie beschermd wonen 2032, regio IJssel-Vecht, §1.1: the CT registers clients
    from the clinic (and MO, forensic, youth care, outside the region) and hands them over."""
    from bwmo.clients.models import ClientEvent
    from bwmo.clients.services import ClientData
    from bwmo.journeys import permissions, workflow
    from bwmo.journeys.services import FormErrors, MeldingData, melding_register_with_client

    assert region.decision_maker == DecisionMaker.LOCAL
    ct = user_with_role(Role.CT_ADVISEUR, region)

    def register(source: str):  # type: ignore[no-untyped-def]
        return melding_register_with_client(
            client_data=ClientData(given_names="Ilse", surname_prefix="", surname="Mulder",
                                   date_of_birth=date(1992, 4, 4), bsn="", no_bsn_reason="unknown",
                                   origin_municipality=rheden, registration_municipality=rheden),
            data=MeldingData(track="BW", source=source, reported_on=date(2026, 11, 20),
                             municipality=rheden, origin_municipality=rheden),
            acting_user=ct, today=date(2026, 11, 24))

    with pytest.raises(FormErrors, match="aanmeldpunt"):
        register("huisarts")
    melding = register("clinic")
    assert not permissions.may_handle(ct, melding)
    assert permissions.may_handle(consulent_rheden, melding)
    event = ClientEvent.objects.filter(client=melding.client, kind="melding").get()
    assert f"overgedragen aan de Wmo-consulent van {rheden}" in event.summary
    step = workflow.melding_next_step(melding, ct)
    assert step.waiting and any("aanmeldpunt" in n for n in step.notes)
    client.force_login(consulent_rheden)
    body = client.get(reverse("journeys:worklist")).content.decode()
    assert "Mulder" in body
