"""The toets tells the consulent, rule by rule, whether someone gets access to BW or MO."""

from dataclasses import fields, replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwmo.core.exceptions import DomainError
from bwmo.journeys.decision_rules import MIN_MOTIVATION_LENGTH, Track
from bwmo.journeys.toets import (
    Outcome,
    OverrideMotivationError,
    RuleId,
    RuleKind,
    RuleStatus,
    ToetsFacts,
    check_override,
    decides_against,
    run_toets,
)

BW_RULE_IDS = {
    RuleId.BW_ADULT,
    RuleId.BW_LAWFUL_RESIDENCE,
    RuleId.BW_PSYCHIATRIC,
    RuleId.BW_SUPERVISION_NEARBY,
    RuleId.BW_NOT_AMBULANT,
    RuleId.BW_NO_ACUTE_CRISIS,
    RuleId.BW_NO_WLZ,
    RuleId.BW_NO_ZVW,
}


def bw_candidate(**changes: object) -> ToetsFacts:
    """Someone who meets every BW criterion and has no contra-indication."""
    facts = ToetsFacts(
        track=Track.BW,
        birth_date=date(1990, 5, 17),
        planned_start=date(2025, 4, 1),
        dutch_or_lawful_residence=True,
        psychiatric_problems=True,
        needs_supervision_nearby=True,
        ambulant_support_sufficient=False,
        acute_crisis=False,
        lifelong_need=False,
        primarily_treatment=False,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def mo_candidate(**changes: object) -> ToetsFacts:
    facts = ToetsFacts(track=Track.MO, homeless=True, cannot_cope_alone=True,
                       birth_date=date(1990, 5, 17), planned_start=date(2025, 4, 1),
                       dutch_or_lawful_residence=True)
    return replace(facts, **changes)  # type: ignore[arg-type]


# --- BW: access ---------------------------------------------------------------------------


def test_someone_meeting_all_criteria_gets_access_to_bw() -> None:
    result = run_toets(bw_candidate())

    assert result.outcome is Outcome.ELIGIBLE
    assert result.is_eligible
    assert result.label == "Toegang beschermd wonen"
    assert {r.rule_id for r in result.rules} == BW_RULE_IDS
    assert all(r.status is RuleStatus.MET for r in result.rules)
    assert result.unknown_rules == () and result.failed_rules == ()


def test_every_rule_is_explained_with_a_dutch_label_the_facts_and_a_seed_source() -> None:
    result = run_toets(bw_candidate())

    for rule in result.rules:
        assert rule.label and rule.facts
        assert "Transformatieplan Centraal Gelderland §3.1" in rule.source
    assert result.rule(RuleId.BW_PSYCHIATRIC).facts.endswith(": ja")
    assert result.rule(RuleId.BW_NO_ACUTE_CRISIS).kind is RuleKind.CONTRA_INDICATION
    assert result.rule(RuleId.BW_ADULT).kind is RuleKind.CRITERION


def test_the_age_rule_shows_birth_date_planned_start_and_age() -> None:
    result = run_toets(bw_candidate(birth_date=date(2007, 3, 12), planned_start=date(2025, 4, 1)))

    rule = result.rule(RuleId.BW_ADULT)
    assert rule.status is RuleStatus.MET
    assert rule.facts == "geboortedatum 12-03-2007, beoogde start 01-04-2025: 18 jaar"


def test_a_17_year_old_may_be_reported_when_the_planned_start_is_after_the_18th_birthday() -> None:
    result = run_toets(
        bw_candidate(
            birth_date=date(2007, 9, 1),
            assessed_on=date(2025, 6, 1),  # still 17 at the toets
            planned_start=date(2025, 9, 1),  # the 18th birthday
        )
    )

    assert result.outcome is Outcome.ELIGIBLE


def test_a_planned_start_one_day_before_the_18th_birthday_is_refused() -> None:
    result = run_toets(bw_candidate(birth_date=date(2007, 9, 1), planned_start=date(2025, 8, 31)))

    rule = result.rule(RuleId.BW_ADULT)
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert rule.status is RuleStatus.NOT_MET
    assert "17 jaar" in rule.facts
    assert "18e verjaardag (01-09-2025)" in rule.facts
    assert "Volwassen" in result.explanation


@pytest.mark.parametrize(
    ("planned_start", "status"),
    [
        (date(2022, 2, 28), RuleStatus.NOT_MET),
        (date(2022, 3, 1), RuleStatus.MET),
    ],
)
def test_someone_born_on_29_february_turns_18_on_1_march_in_a_non_leap_year(
    planned_start: date, status: RuleStatus
) -> None:
    result = run_toets(bw_candidate(birth_date=date(2004, 2, 29), planned_start=planned_start))

    assert result.rule(RuleId.BW_ADULT).status is status


def test_without_planned_start_an_adult_on_the_assessment_date_meets_the_age_rule() -> None:
    result = run_toets(bw_candidate(planned_start=None, assessed_on=date(2025, 1, 10)))

    rule = result.rule(RuleId.BW_ADULT)
    assert rule.status is RuleStatus.MET
    assert "beoogde start onbekend" in rule.facts
    assert result.outcome is Outcome.ELIGIBLE


def test_without_planned_start_a_minor_cannot_be_judged_yet() -> None:
    result = run_toets(
        bw_candidate(birth_date=date(2008, 6, 1), planned_start=None, assessed_on=date(2025, 1, 10))
    )

    rule = result.rule(RuleId.BW_ADULT)
    assert rule.status is RuleStatus.UNKNOWN
    assert "wordt 18 op 01-06-2026" in rule.facts
    assert result.outcome is Outcome.INCOMPLETE


def test_an_unknown_birth_date_leaves_the_toets_incomplete() -> None:
    result = run_toets(bw_candidate(birth_date=None))

    assert result.rule(RuleId.BW_ADULT).facts == "geboortedatum onbekend"
    assert result.outcome is Outcome.INCOMPLETE
    assert "Volwassen" in result.explanation


@pytest.mark.parametrize(
    ("fact", "rule_id"),
    [
        ("dutch_or_lawful_residence", RuleId.BW_LAWFUL_RESIDENCE),
        ("psychiatric_problems", RuleId.BW_PSYCHIATRIC),
        ("needs_supervision_nearby", RuleId.BW_SUPERVISION_NEARBY),
    ],
)
def test_failing_a_criterion_means_no_access(fact: str, rule_id: RuleId) -> None:
    result = run_toets(bw_candidate(**{fact: False}))

    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert result.rule(rule_id).status is RuleStatus.NOT_MET
    assert result.failed_rules == (result.rule(rule_id),)
    assert result.rule(rule_id).label in result.explanation


# --- BW: contra-indications and referrals ---------------------------------------------------


def test_when_ambulant_support_suffices_the_outcome_is_wmo_ambulant_support() -> None:
    result = run_toets(bw_candidate(ambulant_support_sufficient=True))

    assert result.outcome is Outcome.AMBULANT
    rule = result.rule(RuleId.BW_NOT_AMBULANT)
    assert rule.status is RuleStatus.NOT_MET
    assert rule.facts == "Ambulante ondersteuning (Wmo) volstaat: ja"


def test_an_acute_crisis_sends_the_person_to_crisis_care_first() -> None:
    result = run_toets(bw_candidate(acute_crisis=True))

    assert result.outcome is Outcome.REFER_CRISIS
    assert "crisiszorg" in result.explanation


def test_a_lifelong_need_is_referred_to_the_ciz_for_the_wlz() -> None:
    result = run_toets(bw_candidate(lifelong_need=True))

    assert result.outcome is Outcome.REFER_WLZ
    assert "CIZ" in result.explanation
    assert "Toekomstvisie beschermd wonen 2032 IJssel-Vecht §1.1" in result.rule(RuleId.BW_NO_WLZ).source


def test_a_need_that_is_primarily_treatment_goes_to_the_zvw() -> None:
    result = run_toets(bw_candidate(primarily_treatment=True))

    assert result.outcome is Outcome.REFER_ZVW


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # crisis goes before everything, also before a missing residence permit
        ({"acute_crisis": True, "dutch_or_lawful_residence": False}, Outcome.REFER_CRISIS),
        # age and residence go before any referral
        ({"planned_start": date(1995, 1, 1), "lifelong_need": True}, Outcome.NOT_ELIGIBLE),
        ({"dutch_or_lawful_residence": False, "primarily_treatment": True}, Outcome.NOT_ELIGIBLE),
        # Wlz before Zvw before Wmo ambulant
        ({"lifelong_need": True, "primarily_treatment": True}, Outcome.REFER_WLZ),
        ({"primarily_treatment": True, "ambulant_support_sufficient": True}, Outcome.REFER_ZVW),
        # ambulant before the other criteria
        (
            {"ambulant_support_sufficient": True, "needs_supervision_nearby": False},
            Outcome.AMBULANT,
        ),
        # a referral before the missing psychiatric criterion
        ({"lifelong_need": True, "psychiatric_problems": False}, Outcome.REFER_WLZ),
    ],
)
def test_precedence_between_outcomes(changes: dict[str, object], expected: Outcome) -> None:
    assert run_toets(bw_candidate(**changes)).outcome is expected


