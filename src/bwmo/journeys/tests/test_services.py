"""The klantreis services: melding → advice → toets → beschikking, in the users' terms."""

from datetime import date

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client, ClientEvent
from bwmo.clients.services import ClientData
from bwmo.journeys import services
from bwmo.journeys.constants import MeldingStatus
from bwmo.journeys.letter import letter_context
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding, Toets
from bwmo.placements.models import Placement
from bwmo.regions.constants import DecisionMaker, ResponsibilityRuleSet
from bwmo.regions.models import RegionRuleSet
from bwmo.testing.factories import (
    ClientFactory,
    LocationFactory,
    MunicipalityFactory,
    ProviderFactory,
    RegionFactory,
    user_with_role,
)

from .conftest import TODAY, days_ago
from .journey import granted, melding_for, ready_for_decision


def counts() -> dict[str, int]:
    return {
        "clients": Client.objects.count(), "meldingen": Melding.objects.count(),
        "events": ClientEvent.objects.count(), "log": AccessLogEntry.objects.count(),
        "advice": AdviceRequest.objects.filter(answered_on__isnull=False).count(),
        "toetsen": Toets.objects.count(), "beschikkingen": Beschikking.objects.count(),
    }


# --------------------------------------------------------------------------------------------
# Melding


def test_consulent_registers_a_melding_for_a_known_client(client_rheden, consulent_rheden, rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=days_ago(3),
                          presenting_problems="Psychose, dreigende dakloosheid")

    assert melding.status == MeldingStatus.OPEN
    assert melding.municipality == rheden and melding.origin_municipality == rheden
    event = ClientEvent.objects.get(client=client_rheden, kind=EventKind.MELDING)
    assert "Melding beschermd wonen bij Rheden" in event.summary
    assert "Huisarts" in event.summary
    assert AccessLogEntry.objects.filter(client=client_rheden, action=AccessAction.CREATE,
                                         user=consulent_rheden).exists()


def test_a_new_client_and_melding_are_registered_together(consulent_rheden, rheden, renkum):
    melding = services.melding_register_with_client(
        client_data=ClientData(given_names="Noor", surname="Bakker", date_of_birth=date(2001, 4, 2),
                               registration_municipality=rheden, bsn="111222333",
                               origin_municipality=renkum),
        data=services.MeldingData(track="BW", source="clinic", reported_on=days_ago(1),
                                  municipality=rheden, origin_municipality=renkum),
        acting_user=consulent_rheden, today=TODAY,
    )
    client = melding.client
    assert client.full_name == "Noor Bakker"
    assert client.registration_municipality == rheden
    kinds = set(ClientEvent.objects.filter(client=client).values_list("kind", flat=True))
    assert kinds == {EventKind.REGISTERED, EventKind.MELDING}


def test_a_bad_client_and_a_bad_melding_are_reported_together_and_nothing_is_saved(
    consulent_rheden, rheden
):
    before = counts()
    with pytest.raises(services.FormErrors) as exc:
        services.melding_register_with_client(
            client_data=ClientData(given_names="Noor", surname="Bakker",
                                   date_of_birth=date(2001, 4, 2),
                                   registration_municipality=rheden, bsn="123456789"),
            data=services.MeldingData(track="MO", source="self", reported_on=date(2027, 1, 1),
                                      municipality=rheden),
            acting_user=consulent_rheden, today=TODAY,
        )
    fields = {field for field, _ in exc.value.errors}
    assert {"bsn", "reported_on", "homelessness_cause"} <= fields
    assert counts() == before


