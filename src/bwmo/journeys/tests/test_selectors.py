"""The worklist, the decisions list and the advice queue: what each user sees, with deadlines."""

from datetime import timedelta

from bwmo.accounts.constants import Role
from bwmo.journeys import selectors, services
from bwmo.journeys.deadlines import DeadlineState
from bwmo.journeys.selectors import Urgency
from bwmo.testing.factories import ClientFactory, RegionFactory, consulent_for, user_with_role

from .conftest import TODAY, days_ago
from .journey import granted, melding_for, ready_for_decision


def _client(municipality, surname):  # type: ignore[no-untyped-def]
    return ClientFactory(registration_municipality=municipality, surname=surname)


def test_worklist_marks_each_melding_on_time_due_soon_or_overdue(consulent_rheden, rheden):
    overdue = melding_for(_client(rheden, "Achterstal"), consulent_rheden, reported_on=days_ago(43))
    soon = melding_for(_client(rheden, "Binnenkort"), consulent_rheden, reported_on=days_ago(36))
    fine = melding_for(_client(rheden, "Optijd"), consulent_rheden, reported_on=days_ago(35))
    decision_today = melding_for(_client(rheden, "Vandaag"), consulent_rheden,
                                 reported_on=days_ago(20))
    services.melding_record_dates(melding=decision_today, aanvraag_on=days_ago(14),
                                  investigation_completed_on=days_ago(15),
                                  acting_user=consulent_rheden, today=TODAY)

    rows = {r.melding.pk: r for r in selectors.worklist(consulent_rheden, today=TODAY)}

    assert rows[overdue.pk].urgency is Urgency.OVERDUE
    assert rows[overdue.pk].deadlines.investigation.label.startswith(
        "Onderzoek: termijn verstreken op 23-11-2026 (1 dag te laat)")
    assert rows[soon.pk].urgency is Urgency.DUE_SOON
    assert rows[fine.pk].urgency is Urgency.ON_TIME
    today_row = rows[decision_today.pk]
    assert today_row.deadlines.investigation.state is DeadlineState.MET
    assert today_row.deadlines.decision.state is DeadlineState.DUE_SOON
    assert "vandaag is de laatste dag" in today_row.deadlines.decision.label


def test_worklist_sorts_most_urgent_first_and_filters(consulent_rheden, rheden):
    a = melding_for(_client(rheden, "Zwart"), consulent_rheden, reported_on=days_ago(50))
    b = melding_for(_client(rheden, "Appel"), consulent_rheden, reported_on=days_ago(2))
    c = melding_for(_client(rheden, "Meijer"), consulent_rheden, reported_on=days_ago(40))
    mo = melding_for(_client(rheden, "Opvang"), consulent_rheden, reported_on=days_ago(3),
                     track="MO")

    urgent = [r.melding.pk for r in selectors.worklist(consulent_rheden, today=TODAY)]
    assert urgent == [a.pk, c.pk, mo.pk, b.pk]  # overdue, due soon, then by due date
    by_name = [r.melding.client.surname for r in
               selectors.worklist(consulent_rheden, today=TODAY, sort="naam")]
    assert by_name == ["Appel", "Meijer", "Opvang", "Zwart"]
    by_date = [r.melding.pk for r in
               selectors.worklist(consulent_rheden, today=TODAY, sort="melding")]
    assert by_date == [a.pk, c.pk, mo.pk, b.pk]
    assert [r.melding.pk for r in selectors.worklist(consulent_rheden, today=TODAY,
                                                     urgency="overdue")] == [a.pk]
    assert [r.melding.pk for r in selectors.worklist(consulent_rheden, today=TODAY,
                                                     track="MO")] == [mo.pk]


def test_worklist_is_per_municipality(consulent_rheden, consulent_renkum, region, rheden, renkum):
    own = melding_for(_client(rheden, "Rhedens"), consulent_rheden)
    other = melding_for(_client(renkum, "Renkums"), consulent_renkum)

    assert [r.melding for r in selectors.worklist(consulent_rheden, today=TODAY)] == [own]
    assert [r.melding for r in selectors.worklist(consulent_renkum, today=TODAY)] == [other]

    region.decision_maker = "regional"
    region.save()
    ct = user_with_role(Role.CT_ADVISEUR, region)
    assert {r.melding for r in selectors.worklist(ct, today=TODAY)} == {own, other}
    assert [r.melding for r in selectors.worklist(ct, today=TODAY, municipality=renkum)] == [other]
    ct_elsewhere = user_with_role(Role.CT_ADVISEUR, RegionFactory(name="Elders"))
    assert selectors.worklist(ct_elsewhere, today=TODAY) == []


def test_decided_meldingen_leave_the_worklist_and_appear_on_the_decisions_list(
    consulent_rheden, consulent_renkum, region, rheden, renkum, products, provider
):
    consulent_arnhem = consulent_for(region.centrumgemeente)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=renkum)
    melding = melding_for(client, consulent_rheden)
    ready_for_decision(melding, consulent_rheden)
    beschikking = services.beschikking_register(melding=melding, data=granted(provider),
                                                acting_user=consulent_rheden, today=TODAY)

    assert selectors.worklist(consulent_rheden, today=TODAY) == []
    assert list(selectors.decisions_for(consulent_renkum)) == [beschikking]  # responsible
    assert list(selectors.decisions_for(consulent_renkum, involvement="gemeld")) == []
    assert list(selectors.decisions_for(consulent_rheden)) == [beschikking]  # reported here
    assert list(selectors.decisions_for(consulent_rheden, involvement="verantwoordelijk")) == []
    assert list(selectors.decisions_for(consulent_renkum, outcome="refused")) == []
    assert list(selectors.decisions_for(consulent_arnhem)) == []


def test_the_advice_queue_shows_only_the_advisers_own_region(region, consulent_rheden, rheden):
    ct = user_with_role(Role.CT_ADVISEUR, region)
    elsewhere = RegionFactory(name="Elders")
    ct_elsewhere = user_with_role(Role.CT_ADVISEUR, elsewhere)
    melding = melding_for(_client(rheden, "Vraag"), consulent_rheden)
    advice = services.advice_request(melding=melding, question="Is BW passend hier?",
                                     acting_user=consulent_rheden, today=TODAY)

    assert list(selectors.advice_queue(ct)) == [advice]
    assert list(selectors.advice_queue(ct_elsewhere)) == []
    assert list(selectors.advice_queue(consulent_rheden)) == []
    assert list(selectors.advice_queue(ct, answered=True)) == []
    services.advice_answer(advice=advice, recommendation="BW", reasoning="Toezicht dag en nacht.",
                           acting_user=ct, today=TODAY)
    assert list(selectors.advice_queue(ct)) == []
    assert list(selectors.advice_queue(ct, answered=True)) == [advice]


def test_deadline_problem_is_reported_not_raised(consulent_rheden, rheden):
    melding = melding_for(_client(rheden, "Toekomst"), consulent_rheden)
    status, problem = selectors.melding_deadlines(melding, melding.reported_on - timedelta(days=1))
    assert status is None and "in de toekomst" in problem