def test_a_definite_refusal_is_given_even_while_other_facts_are_unknown() -> None:
    result = run_toets(
        ToetsFacts(birth_date=date(2010, 1, 1), planned_start=date(2025, 1, 1))  # 14 years old
    )

    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert len(result.unknown_rules) == len(BW_RULE_IDS) - 1


def test_an_unknown_crisis_situation_keeps_the_toets_incomplete() -> None:
    result = run_toets(bw_candidate(acute_crisis=None))

    assert result.outcome is Outcome.INCOMPLETE
    assert result.unknown_rules == (result.rule(RuleId.BW_NO_ACUTE_CRISIS),)
    assert "Geen acute (crisis)situatie" in result.explanation


# --- MO -------------------------------------------------------------------------------------


def test_a_homeless_person_who_cannot_cope_alone_gets_access_to_mo() -> None:
    result = run_toets(mo_candidate())

    assert result.outcome is Outcome.ELIGIBLE
    assert result.label == "Toegang maatschappelijke opvang"
    assert {r.rule_id for r in result.rules} == {
        RuleId.MO_HOMELESS, RuleId.MO_CANNOT_COPE, RuleId.MO_ADULT, RuleId.MO_LAWFUL_RESIDENCE
    }


def test_a_minor_asking_for_shelter_is_referred_to_youth_care_not_granted_mo() -> None:
    """Issue 7 item 3: MO is opvang for adults (Transformatieplan Centraal Gelderland §3.2);
    a 17-year-old zwerfjongere in crisis is referred to jeugdhulp (Jeugdwet)."""
    result = run_toets(
        mo_candidate(birth_date=date(2008, 1, 1), planned_start=date(2025, 1, 1),
                     acute_crisis=True)
    )

    assert result.outcome is Outcome.REFER_YOUTH
    assert "jeugdhulp (Jeugdwet)" in result.explanation
    assert result.rule(RuleId.MO_ADULT).status is RuleStatus.NOT_MET
    assert run_toets(mo_candidate(birth_date=date(2007, 1, 1),
                                  planned_start=date(2025, 1, 1))).outcome is Outcome.ELIGIBLE