def test_a_melding_that_is_fine_but_a_client_that_is_not_saves_nothing(consulent_rheden, rheden):
    with pytest.raises(services.FormErrors):
        services.melding_register_with_client(
            client_data=ClientData(given_names="Noor", surname="", date_of_birth=date(2001, 4, 2),
                                   registration_municipality=rheden, bsn="111222333"),
            data=services.MeldingData(track="BW", source="self", reported_on=days_ago(1),
                                      municipality=rheden),
            acting_user=consulent_rheden, today=TODAY,
        )
    assert Client.objects.count() == 0 and Melding.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reported_on": date(2026, 12, 1)}, "reported_on", "in de toekomst"),
        ({"municipality": "renkum"}, "municipality", "eigen gemeente"),
        ({"municipality": "outside"}, "municipality", "hoort niet bij een BW/MO-regio"),
        ({"track": "MO", "homelessness_cause": ""}, "homelessness_cause", "oorzaak"),
        ({"planned_start": date(2026, 9, 1), "reported_on": date(2026, 10, 1)}, "planned_start",
         "vóór de melding"),
        ({"track": "MO", "homelessness_cause": "eviction", "reported_on": date(1960, 1, 1)},
         "reported_on", "ligt vóór de geboortedatum"),
    ],
)
def test_bad_melding_input_is_refused_in_dutch_and_nothing_is_saved(
    client_rheden, consulent_rheden, renkum, overrides, field, message
):
    if overrides.get("municipality") == "renkum":
        overrides["municipality"] = renkum
    elif overrides.get("municipality") == "outside":
        overrides["municipality"] = MunicipalityFactory(region=None, name="Utrecht")
    before = counts()
    values = {"track": "BW", "source": "self", "reported_on": days_ago(2),
              "municipality": consulent_rheden.organisation.municipality}
    values.update(overrides)
    with pytest.raises(services.FormErrors) as exc:
        services.melding_register(client=client_rheden, data=services.MeldingData(**values),
                                  acting_user=consulent_rheden, today=TODAY)
    assert any(f == field and message in m for f, m in exc.value.errors), exc.value.errors
    assert counts() == before


def test_a_young_person_is_reported_before_18_with_a_planned_start(consulent_rheden, rheden):
    youngster = ClientFactory(registration_municipality=rheden, date_of_birth=date(2009, 2, 10))
    with pytest.raises(services.FormErrors) as exc:
        melding_for(youngster, consulent_rheden, reported_on=days_ago(1))
    assert "nog geen 18" in exc.value.message and "10-02-2027" in exc.value.message
    with pytest.raises(services.FormErrors) as exc:
        melding_for(youngster, consulent_rheden, reported_on=days_ago(1),
                    planned_start=date(2027, 2, 9))
    assert "op of na de 18e verjaardag" in exc.value.message

    melding = melding_for(youngster, consulent_rheden, reported_on=days_ago(1),
                          planned_start=date(2027, 2, 10), source="youth_care")
    toets = ready_for_decision(melding, consulent_rheden, aanvraag_on=days_ago(1))
    adult = next(r for r in toets.rule_results if r["rule_id"] == "bw.adult")
    assert adult["status"] == "met"


def test_central_access_registers_mo_meldingen_and_bw_only_under_mandate(region, rheden):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client = ClientFactory(registration_municipality=rheden)
    mo = melding_for(client, ct, track="MO", municipality=rheden, source="mo")
    assert mo.track == "MO"
    with pytest.raises(services.FormErrors) as exc:
        melding_for(client, ct, track="BW", municipality=rheden)
    assert "lokale toegang" in exc.value.message

    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    ct.organisation.region.refresh_from_db()
    assert melding_for(client, ct, track="BW", municipality=rheden).track == "BW"


def test_central_access_cannot_register_in_another_region(region):
    other = RegionFactory(name="Andere regio")
    ct = user_with_role(Role.CT_ADVISEUR, other)
    client = ClientFactory(registration_municipality=region.centrumgemeente)
    with pytest.raises(services.FormErrors) as exc:
        melding_for(client, ct, track="MO", municipality=region.centrumgemeente)
    assert "hoort niet bij uw regio" in exc.value.message


# --------------------------------------------------------------------------------------------
# Dates


