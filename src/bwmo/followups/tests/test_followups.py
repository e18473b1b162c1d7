"""The steps after the beschikking: bezwaar with its Awb terms, the herindicatie signal and the
voortgangsgesprek, through the real services and screens."""

from datetime import date

from django.urls import reverse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import ClientEvent
from bwmo.followups import rules, selectors, services, workflow
from bwmo.followups.models import Bezwaar, FollowUpSettings, Review
from bwmo.followups.workflow import BEZWAAR_TRANSITIONS, BezwaarState
from bwmo.journeys.services import FormErrors
from bwmo.placements.models import Placement
from bwmo.testing.factories import user_with_role
from bwmo.testing.scenario import build_scenario

TODAY = date(2026, 11, 24)


# --- rules ------------------------------------------------------------------------------------


def test_the_objection_term_matches_the_letter_six_weeks_from_the_day_after_the_letter():
    # letter of Friday 20-09-2026: the term starts Saturday 21-09 and ends Friday 01-11... six
    # weeks on: 01-11-2026 is the same weekday as the letter date
    assert rules.objection_term_end(date(2026, 9, 20)) == date(2026, 11, 1)


def test_the_decision_on_bezwaar_is_due_six_weeks_after_the_objection_term():
    terms = rules.bezwaar_terms(date(2026, 9, 20), date(2026, 10, 15), advisory_committee=False,
                                extension_weeks=0)
    assert not terms.late and terms.decision_due == date(2026, 12, 13)


def test_an_advisory_committee_gives_twelve_weeks_and_one_extension_six_more():
    terms = rules.bezwaar_terms(date(2026, 9, 20), date(2026, 10, 15), advisory_committee=True,
                                extension_weeks=6)
    assert terms.decision_due == date(2027, 3, 7)
    assert "bezwaarcommissie" in terms.explanation and "verdaagd met 6 weken" in terms.explanation


def test_a_late_objection_is_flagged_and_counted_from_its_receipt():
    terms = rules.bezwaar_terms(date(2026, 9, 20), date(2026, 11, 10), advisory_committee=False,
                                extension_weeks=0)
    assert terms.late and terms.decision_due == date(2026, 12, 22)


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 120),
       st.booleans(), st.integers(0, rules.MAX_EXTENSION_WEEKS))
def test_the_decision_is_never_before_the_awb_minimum(decided, days, committee, extension):
    from datetime import timedelta

    received = decided + timedelta(days=days)
    terms = rules.bezwaar_terms(decided, received, advisory_committee=committee,
                                extension_weeks=extension)
    weeks = 12 if committee else 6
    assert terms.decision_due >= received + timedelta(weeks=weeks + extension)
    assert terms.decision_due <= max(received, terms.objection_term_end) + timedelta(weeks=18)


def test_review_due_keeps_the_day_of_month_where_it_can():
    assert rules.review_due(date(2026, 8, 31), None, 6) == date(2027, 2, 28)
    assert rules.review_due(date(2026, 1, 1), date(2026, 5, 15), 3) == date(2026, 8, 15)


# --- bezwaar ----------------------------------------------------------------------------------


@pytest.fixture
def s(region):  # type: ignore[no-untyped-def]
    return build_scenario(region)


def _register(s, **kw):  # type: ignore[no-untyped-def]
    values = {"received_on": date(2026, 10, 15), "grounds": "Het product past niet bij mij.",
              "advisory_committee": False}
    values.update(kw)
    return services.bezwaar_register(beschikking=s.beschikking, acting_user=s.users["consulent_own"],
                                     today=TODAY, **values)


def test_a_bezwaar_is_registered_with_its_term_in_the_history_and_the_log(s):
    bezwaar = _register(s)
    event = ClientEvent.objects.filter(client=s.client).order_by("-id").first()
    assert "Bezwaar ontvangen" in event.summary and "13-12-2026" in event.summary
    assert AccessLogEntry.objects.filter(client=s.client, action="create",
                                         detail=f"Bezwaar {bezwaar.pk} geregistreerd").exists()
    rows = selectors.bezwaar_worklist(s.users["consulent_own"], today=TODAY)
    assert [r.bezwaar for r in rows] == [bezwaar] and not rows[0].overdue
    assert selectors.bezwaar_worklist(s.users["consulent_own"], today=date(2026, 12, 14))[0].overdue