def test_mo_checks_lawful_residence_too() -> None:
    """Issue 7 item 3, Wmo 2015 art. 1.2.1: no opvang as a Wmo provision without lawful
    residence; unknown residence keeps the toets incomplete."""
    assert run_toets(mo_candidate(dutch_or_lawful_residence=False)).outcome is (
        Outcome.NOT_ELIGIBLE
    )
    assert run_toets(mo_candidate(dutch_or_lawful_residence=None)).outcome is Outcome.INCOMPLETE


@pytest.mark.parametrize("fact", ["homeless", "cannot_cope_alone"])
def test_mo_is_refused_when_a_criterion_fails_and_incomplete_when_unknown(fact: str) -> None:
    assert run_toets(mo_candidate(**{fact: False})).outcome is Outcome.NOT_ELIGIBLE
    assert run_toets(mo_candidate(**{fact: None})).outcome is Outcome.INCOMPLETE


# --- properties over every combination of facts --------------------------------------------

tri_state = st.sampled_from([True, False, None])
BOOL_FACTS = [
    f.name
    for f in fields(ToetsFacts)
    if f.name not in {"track", "birth_date", "planned_start", "assessed_on"}
]


@st.composite
def any_facts(draw: st.DrawFn) -> ToetsFacts:
    values = {name: draw(tri_state) for name in BOOL_FACTS}
    birth = draw(st.none() | st.dates(date(1940, 1, 1), date(2015, 12, 31)))
    start = draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    assessed = draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    track = draw(st.sampled_from(list(Track)))
    return ToetsFacts(
        track=track, birth_date=birth, planned_start=start, assessed_on=assessed, **values
    )