def test_recording_the_aanvraag_starts_the_decision_term(client_rheden, consulent_rheden):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=days_ago(20))
    services.melding_record_dates(melding=melding, aanvraag_on=days_ago(4),
                                  investigation_completed_on=days_ago(5),
                                  acting_user=consulent_rheden, today=TODAY)
    melding.refresh_from_db()
    assert melding.aanvraag_on == days_ago(4)
    event = ClientEvent.objects.get(client=client_rheden, kind=EventKind.AANVRAAG)
    assert "beschikking uiterlijk 04-12-2026" in event.summary


@pytest.mark.parametrize(
    ("aanvraag", "done", "message"),
    [
        (days_ago(25), None, "vóór de melding"),
        (date(2026, 12, 1), None, "in de toekomst"),
        (None, days_ago(30), "niet vóór de melding"),
    ],
)
def test_dates_out_of_order_are_refused(client_rheden, consulent_rheden, aanvraag, done, message):
    melding = melding_for(client_rheden, consulent_rheden, reported_on=days_ago(20))
    before = counts()
    with pytest.raises(services.FormErrors) as exc:
        services.melding_record_dates(melding=melding, aanvraag_on=aanvraag,
                                      investigation_completed_on=done,
                                      acting_user=consulent_rheden, today=TODAY)
    assert message in exc.value.message
    assert counts() == before
    melding.refresh_from_db()
    assert melding.aanvraag_on is None and melding.investigation_completed_on is None


def test_a_consulent_of_another_municipality_cannot_record_dates(
    client_rheden, consulent_rheden, consulent_renkum
):
    melding = melding_for(client_rheden, consulent_rheden)
    with pytest.raises(services.FormErrors):
        services.melding_record_dates(melding=melding, aanvraag_on=days_ago(1),
                                      investigation_completed_on=None,
                                      acting_user=consulent_renkum, today=TODAY)


# --------------------------------------------------------------------------------------------
# Advice


def test_advice_is_asked_and_given_and_both_are_in_the_case_history(
    region, client_rheden, consulent_rheden
):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    melding = melding_for(client_rheden, consulent_rheden)
    advice = services.advice_request(melding=melding, question="Past BW of is IAB genoeg?",
                                     acting_user=consulent_rheden, today=TODAY)
    services.advice_answer(advice=advice, recommendation="Beschermd wonen",
                           reasoning="Dagelijks toezicht nodig, ambulant lukte niet.",
                           acting_user=ct, today=TODAY)
    advice.refresh_from_db()
    assert advice.answered_by == ct and advice.answered_on == TODAY
    summaries = dict(ClientEvent.objects.filter(client=client_rheden).values_list("kind",
                                                                                  "summary"))
    assert "Past BW of is IAB genoeg?" in summaries[EventKind.ADVICE_REQUESTED]
    assert "Beschermd wonen" in summaries[EventKind.ADVICE_GIVEN]
    assert "niet bindend" in summaries[EventKind.ADVICE_GIVEN]


def test_advice_rules(region, client_rheden, consulent_rheden):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    ct_elsewhere = user_with_role(Role.CT_ADVISEUR, RegionFactory(name="Elders"))
    melding = melding_for(client_rheden, consulent_rheden)
    with pytest.raises(services.FormErrors) as exc:
        services.advice_request(melding=melding, question="?", acting_user=consulent_rheden,
                                today=TODAY)
    assert "minstens" in exc.value.message
    with pytest.raises(services.FormErrors):
        services.advice_request(melding=melding, question="Een goede vraag hier", acting_user=ct,
                                today=TODAY)
    advice = services.advice_request(melding=melding, question="Een goede vraag hier",
                                     acting_user=consulent_rheden, today=TODAY)
    with pytest.raises(services.FormErrors) as exc:
        services.advice_answer(advice=advice, recommendation="BW", reasoning="kort",
                               acting_user=ct, today=TODAY)
    assert "Onderbouw" in exc.value.message
    with pytest.raises(services.FormErrors) as exc:
        services.advice_answer(advice=advice, recommendation="BW",
                               reasoning="Lange genoeg onderbouwing.", acting_user=ct_elsewhere,
                               today=TODAY)
    assert "van deze regio" in exc.value.message
    services.advice_answer(advice=advice, recommendation="BW",
                           reasoning="Lange genoeg onderbouwing.", acting_user=ct, today=TODAY)
    with pytest.raises(services.FormErrors) as exc:
        services.advice_answer(advice=advice, recommendation="Iets anders",
                               reasoning="Nog een onderbouwing erbij.", acting_user=ct,
                               today=TODAY)
    assert "al beantwoord" in exc.value.message


