"""Crisis route (Wmo 2015 art. 2.3.3): the toets says 'eerst crisiszorg', the consulent or the
central access places the client at once in a temporary provision, and the melding stays open for
the regular investigation."""

from datetime import date

from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.followups import services
from bwmo.followups.models import CrisisProvision
from bwmo.journeys import services as journey_services
from bwmo.journeys import workflow
from bwmo.journeys.constants import MeldingStatus
from bwmo.journeys.models import Melding
from bwmo.journeys.services import FormErrors
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.testing.factories import user_with_role

TODAY = date(2026, 11, 24)
CRISIS = {"dutch_or_lawful_residence": True, "psychiatric_problems": True,
          "needs_supervision_nearby": True, "ambulant_support_sufficient": False,
          "acute_crisis": True, "lifelong_need": False, "primarily_treatment": False}


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-24 12:00:00+01:00", tick=False)


@pytest.fixture
def world(region):  # type: ignore[no-untyped-def]
    return build_world(region, places=2)


@pytest.fixture
def crisis_melding(world, consulent_rheden):  # type: ignore[no-untyped-def]
    client = client_of(world.rheden, origin_municipality=world.rheden, given_names="Kees",
                       surname="Smit", date_of_birth=date(1985, 5, 5))
    melding = journey_services.melding_register(
        client=client, acting_user=consulent_rheden, today=TODAY,
        data=journey_services.MeldingData(track="BW", source="huisarts",
                                          reported_on=date(2026, 11, 20),
                                          municipality=world.rheden,
                                          origin_municipality=world.rheden))
    toets = journey_services.toets_record(melding=melding, notes="", acting_user=consulent_rheden,
                                          today=TODAY, answers=journey_services.ToetsAnswers(**CRISIS))
    assert toets.outcome == "refer_crisis"
    return Melding.objects.get(pk=melding.pk)


def _data(world, **kw):  # type: ignore[no-untyped-def]
    values = {"location": world.location, "product": world.bw, "start_date": TODAY,
              "end_date": date(2026, 12, 22), "reason": "Acute psychose, geen veilige woonplek."}
    values.update(kw)
    return services.CrisisInput(**values)


def test_the_toets_refer_crisis_leads_to_crisisopvang(client, crisis_melding, consulent_rheden):
    step = workflow.melding_next_step(crisis_melding, consulent_rheden)
    assert step.url == reverse("followups:crisis-create", args=[crisis_melding.pk])
    client.force_login(consulent_rheden)
    body = client.get(reverse("journeys:melding-detail", args=[crisis_melding.pk])).content.decode()
    assert "Crisisopvang regelen" in body and "Eerst crisiszorg" in body


@pytest.mark.parametrize("who", ["consulent", "ct"])
def test_consulent_or_ct_places_at_once_and_the_investigation_goes_on(
    world, region, crisis_melding, consulent_rheden, who
):
    user = consulent_rheden
    if who == "ct":  # the consulent asked the central access, so the client is in its scope
        user = user_with_role(Role.CT_ADVISEUR, region)
        journey_services.advice_request(melding=crisis_melding, acting_user=consulent_rheden,
                                        today=TODAY, question="Kan de centrale toegang opvangen?")
    provision = services.crisis_place(melding=crisis_melding, data=_data(world), acting_user=user,
                                      today=TODAY)
    placement = Placement.objects.get(beschikking=provision.beschikking)
    assert placement.start_date == TODAY and placement.location == world.location
    assert provision.beschikking.outcome == "granted"
    assert "artikel 2.3.3" in provision.beschikking.motivation
    melding = Melding.objects.get(pk=crisis_melding.pk)
    assert melding.status == MeldingStatus.OPEN
    step = workflow.melding_next_step(melding, consulent_rheden)
    assert step.step == "Datum van de aanvraag vastleggen."
    assert any("Crisisopvang loopt tot en met 22-12-2026" in n for n in step.notes)


@pytest.mark.parametrize(("kw", "message"), [
    ({"start_date": date(2026, 11, 25)}, "toekomst"),
    ({"start_date": date(2026, 11, 1)}, "vóór de melding"),
    ({"end_date": date(2026, 11, 1)}, "einddatum"),
    ({"reason": "nood"}, "spoedeisend"),
])
def test_bad_crisis_input_changes_nothing(world, crisis_melding, consulent_rheden, kw, message):
    with pytest.raises(FormErrors) as exc:
        services.crisis_place(melding=crisis_melding, data=_data(world, **kw),
                              acting_user=consulent_rheden, today=TODAY)
    assert any(message in m for m in exc.value.messages)
    assert not CrisisProvision.objects.exists() and not Placement.objects.exists()
    assert not crisis_melding.beschikkingen.exists()


def test_a_full_location_rolls_the_temporary_beschikking_back(world, crisis_melding,
                                                             consulent_rheden):
    from bwmo.capacity.models import PlaceCapacity

    PlaceCapacity.objects.filter(location=world.location).update(places=0)
    with pytest.raises(FormErrors):
        services.crisis_place(melding=crisis_melding, data=_data(world),
                              acting_user=consulent_rheden, today=TODAY)
    assert not crisis_melding.beschikkingen.exists() and not CrisisProvision.objects.exists()


@pytest.mark.parametrize("who", ["consulent_renkum", "ct_without_the_client"])
def test_who_may_not_place_in_crisisopvang(world, region, crisis_melding, consulent_renkum, who):
    user = consulent_renkum if who == "consulent_renkum" else user_with_role(Role.CT_ADVISEUR,
                                                                              region)
    with pytest.raises(FormErrors, match="crisisopvang"):
        services.crisis_place(melding=crisis_melding, data=_data(world), acting_user=user,
                              today=TODAY)
    assert not Placement.objects.exists()