@pytest.mark.parametrize(("user_key", "data", "message"), [
    ("consulent_other", {}, "Alleen wie de beschikking gaf"),
    ("ct_adviseur", {}, "Alleen wie de beschikking gaf"),
    ("consulent_own", {"received_on": date(2026, 12, 1)}, "in de toekomst"),
    ("consulent_own", {"received_on": date(2026, 9, 1)}, "vóór de datum van de beschikking"),
    ("consulent_own", {"grounds": "nee"}, "gronden"),
])
def test_a_refused_bezwaar_changes_nothing(s, user_key, data, message):
    values = {"received_on": date(2026, 10, 15), "grounds": "Het product past niet bij mij.",
              "advisory_committee": False, **data}
    before = ClientEvent.objects.count()
    with pytest.raises(FormErrors) as exc:
        services.bezwaar_register(beschikking=s.beschikking, acting_user=s.users[user_key],
                                  today=TODAY, **values)
    assert any(message in m for m in exc.value.messages)
    assert not Bezwaar.objects.exists() and ClientEvent.objects.count() == before


def _progress(**kw):  # type: ignore[no-untyped-def]
    values = {"hearing_on": None, "extension_weeks": 0, "extension_reason": "", "decided_on": None,
              "outcome": "", "outcome_motivation": ""}
    values.update(kw)
    return services.BezwaarProgress(**values)


def test_every_bezwaar_step_from_every_state(s):
    """Walks the bezwaar table: update and decide from 'in behandeling'; nothing after the
    decision."""
    user = s.users["consulent_own"]
    bezwaar = _register(s)
    assert workflow.bezwaar_state(bezwaar) == BezwaarState.RECEIVED
    assert set(BEZWAAR_TRANSITIONS) == {"update", "decide"}
    services.bezwaar_update(bezwaar=bezwaar, acting_user=user, today=TODAY, data=_progress(
        hearing_on=date(2026, 11, 2), extension_weeks=6,
        extension_reason="Nader medisch advies is nodig."))
    bezwaar.refresh_from_db()
    assert workflow.bezwaar_state(bezwaar) == BEZWAAR_TRANSITIONS["update"].target
    assert services.bezwaar_terms(bezwaar).decision_due == date(2027, 1, 24)
    with pytest.raises(FormErrors, match="verdagen kan één keer"):
        services.bezwaar_update(bezwaar=bezwaar, acting_user=user, today=TODAY, data=_progress(
            extension_weeks=3, extension_reason="Nog een keer uitstel nodig."))
    services.bezwaar_update(bezwaar=bezwaar, acting_user=user, today=TODAY, data=_progress(
        hearing_on=date(2026, 11, 2), extension_weeks=6,
        extension_reason="Nader medisch advies is nodig.", decided_on=TODAY, outcome="unfounded",
        outcome_motivation="De beschikking is zorgvuldig voorbereid."))
    bezwaar.refresh_from_db()
    assert workflow.bezwaar_state(bezwaar) == BEZWAAR_TRANSITIONS["decide"].target
    for name in BEZWAAR_TRANSITIONS:
        assert "al beslist" in workflow.bezwaar_refusals(name, user, bezwaar)[0]
    with pytest.raises(FormErrors, match="al beslist"):
        services.bezwaar_update(bezwaar=bezwaar, acting_user=user, today=TODAY,
                                data=_progress(hearing_on=date(2026, 11, 3)))


@pytest.mark.parametrize("role", list(Role))
def test_every_bezwaar_step_by_every_role(s, region, role):
    bezwaar = _register(s)
    user = s.users["consulent_own"] if role == Role.WMO_CONSULENT else user_with_role(role, region)
    for name, transition in BEZWAAR_TRANSITIONS.items():
        allowed = not workflow.bezwaar_refusals(name, user, bezwaar)
        assert allowed is (role == Role.WMO_CONSULENT), (name, role)
        if not allowed:
            assert role not in transition.roles or not transition.guard(user, bezwaar)


def test_deciding_needs_an_outcome_and_a_motivation(s):
    bezwaar = _register(s)
    with pytest.raises(FormErrors) as exc:
        services.bezwaar_update(bezwaar=bezwaar, acting_user=s.users["consulent_own"], today=TODAY,
                                data=_progress(decided_on=TODAY))
    fields = {field for field, _ in exc.value.errors}
    assert {"outcome", "outcome_motivation"} <= fields
    bezwaar.refresh_from_db()
    assert bezwaar.decided_on is None


def test_the_beschikking_page_shows_the_objection_term_and_the_bezwaar(client, s):
    client.force_login(s.users["consulent_own"])
    url = reverse("journeys:beschikking-detail", args=[s.beschikking.pk])
    body = client.get(url).content.decode()
    assert "01-11-2026" in body and reverse("followups:bezwaar-create", args=[s.beschikking.pk]) in body
    bezwaar = _register(s)
    body = client.get(url).content.decode()
    assert reverse("followups:bezwaar-detail", args=[bezwaar.pk]) in body
    assert "13-12-2026" in body