# --------------------------------------------------------------------------------------------
# Toets


def test_the_toets_is_stored_with_facts_outcome_and_every_rule(client_rheden, consulent_rheden):
    melding = melding_for(client_rheden, consulent_rheden)
    toets = services.toets_record(
        melding=melding,
        answers=services.ToetsAnswers(dutch_or_lawful_residence=True, psychiatric_problems=True),
        notes="Nog geen info over crisis", acting_user=consulent_rheden, today=TODAY,
    )
    assert toets.outcome == "incomplete"
    assert toets.performed_by == consulent_rheden and toets.assessed_on == TODAY
    assert toets.facts["birth_date"] == "1990-05-17"
    assert toets.facts["psychiatric_problems"] is True
    assert toets.facts["acute_crisis"] is None
    statuses = {r["rule_id"]: r["status"] for r in toets.rule_results}
    assert statuses["bw.psychiatric_problems"] == "met"
    assert statuses["bw.no_acute_crisis"] == "unknown"
    assert len(toets.rule_results) == 8
    event = ClientEvent.objects.get(client=client_rheden, kind=EventKind.TOETS)
    assert "Onvolledig" in event.summary


def test_mo_toets_uses_the_mo_criteria(region, rheden):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    client = ClientFactory(registration_municipality=rheden)
    melding = melding_for(client, ct, track="MO", municipality=rheden, source="mo")
    toets = ready_for_decision(melding, ct)
    assert toets.outcome == "eligible"
    assert [r["rule_id"] for r in toets.rule_results] == [
        "mo.homeless", "mo.cannot_cope_alone", "mo.adult", "mo.lawful_residence"
    ]
    assert set(toets.facts) == {"track", "birth_date", "planned_start", "assessed_on",
                                "homeless", "cannot_cope_alone", "dutch_or_lawful_residence"}


# --------------------------------------------------------------------------------------------
# Beschikking


def test_a_granted_beschikking_records_who_is_responsible_and_why(
    client_rheden, consulent_rheden, products, provider, rheden
):
    melding = melding_for(client_rheden, consulent_rheden)
    toets = ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)

    assert beschikking.toets == toets
    assert beschikking.product == products["BW"] and beschikking.provider == provider
    assert beschikking.responsible_municipality == rheden
    assert beschikking.responsibility_rule == "new_client_origin"
    assert "Rheden (GM0275)" in beschikking.responsibility_explanation
    assert beschikking.responsibility_facts["origin"] == "GM0275"
    assert beschikking.decision_maker == DecisionMaker.LOCAL
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.DECIDED
    assert melding.responsible_municipality == rheden and melding.client_status == "new"
    assert melding.responsibility_rule == "new_client_origin"
    client_rheden.refresh_from_db()
    assert client_rheden.responsible_municipality == rheden
    kinds = list(ClientEvent.objects.filter(client=client_rheden).values_list("kind", flat=True))
    assert EventKind.BESCHIKKING in kinds and EventKind.RESPONSIBILITY in kinds
    assert EventKind.TOETS_OVERRIDE not in kinds


