"""Outflow and housing services: registration, offers, matching run, uitstroomtafel, association,
outflow and aftercare (issue 10)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.housing import selectors, services
from bwmo.housing.constants import OfferStatus, ProposalStatus, UitstromerStatus
from bwmo.housing.models import (
    Aftercare,
    Contingent,
    DwellingOffer,
    MatchingRun,
    Proposal,
    TransferPointSettings,
    Uitstromer,
)
from bwmo.journeys.services import FormErrors
from bwmo.placements.models import Placement

from .helpers import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region):
    return build_world(region)


def run(world):
    return services.matching_run(region=world.region, acting_user=world.transfer_point, today=TODAY)


def messages(exc: pytest.ExceptionInfo) -> str:
    return " ".join(m for _, m in exc.value.errors)


# --- uitstromers -------------------------------------------------------------------------------


def test_registering_defaults_to_the_municipality_of_origin_and_is_logged(world):
    placement = world.placement(origin=world.renkum)
    u = world.uitstromer(placement=placement, registered_woningzoekende_on=date(2026, 3, 20))
    assert list(u.preferred_municipalities.all()) == [world.renkum]
    placement.refresh_from_db()
    assert placement.registered_woningzoekende_on == date(2026, 3, 20)
    assert AccessLogEntry.objects.filter(client=placement.client, action="create",
                                         detail="Uitstromer aangemeld").exists()


def test_income_class_gives_the_rent_limit(world):
    u = world.uitstromer(max_rent=None, income_class="aftopping_low")
    assert u.rent_limit == Decimal("682.96")


@pytest.mark.parametrize(("changes", "message"), [
    ({"max_rent": None}, "Vul de maximale huur in of kies een inkomensklasse."),
    ({"household_size": 0}, "De huishoudgrootte ligt tussen 1 en 12."),
    ({"needs": ("sauna",)}, "Onbekende woonwens: sauna."),
    ({"support_after": "  "}, "Beschrijf de ondersteuning na uitstroom."),
    ({"registered_woningzoekende_on": TODAY + timedelta(days=1)}, "De inschrijfdatum ligt in de toekomst."),
])
def test_bad_uitstromer_input_is_refused_and_nothing_saved(world, changes, message):
    placement = world.placement()
    with pytest.raises(FormErrors) as exc:
        world.uitstromer(placement=placement, **changes)
    assert message in messages(exc)
    assert not Uitstromer.objects.exists()
    placement.refresh_from_db()
    assert placement.registered_woningzoekende_on is None


def test_only_the_own_provider_registers(world, region):
    from bwmo.accounts.constants import Role
    from bwmo.testing.factories import user_with_role

    other = user_with_role(Role.ZORGAANBIEDER, region)
    with pytest.raises(FormErrors):
        services.uitstromer_register(
            placement=world.placement(), acting_user=other, today=TODAY,
            data=services.UitstromerData(ready_on=TODAY, household_size=1, support_after="x",
                                         max_rent=Decimal("500")))
    assert not Uitstromer.objects.exists()


# --- offers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "message"), [
    ({"rent": Decimal("-1.00")}, "De huur is een bedrag tussen"),
    ({"rent": Decimal("600.001")}, "in hele centen"),
    ({"max_household": 0}, "De maximale huishoudgrootte ligt tussen 1 en 12."),
    ({"address": " "}, "Vul het adres van de woning in."),
    ({"features": ("zwembad",)}, "Onbekend kenmerk: zwembad."),
])
def test_malformed_offers_are_rejected_with_a_message(world, changes, message):
    with pytest.raises(FormErrors) as exc:
        world.offer(**changes)
    assert message in messages(exc)
    assert not DwellingOffer.objects.exists()


def test_an_offer_outside_the_werkgebied_is_refused(world, arnhem):
    from bwmo.housing.models import Neighbourhood

    elsewhere = Neighbourhood.objects.create(code="BU02020101", name="Arnhem-Centrum",
                                             municipality=arnhem, dwellings=900)
    with pytest.raises(FormErrors) as exc:
        world.offer(elsewhere)
    assert "niet in het werkgebied van Vivare" in messages(exc)


def test_a_neighbourhood_code_of_another_municipality_is_refused():
    from bwmo.housing.rules import neighbourhood_code_error

    assert neighbourhood_code_error("BU02750101", "GM0275") is None
    assert "ligt niet in gemeente" in neighbourhood_code_error("BU02740101", "GM0275")
    assert "geen CBS-buurtcode" in neighbourhood_code_error("0275-01", "GM0275")


# --- matching ----------------------------------------------------------------------------------


def test_a_run_stores_explained_proposals_and_re_running_never_double_assigns(world):
    a, b = world.uitstromer(), world.uitstromer()
    world.offer(), world.offer(world.dieren)
    first = run(world)
    assert first.housed == 2 and first.optimal
    proposals = list(Proposal.objects.all())
    assert {p.uitstromer_id for p in proposals} == {a.pk, b.pk}
    assert all(p.explanation for p in proposals)
    assert set(Uitstromer.objects.values_list("status", flat=True)) == {UitstromerStatus.PROPOSED}
    assert set(DwellingOffer.objects.values_list("status", flat=True)) == {OfferStatus.PROPOSED}

    world.uitstromer()
    second = run(world)
    assert second.housed == 0 and second.n_dwellings == 0 and second.n_uitstromers == 1
    assert Proposal.objects.count() == 2


def test_the_database_refuses_a_second_holding_proposal_for_a_dwelling(world):
    from django.db import IntegrityError, transaction

    world.uitstromer()
    offer = world.offer()
    run(world)
    other = world.uitstromer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(run=MatchingRun.objects.get(), uitstromer=other, dwelling=offer,
                                explanation="x", step_since=TODAY)


def test_draagkracht_caps_each_neighbourhood_and_counts_this_years_use(world):
    TransferPointSettings.objects.create(region=world.region, draagkracht_max_per_year=1)
    world.uitstromer(), world.uitstromer()
    world.offer(), world.offer()  # both in Velp-Noord
    result = run(world)
    assert result.housed == 1
    assert result.unmatched and result.unmatched[0]["reason"]
    world.offer()
    assert run(world).housed == 0  # Velp-Noord's one place this year is taken


def test_draagkracht_per_1000_dwellings(world):
    TransferPointSettings.objects.create(region=world.region,
                                         draagkracht_per_1000_dwellings=Decimal("0.5"))
    assert services.build_problem(world.region, TODAY).problem.neighbourhood_caps == {}
    world.offer()
    caps = services.build_problem(world.region, TODAY).problem.neighbourhood_caps
    assert caps == {"BU02750101": 1}  # 0.5 per 1,000 of 2,000 dwellings


def test_contingent_minus_use_limits_the_run(world):
    Contingent.objects.create(association=world.association, municipality=world.rheden,
                              year=TODAY.year, agreed=1)
    world.uitstromer(), world.uitstromer()
    world.offer(), world.offer(world.dieren)
    assert run(world).housed == 1
    row = selectors.contingent_rows(world.transfer_point)[0]
    assert (row.used, row.remaining) == (1, 0)


def test_only_preferred_and_needs_are_respected_and_unmatched_say_why(world):
    world.uitstromer(needs=("ground_floor",))
    world.uitstromer(placement=world.placement(origin=world.renkum), only_preferred=True)
    world.offer()  # Rheden, no features
    result = run(world)
    assert result.housed == 0
    assert len(result.unmatched) == 2 and all(row["reason"] for row in result.unmatched)


def test_prefers_the_own_municipality(world):
    u = world.uitstromer(placement=world.placement(origin=world.renkum))
    world.offer(world.velp)
    renkum_offer = world.offer(world.oosterbeek)
    run(world)
    assert Proposal.objects.get(uitstromer=u).dwelling == renkum_offer


def test_only_the_regions_transfer_point_runs_the_matching(world):
    with pytest.raises(FormErrors):
        services.matching_run(region=world.region, acting_user=world.provider_user, today=TODAY)
    assert not MatchingRun.objects.exists()


# --- uitstroomtafel, association, withdrawal ---------------------------------------------------


def confirmed(world):
    world.uitstromer()
    world.offer()
    run(world)
    proposal = Proposal.objects.get()
    return services.proposal_committee_decide(proposal=proposal, confirm=True, acting_user=world.transfer_point,
                                              reason="Woning en begeleiding gecontroleerd.", today=TODAY)


def test_the_committee_needs_a_reason_and_the_association_sees_only_confirmed(world):
    world.uitstromer()
    world.offer()
    run(world)
    proposal = Proposal.objects.get()
    assert not selectors.proposals_for(world.association_user).exists()
    assert not selectors.uitstromers_for(world.association_user).exists()
    with pytest.raises(FormErrors) as exc:
        services.proposal_committee_decide(proposal=proposal, confirm=True, reason=" ",
                                           acting_user=world.transfer_point, today=TODAY)
    assert "Geef een reden." in messages(exc)
    services.proposal_committee_decide(proposal=proposal, confirm=True, reason="In orde.",
                                       acting_user=world.transfer_point, today=TODAY)
    assert list(selectors.proposals_for(world.association_user)) == [proposal]


def test_rejection_frees_person_and_dwelling_for_the_next_run(world):
    world.uitstromer()
    world.offer()
    run(world)
    proposal = Proposal.objects.get()
    services.proposal_committee_decide(proposal=proposal, confirm=False, reason="Begeleiding niet rond.",
                                       acting_user=world.transfer_point, today=TODAY)
    assert Uitstromer.objects.get().status == UitstromerStatus.WAITING
    assert DwellingOffer.objects.get().status == OfferStatus.AVAILABLE
    assert run(world).housed == 1


def test_association_declines_with_a_reason_or_accepts(world):
    proposal = confirmed(world)
    with pytest.raises(FormErrors) as exc:
        services.proposal_association_decide(proposal=proposal, accept=False, reason="",
                                             acting_user=world.association_user, today=TODAY)
    assert "Geef een reden." in messages(exc)
    with pytest.raises(FormErrors):  # the committee cannot act for the association
        services.proposal_association_decide(proposal=proposal, accept=True, reason="",
                                             acting_user=world.transfer_point, today=TODAY)
    services.proposal_association_decide(proposal=proposal, accept=True, reason="",
                                         acting_user=world.association_user, today=TODAY)
    assert Proposal.objects.get().status == ProposalStatus.ACCEPTED


def test_withdrawing_an_offer_voids_its_open_proposal_with_the_reason(world):
    proposal = confirmed(world)
    services.offer_withdraw(offer=proposal.dwelling, reason="Waterschade", acting_user=world.association_user,
                            today=TODAY)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOIDED
    assert "Waterschade" in proposal.voided_reason
    assert Uitstromer.objects.get().status == UitstromerStatus.WAITING
    assert run(world).housed == 0  # the withdrawn dwelling is not offered again


def test_a_stalled_step_is_signalled_after_n_days(world):
    TransferPointSettings.objects.create(region=world.region, stall_days=5)
    proposal = confirmed(world)
    qs = selectors.proposals_for(world.transfer_point)
    assert not selectors.stalled(qs, region=world.region, today=TODAY + timedelta(days=5))
    [row] = selectors.stalled(qs, region=world.region, today=TODAY + timedelta(days=6))
    assert row.proposal == proposal and row.days == 6 and row.waiting_for == "de woningcorporatie"


# --- outflow and aftercare ---------------------------------------------------------------------


def accepted(world, **offer_kwargs):
    world.uitstromer()
    world.offer(**offer_kwargs)
    run(world)
    proposal = Proposal.objects.get()
    services.proposal_committee_decide(proposal=proposal, confirm=True, reason="In orde.",
                                       acting_user=world.transfer_point, today=TODAY)
    return services.proposal_association_decide(proposal=proposal, accept=True, reason="",
                                                acting_user=world.association_user, today=TODAY)


def test_outflow_ends_the_placement_and_starts_aftercare(world):
    proposal = accepted(world)
    aftercare = services.outflow_register(proposal=proposal, moved_on=TODAY, acting_user=world.provider_user,
                                          today=TODAY)
    placement = Placement.objects.get()
    assert placement.end_date == TODAY - timedelta(days=1)
    assert placement.outflow_destination == "independent_housing"
    assert Proposal.objects.get().status == ProposalStatus.HOUSED
    assert DwellingOffer.objects.get().status == OfferStatus.LET
    assert Uitstromer.objects.get().status == UitstromerStatus.HOUSED
    assert aftercare.contacts_total == 10
    row = selectors.aftercare_row(aftercare, TODAY + timedelta(days=89))
    assert row.due == [] and row.next_check == (3, date(2027, 3, 1))
    row = selectors.aftercare_row(aftercare, date(2027, 3, 1))
    assert row.due == [(3, date(2027, 3, 1))]


def test_outflow_before_acceptance_or_before_the_dwelling_is_available_is_refused(world):
    proposal = accepted(world, available_on=TODAY + timedelta(days=1))
    with pytest.raises(FormErrors) as exc:
        services.outflow_register(proposal=proposal, moved_on=TODAY, acting_user=world.provider_user,
                                  today=TODAY)
    assert "pas beschikbaar" in messages(exc)
    assert Placement.objects.get().end_date is None
    assert not Aftercare.objects.exists()


def test_an_omklapwoning_needs_its_planned_flip_and_records_the_actual_one(world):
    proposal = accepted(world, is_omklapwoning=True)
    with pytest.raises(FormErrors) as exc:
        services.outflow_register(proposal=proposal, moved_on=TODAY, acting_user=world.provider_user,
                                  today=TODAY)
    assert "omklapwoning" in messages(exc)
    aftercare = services.outflow_register(proposal=proposal, moved_on=TODAY, acting_user=world.provider_user,
                                          today=TODAY, flip_planned_on=date(2027, 6, 1))
    later = date(2027, 5, 20)
    services.flip_record(aftercare=aftercare, planned_on=date(2027, 6, 1), actual_on=later,
                         acting_user=world.provider_user, today=later)
    aftercare.refresh_from_db()
    assert (aftercare.flip_planned_on, aftercare.flip_actual_on) == (date(2027, 6, 1), later)


def test_the_strippenkaart_runs_out(world):
    TransferPointSettings.objects.create(region=world.region, strippenkaart_contacts=1)
    aftercare = services.outflow_register(proposal=accepted(world), moved_on=TODAY,
                                          acting_user=world.provider_user, today=TODAY)
    services.aftercare_contact_add(aftercare=aftercare, on=TODAY, note="Huurachterstand besproken",
                                   acting_user=world.provider_user, today=TODAY)
    with pytest.raises(FormErrors) as exc:
        services.aftercare_contact_add(aftercare=aftercare, on=TODAY, note="Nog een",
                                       acting_user=world.provider_user, today=TODAY)
    assert "De strippenkaart is op" in messages(exc)
    assert selectors.aftercare_row(aftercare, TODAY).remaining == 0


def test_a_check_is_recorded_once(world):
    aftercare = services.outflow_register(proposal=accepted(world), moved_on=TODAY,
                                          acting_user=world.provider_user, today=TODAY)
    day = date(2027, 3, 2)
    services.aftercare_check_record(aftercare=aftercare, moment=3, done_on=day, outcome="going_well",
                                    note="", acting_user=world.transfer_point, today=day)
    assert selectors.aftercare_row(aftercare, day).due == []
    with pytest.raises(FormErrors) as exc:
        services.aftercare_check_record(aftercare=aftercare, moment=3, done_on=day, outcome="going_well",
                                        note="", acting_user=world.transfer_point, today=day)
    assert "al vastgelegd" in messages(exc)


def test_terugval_within_12_months_is_seen_by_the_monitor(world):
    aftercare = services.outflow_register(proposal=accepted(world), moved_on=TODAY,
                                          acting_user=world.provider_user, today=TODAY)
    figures = selectors.terugval_figures(region=world.region, start=date(2026, 1, 1),
                                         end=date(2026, 12, 31), today=date(2027, 6, 1))
    assert (figures.moved_out, figures.followed, figures.returned) == (1, 0, 0)
    client = aftercare.placement.client
    Placement.objects.create(client=client, location=world.location, product=world.product,
                             responsible_municipality=world.rheden, start_date=date(2027, 5, 1))
    assert selectors.returned_on(aftercare) == date(2027, 5, 1)
    figures = selectors.terugval_figures(region=world.region, start=date(2026, 1, 1),
                                         end=date(2026, 12, 31), today=date(2027, 6, 1))
    assert (figures.moved_out, figures.followed, figures.returned) == (1, 1, 1)


def test_a_return_after_12_months_is_no_terugval(world):
    aftercare = services.outflow_register(proposal=accepted(world), moved_on=TODAY,
                                          acting_user=world.provider_user, today=TODAY)
    Placement.objects.create(client=aftercare.placement.client, location=world.location,
                             product=world.product, responsible_municipality=world.rheden,
                             start_date=date(2027, 12, 2))
    assert selectors.returned_on(aftercare) is None


def test_explanations_name_the_dwelling_buurt_municipality_and_needs(world):
    u = world.uitstromer(needs=("ground_floor",))
    world.offer(address="Hoofdstraat 12", features=("ground_floor",))
    run(world)
    text = Proposal.objects.get(uitstromer=u).explanation
    assert "Hoofdstraat 12" in text and "Vivare" in text and "Rheden" in text
    assert "Velp-Noord (BU02750101)" in text and "begane grond of lift" in text
    assert "GM0275" not in text and "ground_floor" not in text


def test_an_unmatched_reason_names_the_needs(world):
    world.uitstromer(needs=("prikkelarm",))
    world.offer()
    [row] = run(world).unmatched
    assert "prikkelarme omgeving" in row["reason"]


def test_withdrawing_an_uitstromer_voids_the_open_proposal_and_frees_the_dwelling(world):
    proposal = confirmed(world)
    with pytest.raises(FormErrors) as exc:
        services.uitstromer_withdraw(uitstromer=proposal.uitstromer, reason="", acting_user=world.provider_user,
                                     today=TODAY)
    assert "Geef de reden van de intrekking." in messages(exc)
    assert Proposal.objects.get().status == ProposalStatus.CONFIRMED
    services.uitstromer_withdraw(uitstromer=proposal.uitstromer, reason="Gaat bij familie wonen",
                                 acting_user=world.provider_user, today=TODAY)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOIDED and "familie" in proposal.voided_reason
    assert DwellingOffer.objects.get().status == OfferStatus.AVAILABLE
    assert Uitstromer.objects.get().status == UitstromerStatus.WITHDRAWN
    assert run(world).n_uitstromers == 0
