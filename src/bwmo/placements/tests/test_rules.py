"""Signals, waiting time and doorstroom direction: worked examples and properties."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bwmo.placements.rules import (
    BESCHIKKING_WARNING_DAYS,
    GROEPSWONEN_WARNING_DAYS,
    PlacementFacts,
    Severity,
    SignalKind,
    add_months,
    describe_waiting_time,
    doorstroom_direction,
    groepswonen_last_day,
    groepswonen_since,
    placement_signals,
    placement_start_violations,
    woningzoekende_deadline,
)


def facts(**overrides):
    values = {"start": date(2024, 3, 15), "end": None, "product_code": "GWIB",
              "inflow": date(2024, 3, 15)}
    values.update(overrides)
    return PlacementFacts(**values)


def kinds(signals):
    return {(s.kind, s.severity) for s in signals}


# --- worked examples ---------------------------------------------------------------------------


def test_groepswonen_warns_90_days_before_two_years_and_errors_after():
    assert groepswonen_last_day(date(2024, 3, 15)) == date(2026, 3, 14)
    assert placement_signals(facts(), date(2025, 12, 13)) == []  # 91 days left
    warning = placement_signals(facts(), date(2025, 12, 14))  # 90 days left
    assert kinds(warning) == {(SignalKind.GROEPSWONEN_LIMIT, Severity.WARNING)}
    assert "over 90 dagen" in warning[0].message and "14-03-2026" in warning[0].message
    assert kinds(placement_signals(facts(), date(2026, 3, 14))) == {
        (SignalKind.GROEPSWONEN_LIMIT, Severity.WARNING)}
    assert kinds(placement_signals(facts(), date(2026, 3, 15))) == {
        (SignalKind.GROEPSWONEN_LIMIT, Severity.ERROR)}


def test_groepswonen_ending_in_time_gives_no_signal():
    assert placement_signals(facts(end=date(2026, 3, 14)), date(2026, 2, 1)) == []


def test_other_products_have_no_two_year_signal():
    assert placement_signals(facts(product_code="BW"), date(2026, 6, 1)) == []


def test_woningzoekende_within_a_month_of_inflow():
    assert woningzoekende_deadline(date(2026, 1, 31)) == date(2026, 2, 28)
    assert woningzoekende_deadline(date(2024, 1, 31)) == date(2024, 2, 29)
    assert woningzoekende_deadline(date(2026, 12, 15)) == date(2027, 1, 15)
    perspective = facts(product_code="BW", start=date(2026, 3, 1), inflow=date(2026, 3, 1),
                        perspective_independent=True)
    assert placement_signals(perspective, date(2026, 3, 10)) == []
    assert kinds(placement_signals(perspective, date(2026, 3, 20))) == {
        (SignalKind.WONINGZOEKENDE, Severity.WARNING)}
    late = placement_signals(perspective, date(2026, 4, 2))
    assert kinds(late) == {(SignalKind.WONINGZOEKENDE, Severity.ERROR)}
    assert "uiterlijk 01-04-2026" in late[0].message


def test_after_doorstroom_the_month_counts_from_the_first_inflow():
    after = facts(product_code="ZWIB", start=date(2026, 6, 1), inflow=date(2026, 3, 1),
                  perspective_independent=True)
    assert kinds(placement_signals(after, date(2026, 6, 2))) == {
        (SignalKind.WONINGZOEKENDE, Severity.ERROR)}


def test_care_past_the_beschikking_end():
    running = facts(product_code="BW", beschikking_end=date(2026, 9, 30))
    assert placement_signals(running, date(2026, 8, 30)) == []
    assert kinds(placement_signals(running, date(2026, 9, 1))) == {
        (SignalKind.BESCHIKKING_ENDED, Severity.WARNING)}
    assert kinds(placement_signals(running, date(2026, 10, 1))) == {
        (SignalKind.BESCHIKKING_ENDED, Severity.ERROR)}
    assert placement_signals(facts(product_code="BW", beschikking_end=date(2026, 9, 30),
                                   end=date(2026, 9, 30)), date(2026, 9, 15)) == []


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "0 dagen"), (1, "1 dag"), (7, "1 week"), (9, "1 week en 2 dagen"), (15, "2 weken en 1 dag"),
     (28, "4 weken"), (-3, "0 dagen")],
)
def test_waiting_time_in_weeks_and_days(days, text):
    assert describe_waiting_time(days) == text


def test_doorstroom_direction_follows_the_intensity_of_care():
    assert doorstroom_direction("BW", "ZWIB") == "lichter"
    assert doorstroom_direction("GWIB", "BWI") == "zwaarder"
    assert doorstroom_direction("MODV", "BW") == "ander product"


# --- properties --------------------------------------------------------------------------------

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(start=dates, months=st.integers(0, 40))
def test_add_months_lands_in_the_right_month_and_never_goes_back(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day and result >= start


@given(days=st.integers(0, 5000))
def test_waiting_time_weeks_and_days_add_up(days):
    text = describe_waiting_time(days)
    match = re.fullmatch(r"(?:(\d+) (?:week|weken))?(?: en )?(?:(\d+) (?:dag|dagen))?", text)
    assert match is not None, text
    weeks, rest = (int(g) if g else 0 for g in match.groups())
    assert weeks * 7 + rest == days and rest < 7


@given(start=dates, length=st.one_of(st.none(), st.integers(0, 1500)), today=dates,
       code=st.sampled_from(["GWIB", "BW", "ZWIB", "MODV"]), perspective=st.booleans(),
       registered=st.one_of(st.none(), dates),
       beschikking_end=st.one_of(st.none(), dates))
def test_signals_follow_their_rules(start, length, today, code, perspective, registered,
                                    beschikking_end):
    end = None if length is None else start + timedelta(days=length)
    f = facts(start=start, end=end, product_code=code, inflow=start,
              perspective_independent=perspective, registered_woningzoekende_on=registered,
              beschikking_end=beschikking_end)
    signals = placement_signals(f, today)
    active = start <= today and (end is None or end >= today)
    if not active:
        assert signals == []
        return
    by_kind = {s.kind: s for s in signals}
    assert len(by_kind) == len(signals)  # at most one signal per kind
    for s in signals:
        assert (s.severity == Severity.ERROR) == (s.due < today)  # error exactly when overdue
    last_day = groepswonen_last_day(start)
    expect_gw = (code == "GWIB" and (end is None or end > last_day)
                 and (last_day - today).days <= GROEPSWONEN_WARNING_DAYS)
    assert (SignalKind.GROEPSWONEN_LIMIT in by_kind) == expect_gw
    if registered is not None or not perspective:
        assert SignalKind.WONINGZOEKENDE not in by_kind
    expect_b = (beschikking_end is not None and (end is None or end > beschikking_end)
                and (beschikking_end - today).days <= BESCHIKKING_WARNING_DAYS)
    assert (SignalKind.BESCHIKKING_ENDED in by_kind) == expect_b


@given(start=dates, today=dates)
def test_a_registered_client_never_gets_a_woningzoekende_signal(start, today):
    assume(start <= today)
    f = facts(product_code="BW", start=start, inflow=start, perspective_independent=True,
              registered_woningzoekende_on=start)
    assert all(s.kind != SignalKind.WONINGZOEKENDE for s in placement_signals(f, today))


def test_groepswonen_signal_counts_from_the_first_consecutive_placement():
    """Transformatieplan Centraal Gelderland, Bijlage 3: 2 years per client, not per placement:
    a new groepswonen placement after 18 months is signalled from the first one's start."""
    since = groepswonen_since([(date(2022, 9, 15), date(2024, 3, 14))], date(2024, 3, 15))
    assert since == date(2022, 9, 15)
    signals = placement_signals(facts(groepswonen_since=since), date(2024, 7, 1))
    assert kinds(signals) == {(SignalKind.GROEPSWONEN_LIMIT, Severity.WARNING)}
    assert "sinds 15-09-2022" in signals[0].message
    assert kinds(placement_signals(facts(groepswonen_since=since), date(2024, 9, 15))) == {
        (SignalKind.GROEPSWONEN_LIMIT, Severity.ERROR)}


def test_a_bw_placement_may_not_start_before_the_18th_birthday():
    """Transformatieplan Centraal Gelderland §3.1 "volwassen"."""
    [violation] = placement_start_violations(track="BW", start=date(2024, 5, 31),
                                             birth_date=date(2006, 6, 1))
    assert "01-06-2024" in violation.message
    assert placement_start_violations(track="BW", start=date(2024, 6, 1),
                                      birth_date=date(2006, 6, 1)) == []