@given(any_facts())
def test_access_only_when_every_rule_is_met(facts: ToetsFacts) -> None:
    result = run_toets(facts)

    statuses = {r.status for r in result.rules}
    assert result.is_eligible == (statuses == {RuleStatus.MET})
    if result.outcome is Outcome.INCOMPLETE:
        assert RuleStatus.UNKNOWN in statuses and RuleStatus.NOT_MET not in statuses
    if RuleStatus.NOT_MET in statuses:
        assert result.outcome not in (Outcome.ELIGIBLE, Outcome.INCOMPLETE)


@given(any_facts(), st.data())
def test_filling_in_unknown_facts_never_turns_a_refusal_into_access(
    facts: ToetsFacts, data: st.DataObject
) -> None:
    before = run_toets(facts)
    unknown = [name for name in BOOL_FACTS if getattr(facts, name) is None]
    completed = replace(facts, **{name: data.draw(st.booleans()) for name in unknown})  # type: ignore[arg-type]

    after = run_toets(completed)
    if before.outcome is not Outcome.INCOMPLETE:
        assert after.is_eligible == before.is_eligible


# --- deciding against the outcome -----------------------------------------------------------

MOTIVATION = "Cliënt kan na klinische opname niet terug naar huis."


@pytest.mark.parametrize(
    ("outcome", "decided_eligible"),
    [(Outcome.ELIGIBLE, True), (Outcome.NOT_ELIGIBLE, False), (Outcome.REFER_WLZ, False)],
)
def test_following_the_toets_needs_no_motivation(outcome: Outcome, decided_eligible: bool) -> None:
    assert not decides_against(outcome, decided_eligible)
    check_override(outcome, decided_eligible, "")


@pytest.mark.parametrize(
    ("outcome", "decided_eligible"),
    [
        (Outcome.ELIGIBLE, False),
        (Outcome.NOT_ELIGIBLE, True),
        (Outcome.AMBULANT, True),
        (Outcome.REFER_CRISIS, True),
        (Outcome.INCOMPLETE, True),
        (Outcome.INCOMPLETE, False),
    ],
)
def test_deciding_against_the_toets_needs_a_motivation(
    outcome: Outcome, decided_eligible: bool
) -> None:
    assert decides_against(outcome, decided_eligible)
    with pytest.raises(OverrideMotivationError) as raised:
        check_override(outcome, decided_eligible, "   ")

    assert isinstance(raised.value, DomainError)
    assert raised.value.field == "motivation"
    assert "motivering van minstens 20 tekens" in raised.value.messages[0]
    check_override(outcome, decided_eligible, MOTIVATION)


def test_the_message_names_the_decision_and_the_toets_outcome() -> None:
    toets = run_toets(bw_candidate(lifelong_need=True))

    with pytest.raises(OverrideMotivationError) as raised:
        check_override(toets, decided_eligible=True, motivation="te kort")

    assert raised.value.messages == [
        "U besluit toegang te geven, terwijl de uitkomst van de toets 'Verwijzen naar de Wlz "
        "(CIZ)' is. Leg in een motivering van minstens 20 tekens vast waarom u afwijkt."
    ]


def test_the_motivation_must_have_at_least_20_characters_besides_spaces() -> None:
    assert MIN_MOTIVATION_LENGTH == 20
    with pytest.raises(OverrideMotivationError):
        check_override(Outcome.ELIGIBLE, False, "  " + "x" * 19 + "  ")
    check_override(Outcome.ELIGIBLE, False, "x" * 20)
