"""The case list warns the consulent before a Wmo deadline passes and flags overdue cases."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bwmo.core.exceptions import DomainError
from bwmo.journeys.deadlines import (
    DECISION_TERM_DAYS,
    INVESTIGATION_TERM_DAYS,
    Deadline,
    DeadlineInputError,
    DeadlineKind,
    DeadlineState,
    Suspension,
    decision_due,
    due_date,
    investigation_due,
    wmo_deadlines,
)
from bwmo.journeys.termijnenwet import easter_sunday, general_holidays, term_end

MELDING = date(2025, 3, 3)  # a Monday
AANVRAAG = date(2025, 4, 1)


def day(n: int, after: date = MELDING) -> date:
    return after + timedelta(days=n)


def investigation_on(n: int, done: date | None = None) -> Deadline:
    return wmo_deadlines(MELDING, None, done, None, today=day(n)).investigation


def decision_on(n: int, decided: date | None = None) -> Deadline:
    return wmo_deadlines(MELDING, AANVRAAG, None, decided, today=day(n, AANVRAAG)).decision


# --- due dates ------------------------------------------------------------------------------


def test_the_investigation_is_due_six_weeks_after_the_melding() -> None:
    assert INVESTIGATION_TERM_DAYS == 42
    assert investigation_due(MELDING) == date(2025, 4, 14)


def test_the_decision_is_due_two_weeks_after_the_aanvraag() -> None:
    assert DECISION_TERM_DAYS == 14
    assert decision_due(AANVRAAG, melding_date=MELDING) == date(2025, 4, 15)


def test_each_deadline_names_its_legal_basis() -> None:
    status = wmo_deadlines(MELDING, AANVRAAG, None, None, today=AANVRAAG)

    assert status.investigation.kind is DeadlineKind.INVESTIGATION
    assert "art. 2.3.2" in status.investigation.legal_basis
    assert "art. 2.3.5" in status.decision.legal_basis


# --- investigation: boundaries around the last week -----------------------------------------


def test_day_35_is_still_on_time() -> None:
    deadline = investigation_on(35)

    assert deadline.state is DeadlineState.ON_TIME
    assert deadline.days_left == 7
    assert deadline.label == "Onderzoek: op tijd, uiterlijk 14-04-2025 (nog 7 dagen)."
    assert not deadline.needs_attention


def test_day_36_starts_the_last_week() -> None:
    deadline = investigation_on(36)

    assert deadline.state is DeadlineState.DUE_SOON
    assert deadline.days_left == 6
    assert deadline.label == "Onderzoek: binnenkort, uiterlijk 14-04-2025 (nog 6 dagen)."
    assert deadline.needs_attention


def test_day_42_is_the_last_day() -> None:
    deadline = investigation_on(42)

    assert deadline.state is DeadlineState.DUE_SOON
    assert deadline.days_left == 0
    assert (
        deadline.label == "Onderzoek: binnenkort, uiterlijk 14-04-2025 (vandaag is de laatste dag)."
    )


def test_day_43_is_overdue() -> None:
    deadline = investigation_on(43)

    assert deadline.state is DeadlineState.OVERDUE
    assert deadline.days_left == -1
    assert deadline.label == "Onderzoek: termijn verstreken op 14-04-2025 (1 dag te laat)."


def test_an_investigation_finished_on_the_last_day_is_on_time() -> None:
    deadline = investigation_on(60, done=day(42))

    assert deadline.state is DeadlineState.MET
    assert deadline.completed_on == day(42)
    assert deadline.days_left is None
    assert deadline.label == "Onderzoek: afgerond op 14-04-2025, op tijd (uiterlijk 14-04-2025)."


def test_an_investigation_finished_a_day_late_is_recorded_as_late() -> None:
    deadline = investigation_on(60, done=day(43))

    assert deadline.state is DeadlineState.MET_LATE
    assert deadline.label == (
        "Onderzoek: afgerond op 15-04-2025, 1 dag te laat (uiterlijk 14-04-2025)."
    )
    assert not deadline.needs_attention


# --- decision -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "state"),
    [
        (0, DeadlineState.ON_TIME),
        (7, DeadlineState.ON_TIME),
        (8, DeadlineState.DUE_SOON),
        (14, DeadlineState.DUE_SOON),
        (15, DeadlineState.OVERDUE),
    ],
)
def test_decision_boundaries(n: int, state: DeadlineState) -> None:
    assert decision_on(n).state is state


def test_without_an_aanvraag_the_decision_term_has_not_started() -> None:
    status = wmo_deadlines(MELDING, None, None, None, today=day(50))

    assert status.decision.state is DeadlineState.NOT_STARTED
    assert status.decision.due_date is None
    assert "nog geen aanvraag" in status.decision.label
    assert status.investigation.state is DeadlineState.OVERDUE


def test_a_decision_issued_in_time_is_met() -> None:
    deadline = decision_on(20, decided=day(14, AANVRAAG))

    assert deadline.state is DeadlineState.MET


def test_the_case_needs_attention_when_any_deadline_is_near_or_overdue() -> None:
    calm = wmo_deadlines(MELDING, None, None, None, today=day(10))
    near = wmo_deadlines(MELDING, None, None, None, today=day(40))
    late = wmo_deadlines(MELDING, AANVRAAG, day(30), None, today=day(15, AANVRAAG))

    assert not calm.needs_attention and not calm.is_overdue
    assert near.needs_attention and not near.is_overdue
    assert late.needs_attention and late.is_overdue
    assert late.investigation.state is DeadlineState.MET


def test_the_warning_window_can_be_configured() -> None:
    status = wmo_deadlines(MELDING, None, None, None, today=day(30), due_soon_days=14)

    assert status.investigation.state is DeadlineState.DUE_SOON


# --- impossible input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"decision_date": day(40)}, "beschikking zonder aanvraag"),
        (
            {"aanvraag_date": day(30), "decision_date": day(29)},
            "De beschikking (01-04-2025) ligt vóór de aanvraag (02-04-2025).",
        ),
        ({"aanvraag_date": day(-1)}, "Een aanvraag zonder eerdere melding geldt ook als melding"),
        ({"investigation_done": day(-1)}, "kan niet vóór de melding"),
        ({"investigation_done": day(61)}, "ligt in de toekomst"),
        ({"aanvraag_date": day(61)}, "De aanvraag (03-05-2025) ligt in de toekomst."),
        ({"aanvraag_date": day(30), "decision_date": day(61)}, "ligt in de toekomst"),
    ],
)
def test_contradicting_dates_are_refused_with_a_dutch_message(
    kwargs: dict[str, date], fragment: str
) -> None:
    with pytest.raises(DeadlineInputError) as raised:
        wmo_deadlines(
            MELDING,
            kwargs.get("aanvraag_date"),
            kwargs.get("investigation_done"),
            kwargs.get("decision_date"),
            today=day(60),
        )

    assert isinstance(raised.value, DomainError)
    assert any(fragment in m for m in raised.value.messages)


def test_a_melding_in_the_future_is_refused() -> None:
    with pytest.raises(DeadlineInputError, match="ligt in de toekomst"):
        wmo_deadlines(MELDING, None, None, None, today=day(-1))


# --- properties -----------------------------------------------------------------------------

RANK = {DeadlineState.ON_TIME: 0, DeadlineState.DUE_SOON: 1, DeadlineState.OVERDUE: 2}
dates = st.dates(date(2015, 1, 1), date(2040, 12, 31))


@given(dates, st.integers(0, 200), st.integers(0, 200))
def test_an_open_deadline_only_gets_more_urgent_as_time_passes(
    melding: date, earlier: int, later_extra: int
) -> None:
    first = wmo_deadlines(melding, None, None, None, today=melding + timedelta(days=earlier))
    second = wmo_deadlines(
        melding, None, None, None, today=melding + timedelta(days=earlier + later_extra)
    )

    assert RANK[first.investigation.state] <= RANK[second.investigation.state]


@given(dates, st.integers(0, 200))
def test_open_status_follows_the_days_left(melding: date, n: int) -> None:
    deadline = wmo_deadlines(
        melding, None, None, None, today=melding + timedelta(days=n)
    ).investigation

    due = term_end(melding + timedelta(days=42))  # Algemene termijnenwet
    term = (due - melding).days
    assert deadline.due_date == due
    assert deadline.days_left == term - n
    expected = (
        DeadlineState.OVERDUE
        if n > term
        else DeadlineState.DUE_SOON
        if n >= term - 6
        else DeadlineState.ON_TIME
    )
    assert deadline.state is expected


@given(dates, st.integers(0, 120), st.integers(0, 400), st.integers(0, 400))
def test_a_finished_deadline_does_not_change_with_today(
    melding: date, done_after: int, today_a: int, today_b: int
) -> None:
    assume(today_a >= done_after and today_b >= done_after)
    done = melding + timedelta(days=done_after)

    a = wmo_deadlines(melding, None, done, None, today=melding + timedelta(days=today_a))
    b = wmo_deadlines(melding, None, done, None, today=melding + timedelta(days=today_b))

    assert a.investigation == b.investigation
    term = (term_end(melding + timedelta(days=42)) - melding).days
    assert a.investigation.state is (
        DeadlineState.MET if done_after <= term else DeadlineState.MET_LATE
    )


@given(dates, st.integers(0, 60), st.integers(0, 60))
def test_the_decision_term_runs_from_the_aanvraag_not_the_melding(
    melding: date, aanvraag_after: int, n: int
) -> None:
    aanvraag = melding + timedelta(days=aanvraag_after)
    status = wmo_deadlines(melding, aanvraag, None, None, today=aanvraag + timedelta(days=n))

    days = 56 if aanvraag == melding else 14  # an aanvraag without prior melding: 6 + 2 weeks
    due = term_end(aanvraag + timedelta(days=days))
    assert status.decision.due_date == due
    assert status.decision.days_left == (due - aanvraag).days - n


# --------------------------------------------------------------------------------------------
# Algemene termijnenwet (issue 7 item 5)



def test_easter_sunday_is_computed_right_for_known_years() -> None:
    known = {2019: date(2019, 4, 21), 2020: date(2020, 4, 12), 2021: date(2021, 4, 4),
             2022: date(2022, 4, 17), 2023: date(2023, 4, 9), 2024: date(2024, 3, 31),
             2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28),
             2038: date(2038, 4, 25), 2285: date(2285, 3, 22)}
    for year, easter in known.items():
        assert easter_sunday(year) == easter, year


def test_the_general_holidays_are_exactly_the_list_of_article_3_for_2026() -> None:
    """Algemene termijnenwet art. 3 lid 1: Nieuwjaarsdag, tweede Paas- en Pinksterdag, beide
    Kerstdagen, Hemelvaartsdag, Koningsdag and 5 mei; Goede Vrijdag is not on the list."""
    assert sorted(general_holidays(2026)) == [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 4, 27), date(2026, 5, 5),
        date(2026, 5, 14), date(2026, 5, 25), date(2026, 12, 25), date(2026, 12, 26),
    ]
    assert date(2026, 4, 3) not in general_holidays(2026)  # Goede Vrijdag


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday_and_5_may_is_every_year() -> None:
    assert date(2025, 4, 26) in general_holidays(2025)  # 27-04-2025 is a Sunday
    assert date(2025, 4, 27) not in general_holidays(2025)
    for year in (2023, 2024, 2026, 2027):  # not only lustrum years
        assert date(year, 5, 5) in general_holidays(year)


@pytest.mark.parametrize(
    ("last_day", "moved_to"),
    [
        pytest.param(date(2026, 11, 28), date(2026, 11, 30), id="saturday-to-monday"),
        pytest.param(date(2026, 11, 29), date(2026, 11, 30), id="sunday-to-monday"),
        pytest.param(date(2026, 12, 25), date(2026, 12, 28), id="christmas-friday-to-monday"),
        pytest.param(date(2027, 1, 1), date(2027, 1, 4), id="new-year-friday-to-monday"),
        pytest.param(date(2026, 4, 3), date(2026, 4, 3), id="good-friday-is-a-working-day"),
        pytest.param(date(2026, 4, 4), date(2026, 4, 7), id="easter-weekend-and-monday"),
        pytest.param(date(2026, 5, 5), date(2026, 5, 6), id="bevrijdingsdag"),
        pytest.param(date(2026, 5, 14), date(2026, 5, 15), id="hemelvaartsdag"),
    ],
)
def test_a_term_ending_on_a_free_day_runs_to_the_next_working_day(
    last_day: date, moved_to: date
) -> None:
    assert term_end(last_day) == moved_to


def test_an_investigation_ending_on_new_years_day_is_due_the_next_working_day() -> None:
    """Melding 20-11-2026 + 6 weeks = Friday 01-01-2027 (Nieuwjaarsdag) → Monday 04-01-2027."""
    assert investigation_due(date(2026, 11, 20)) == date(2027, 1, 4)


def test_an_aanvraag_without_prior_melding_gets_six_plus_two_weeks() -> None:
    """Wmo 2015 art. 2.3.2 and 2.3.5: the aanvraag counts as the melding."""
    status = wmo_deadlines(date(2026, 9, 1), date(2026, 9, 1), None, None, today=date(2026, 9, 2))
    assert status.investigation.due_date == date(2026, 10, 13)
    assert status.decision.due_date == date(2026, 10, 27)
    later = wmo_deadlines(date(2026, 9, 1), date(2026, 9, 8), None, None, today=date(2026, 9, 9))
    assert later.decision.due_date == date(2026, 9, 22)


def test_suspension_and_extension_move_the_due_date_and_the_late_label() -> None:
    """Awb 4:15 (opschorting) and one verdaging (Awb 4:14): an investigation that would be
    overdue is still on time after 10 days of suspension and 14 days of extension."""
    melding = date(2026, 9, 1)
    today = date(2026, 10, 20)
    plain = wmo_deadlines(melding, None, None, None, today=today)
    assert plain.investigation.state is DeadlineState.OVERDUE
    suspended = wmo_deadlines(
        melding, None, None, None, today=today,
        suspensions=[Suspension(date(2026, 9, 10), date(2026, 9, 19))], extension_days=14,
    )
    assert suspended.investigation.due_date == date(2026, 11, 6)  # 13-10 + 10 + 14 = 06-11 (Fri)
    assert suspended.investigation.state is DeadlineState.ON_TIME


def test_a_suspension_after_the_term_ended_changes_nothing_and_an_open_one_runs_to_today() -> None:
    start = date(2026, 9, 1)
    assert due_date(start, 42, [Suspension(date(2026, 10, 20), date(2026, 10, 30))]).due == (
        date(2026, 10, 13)
    )
    open_one = due_date(start, 42, [Suspension(date(2026, 10, 1), None)], today=date(2026, 10, 5))
    assert open_one.suspended_days == 5