# --- herindicatie ------------------------------------------------------------------------------


def test_a_beschikking_ending_within_the_regional_signal_is_on_the_herindicatie_list(s):
    user = s.users["consulent_own"]  # the scenario beschikking ends 30-09-2027
    assert selectors.herindicaties(user, today=date(2027, 6, 1)) == []
    rows = selectors.herindicaties(user, today=date(2027, 7, 10))
    assert [r.beschikking for r in rows] == [s.beschikking] and rows[0].days_left == 82
    FollowUpSettings.objects.create(region=s.region, herindicatie_signal_weeks=20)
    assert [r.beschikking for r in selectors.herindicaties(user, today=date(2027, 6, 1))] == [
        s.beschikking]


def test_a_new_melding_takes_the_beschikking_off_the_herindicatie_list(s):
    from bwmo.journeys.models import Melding

    user = s.users["consulent_own"]
    Melding.objects.create(client=s.client, track="BW", source="huisarts",
                           reported_on=date(2027, 7, 1), municipality=s.municipality)
    assert selectors.herindicaties(user, today=date(2027, 7, 10)) == []


# --- voortgangsgesprek -------------------------------------------------------------------------


def test_a_voortgangsgesprek_is_due_every_n_months_and_leaves_the_list_when_held(s):
    user = s.users["consulent_own"]  # the placement started 01-10-2026
    assert selectors.reviews_due(user, today=date(2027, 3, 1)) == []
    rows = selectors.reviews_due(user, today=date(2027, 3, 20))
    assert [r.placement for r in rows] == [s.placement] and rows[0].due == date(2027, 4, 1)
    services.review_record(placement=s.placement, held_on=date(2027, 3, 20), outcome="lighter",
                           notes="Doorstroom naar groepswonen voorbereiden.", acting_user=user,
                           today=date(2027, 3, 20))
    assert selectors.reviews_due(user, today=date(2027, 3, 21)) == []
    FollowUpSettings.objects.create(region=s.region, review_interval_months=1)
    assert selectors.reviews_due(user, today=date(2027, 4, 10))[0].due == date(2027, 4, 20)


@pytest.mark.parametrize(("user_key", "held_on", "outcome", "message"), [
    ("provider_own", date(2026, 11, 1), "continue", "Alleen de toegang"),
    ("consulent_own", date(2026, 9, 1), "continue", "vóór de start van de zorg"),
    ("consulent_own", date(2026, 12, 1), "continue", "in de toekomst"),
    ("consulent_own", date(2026, 11, 1), "", "Kies de uitkomst"),
])
def test_a_refused_voortgangsgesprek_changes_nothing(s, user_key, held_on, outcome, message):
    with pytest.raises(FormErrors) as exc:
        services.review_record(placement=s.placement, held_on=held_on, outcome=outcome, notes="",
                               acting_user=s.users[user_key], today=TODAY)
    assert any(message in m for m in exc.value.messages)
    assert not Review.objects.exists()


def test_the_placement_page_shows_when_the_next_gesprek_is_due(client, s):
    client.force_login(s.users["consulent_own"])
    body = client.get(reverse("placements:detail", args=[s.placement.pk])).content.decode()
    assert "Volgende gesprek uiterlijk 01-04-2027" in body
    assert "Stand van zaken" in body and "In zorg" in body
    assert Placement.objects.count() == 1


# --- 18-/18+ -----------------------------------------------------------------------------------


def test_a_client_turning_18_within_six_months_is_signalled(s):
    user = s.users["consulent_own"]
    s.client.date_of_birth = date(2009, 3, 1)  # 18 on 01-03-2027
    s.client.save()
    assert selectors.turning_18(user, today=date(2026, 8, 31)) == []
    rows = selectors.turning_18(user, today=date(2026, 9, 1))
    assert [r.client for r in rows] == [s.client]
    assert rows[0].birthday_18 == date(2027, 3, 1) and rows[0].melding == s.melding
    assert rows[0].decided  # the scenario melding has a beschikking
    assert [r.client for r in selectors.turning_18(user, today=date(2027, 3, 31))] == [s.client]
    assert selectors.turning_18(user, today=date(2027, 4, 2)) == []
    assert selectors.turning_18(s.users["consulent_other"], today=date(2026, 9, 1)) == []
