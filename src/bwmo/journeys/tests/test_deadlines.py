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
    decision_due,
    investigation_due,
    wmo_deadlines,
)

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
    assert decision_due(AANVRAAG) == date(2025, 4, 15)


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

    assert deadline.due_date == melding + timedelta(days=42)
    assert deadline.days_left == 42 - n
    expected = (
        DeadlineState.OVERDUE
        if n > 42
        else DeadlineState.DUE_SOON
        if n >= 36
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
    assert a.investigation.state is (
        DeadlineState.MET if done_after <= 42 else DeadlineState.MET_LATE
    )


@given(dates, st.integers(0, 60), st.integers(0, 60))
def test_the_decision_term_runs_from_the_aanvraag_not_the_melding(
    melding: date, aanvraag_after: int, n: int
) -> None:
    aanvraag = melding + timedelta(days=aanvraag_after)
    status = wmo_deadlines(melding, aanvraag, None, None, today=aanvraag + timedelta(days=n))

    assert status.decision.due_date == aanvraag + timedelta(days=14)
    assert status.decision.days_left == 14 - n