def test_an_existing_client_stays_with_the_centrumgemeente(
    client_rheden, consulent_rheden, products, provider, arnhem
):
    """Seed 000 §4.1: existing = an aanvraag or use in the year before *under the
    centrumgemeente* (here recorded on the earlier, decided melding)."""
    earlier = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 3, 1))
    earlier.aanvraag_on = date(2026, 3, 5)
    earlier.status = MeldingStatus.DECIDED
    earlier.responsible_municipality = arnhem
    earlier.save()
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsible_municipality == arnhem
    assert beschikking.client_status == "existing"
    assert beschikking.responsibility_rule == "existing_client"
    assert "aanvraag in Rheden (GM0275) op 05-03-2026" in beschikking.responsibility_explanation


def test_use_of_bw_through_a_placement_makes_a_client_existing(
    client_rheden, consulent_rheden, products, provider, arnhem
):
    Placement.objects.create(
        client=client_rheden, location=LocationFactory(provider=provider, municipality=arnhem),
        product=products["BW"], responsible_municipality=arnhem, start_date=date(2024, 1, 1),
        end_date=date(2026, 2, 1),
    )
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsibility_rule == "existing_client"
    assert beschikking.responsible_municipality == arnhem


def test_use_of_bw_through_a_pgb_granted_in_the_region_keeps_its_payer_responsible(
    region, consulent_rheden, rheden, products, provider, arnhem
):
    """A PGB granted here is use of BW in this region, just as a placement at a location here.
    When a municipality outside the region paid for it (landelijke toegankelijkheid), the
    client is that municipality's, not an existing client of the centrumgemeente (seed 000
    §4.1), and stays so at the next melding."""
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht", region=None)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=utrecht)
    earlier = melding_for(client, consulent_rheden, reported_on=date(2025, 6, 1))
    earlier.aanvraag_on = date(2025, 6, 5)  # before the look-back window of the new melding
    earlier.status = MeldingStatus.DECIDED
    earlier.save()
    Beschikking.objects.create(
        melding=earlier, client=client, outcome="granted", product=products["BW"],
        financing="pgb", start_date=date(2025, 7, 1), end_date=date(2026, 6, 30),
        decided_on=date(2025, 6, 20), responsible_municipality=utrecht,
    )
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsibility_rule == "continuing_responsibility"
    assert beschikking.responsible_municipality == utrecht
    assert "gebruik in Rheden (GM0275) van 01-07-2025 t/m 30-06-2026" in (
        beschikking.responsibility_explanation
    )


def test_own_new_client_of_rheden_stays_rheden_at_an_extension_and_does_not_flip_to_arnhem(
    client_rheden, consulent_rheden, products, provider, rheden, arnhem
):
    """Issue 7 item 1, seed 000 §4.1 / DOMAIN §7 "Continuity": a client who became Rheden's
    own new client keeps Rheden responsible at a later melding (verlenging); the earlier BW use
    does not make the client an existing client of the centrumgemeente Arnhem."""
    first = melding_for(client_rheden, consulent_rheden, reported_on=date(2026, 2, 1))
    ready_for_decision(first, consulent_rheden, aanvraag_on=date(2026, 2, 10))
    first_beschikking = services.beschikking_register(
        melding=first, acting_user=consulent_rheden, today=TODAY,
        data=granted(provider, decided_on=date(2026, 2, 20), start_date=date(2026, 3, 1),
                     end_date=date(2026, 11, 30)),
    )
    assert first_beschikking.responsible_municipality == rheden
    Placement.objects.create(
        client=client_rheden, location=LocationFactory(provider=provider, municipality=arnhem),
        product=products["BW"], beschikking=first_beschikking, responsible_municipality=rheden,
        start_date=date(2026, 3, 1),
    )
    extension = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(extension, consulent_rheden)
    beschikking = services.beschikking_register(melding=extension, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsible_municipality == rheden
    assert beschikking.responsibility_rule == "continuing_responsibility"
    assert beschikking.client_status == "new"
    client_rheden.refresh_from_db()
    assert client_rheden.responsible_municipality == rheden


def test_a_bw_beschikking_starting_before_the_18th_birthday_is_refused(
    consulent_rheden, rheden, products, provider
):
    """Issue 7 item 3, Transformatieplan Centraal Gelderland §3.1 "volwassen": the toets is
    met for a planned start on the 18th birthday, but the beschikking may not start earlier."""
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           date_of_birth=date(2008, 11, 22))
    melding = melding_for(client, consulent_rheden, planned_start=date(2026, 11, 22))
    assert ready_for_decision(melding, consulent_rheden).outcome == "eligible"
    with pytest.raises(services.FormErrors) as refused:
        services.beschikking_register(melding=melding, acting_user=consulent_rheden, today=TODAY,
                                      data=granted(provider, start_date=date(2026, 11, 19)))
    assert "18e verjaardag van de cliënt (22-11-2026)" in str(refused.value.errors)
    assert not Beschikking.objects.filter(melding=melding).exists()
    services.beschikking_register(melding=melding, acting_user=consulent_rheden, today=TODAY,
                                  data=granted(provider, start_date=date(2026, 11, 22)))


def test_a_new_client_goes_to_the_municipality_of_origin(
    consulent_rheden, rheden, renkum, products, provider
):
    client = ClientFactory(registration_municipality=rheden, origin_municipality=renkum)
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsible_municipality == renkum
    client.refresh_from_db()
    assert client.responsible_municipality == renkum


def test_each_region_rule_set_is_applied(region, consulent_rheden, rheden, products, provider):
    utrecht = MunicipalityFactory(code="GM0344", name="Utrecht", region=None)
    RegionRuleSet.objects.create(region=region, valid_from=date(2022, 1, 1),
                                 rule_set=ResponsibilityRuleSet.SEED_2022)
    RegionRuleSet.objects.create(region=region, valid_from=date(2026, 1, 1),
                                 rule_set=ResponsibilityRuleSet.WOONPLAATSBEGINSEL_36288)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=utrecht)
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsibility_rule == "woonplaatsbeginsel_36288"
    assert beschikking.responsible_municipality == utrecht
    assert "Kamerstuk 36 288" in beschikking.responsibility_explanation


def test_outside_region_client_goes_to_the_configured_payer(
    region, consulent_rheden, rheden, products, provider
):
    region.outside_region_payer = "municipality_of_report"
    region.save()
    client = ClientFactory(registration_municipality=rheden,
                           origin_municipality=MunicipalityFactory(code="GM0344", region=None))
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    assert beschikking.responsibility_rule == "new_client_outside_region"
    assert beschikking.responsible_municipality == rheden


def test_mo_stays_regional_with_the_centrumgemeente(region, rheden, arnhem, products, provider):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    client = ClientFactory(registration_municipality=rheden)
    melding = melding_for(client, ct, track="MO", municipality=rheden, source="mo")
    ready_for_decision(melding, ct)
    beschikking = services.beschikking_register(
        melding=melding, data=granted(provider, product_code="MODV"), acting_user=ct, today=TODAY
    )
    assert beschikking.responsibility_rule == "mo_regional"
    assert beschikking.responsible_municipality == arnhem
    assert beschikking.decision_maker == DecisionMaker.REGIONAL


def test_under_regional_mandate_the_central_access_decides_not_the_consulent(
    region, client_rheden, consulent_rheden, products, provider
):
    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    ct = user_with_role(Role.CT_ADVISEUR, region)
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    with pytest.raises(services.FormErrors) as exc:
        services.beschikking_register(melding=melding, data=granted(provider),
                                      acting_user=consulent_rheden, today=TODAY)
    assert "centrale toegang" in exc.value.message
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=ct, today=TODAY)
    assert beschikking.decided_by == ct


def _bad(default_provider, overrides):  # type: ignore[no-untyped-def]
    overrides = dict(overrides)
    if overrides.get("provider") == "uncontracted":
        overrides["provider"] = ProviderFactory(name="Niet gecontracteerd")
    if overrides.get("provider") == "poor":
        poor = ProviderFactory(name="Matige zorg", quality_sufficient=False)
        overrides["provider"] = poor
    return granted(default_provider, **overrides)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"decided_on": days_ago(11)}, "decided_on", "vóór de datum van de aanvraag"),
        ({"end_date": days_ago(6)}, "end_date", "vóór de startdatum"),
        ({"start_date": days_ago(12)}, "start_date", "vóór de datum van de aanvraag"),
        ({"product_code": "BWI"}, "product", "wordt in deze regio niet aangeboden"),
        ({"product_code": "MODV"}, "product", "deze melding gaat over beschermd wonen"),
        ({"financing": "pgb"}, "financing", "Een pgb is niet mogelijk"),
        ({"financing": "pgb", "provider": "poor", "pgb_contracted_supply_unsuitable": True,
          "pgb_budget_holder_available": True}, "financing", "kwaliteit van de gekozen aanbieder"),
        ({"provider": "uncontracted"}, "provider", "niet gecontracteerd"),
        ({"provider": None}, "provider", "Kies de zorgaanbieder"),
        ({"product_code": "GWIB", "end_date": date(2028, 11, 19)}, "end_date",
         "ten hoogste 2 jaar"),
        ({"end_date": None}, "duration_motivation", "tijdelijk"),
        ({"end_date": date(2029, 1, 1)}, "duration_motivation", "langere periode"),
        ({"decided_on": date(2026, 11, 25)}, "decided_on", "in de toekomst"),
        ({"outcome": "refused", "product_code": "", "financing": "", "provider": None,
          "start_date": None, "end_date": None}, "reason", "afgewezen"),
        ({"outcome": "refused", "product_code": "", "financing": "", "provider": None,
          "start_date": None, "end_date": None, "reason": "Voldoet niet aan criterium 4, "
          "zie toets."}, "override_motivation", "afwijkt"),
    ],
)
def test_a_beschikking_that_breaks_a_rule_is_refused_and_nothing_changes(
    client_rheden, consulent_rheden, products, provider, overrides, field, message
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    before = counts()
    with pytest.raises(services.FormErrors) as exc:
        services.beschikking_register(melding=melding, data=_bad(provider, overrides),
                                      acting_user=consulent_rheden, today=TODAY)
    assert any(f == field and message in m for f, m in exc.value.errors), exc.value.errors
    assert counts() == before
    melding.refresh_from_db()
    client_rheden.refresh_from_db()
    assert melding.status == MeldingStatus.OPEN and not melding.responsibility_rule
    assert client_rheden.responsible_municipality is None


def test_no_beschikking_without_aanvraag_and_toets(client_rheden, consulent_rheden, products,
                                                   provider):
    melding = melding_for(client_rheden, consulent_rheden)
    with pytest.raises(services.FormErrors) as exc:
        services.beschikking_register(melding=melding, data=granted(provider),
                                      acting_user=consulent_rheden, today=TODAY)
    assert "toegangstoets" in exc.value.message
    assert "datum van de aanvraag" in exc.value.message
    assert Beschikking.objects.count() == 0


def test_a_long_bw_period_with_a_motivation_is_allowed(
    client_rheden, consulent_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(
        melding=melding,
        data=granted(provider, end_date=None,
                     duration_motivation="Langdurige psychiatrische problematiek, herbeoordeling "
                                         "na 2 jaar."),
        acting_user=consulent_rheden, today=TODAY,
    )
    assert beschikking.end_date is None and "herbeoordeling" in beschikking.duration_motivation


def test_pgb_with_all_three_conditions_is_granted(client_rheden, consulent_rheden, products,
                                                  provider):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(
        melding=melding,
        data=granted(provider, financing="pgb", pgb_contracted_supply_unsuitable=True,
                     pgb_budget_holder_available=True),
        acting_user=consulent_rheden, today=TODAY,
    )
    assert beschikking.financing == "pgb"
    assert beschikking.pgb_provider_quality_sufficient is True


def test_wlz_referral_and_other_support_are_outcomes(region, rheden, consulent_rheden, products):
    wlz_client = ClientFactory(registration_municipality=rheden)
    melding = melding_for(wlz_client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden,
                       answers={"dutch_or_lawful_residence": True, "lifelong_need": True})
    wlz = services.beschikking_register(
        melding=melding,
        data=services.BeschikkingInput(outcome="wlz_referral", decided_on=TODAY),
        acting_user=consulent_rheden, today=TODAY,
    )
    assert wlz.get_outcome_display() == "Verwezen naar Wlz (CIZ)" and wlz.product is None

    other_client = ClientFactory(registration_municipality=rheden)
    melding = melding_for(other_client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden, answers={
        "dutch_or_lawful_residence": True, "psychiatric_problems": True,
        "ambulant_support_sufficient": True, "acute_crisis": False, "lifelong_need": False,
        "primarily_treatment": False,
    })
    other = services.beschikking_register(
        melding=melding,
        data=services.BeschikkingInput(outcome="other_support", decided_on=TODAY,
                                       reason="Ambulante begeleiding vanuit het wijkteam volstaat."),
        acting_user=consulent_rheden, today=TODAY,
    )
    assert other.motivation.startswith("Ambulante begeleiding")
    other_client.refresh_from_db()
    assert other_client.responsible_municipality == rheden  # none yet: set from this decision


def test_deciding_against_the_toets_needs_and_records_a_motivation(
    client_rheden, consulent_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden, answers={"dutch_or_lawful_residence": True})
    with pytest.raises(services.FormErrors) as exc:
        services.beschikking_register(melding=melding, data=granted(provider),
                                      acting_user=consulent_rheden, today=TODAY)
    assert "onvolledig" in exc.value.message
    services.beschikking_register(
        melding=melding,
        data=granted(provider, override_motivation="Crisis eerder vastgesteld door de GGZ-arts."),
        acting_user=consulent_rheden, today=TODAY,
    )
    event = ClientEvent.objects.get(client=client_rheden, kind=EventKind.TOETS_OVERRIDE)
    assert "GGZ-arts" in event.summary


def test_a_decided_melding_takes_no_second_beschikking(
    client_rheden, consulent_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    services.beschikking_register(melding=melding, data=granted(provider),
                                  acting_user=consulent_rheden, today=TODAY)
    with pytest.raises(services.FormErrors) as exc:
        services.beschikking_register(melding=melding, data=granted(provider),
                                      acting_user=consulent_rheden, today=TODAY)
    assert "besloten" in exc.value.message
    assert Beschikking.objects.count() == 1


# --------------------------------------------------------------------------------------------
# Letter


def test_printing_the_letter_gives_a_pdf_and_is_logged(
    client_rheden, consulent_rheden, products, provider
):
    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    pdf = services.beschikking_print(beschikking=beschikking, acting_user=consulent_rheden,
                                     today=TODAY)
    assert pdf.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(client=client_rheden, action=AccessAction.PRINT,
                                         user=consulent_rheden).count() == 1
    printed = ClientEvent.objects.get(client=client_rheden, kind=EventKind.PRINTED)
    assert "afgedrukt" in printed.summary


def test_the_letter_states_decision_period_reasons_and_objection_clause(
    client_rheden, consulent_rheden, products, provider
):
    from django.template.loader import render_to_string

    melding = melding_for(client_rheden, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)
    html = render_to_string("journeys/letter/beschikking_pdf.html", letter_context(beschikking))
    assert '<html lang="nl">' in html and "size: A4" in html
    assert "Gemeente Rheden" in html
    assert "Toegekend" in html and "Beschermd wonen" in html
    assert "19-11-2026" in html and "30-11-2027" in html
    assert "U kunt binnen zes weken bezwaar maken" in html
    assert "Algemene wet bestuursrecht" in html
    assert "Voldoet aan alle criteria" in html
    assert client_rheden.full_name in html
