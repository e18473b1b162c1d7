"""Occupancy and free places on a date: worked examples and properties over random histories."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bwmo.capacity.rules import (
    CapacityStep,
    Stay,
    capacity_on,
    first_excess,
    first_shortage,
    free_and_overbooked,
    free_places_on,
    occupancy_on,
    overbooked_on,
)

BASE = date(2026, 1, 1)
HORIZON = 60  # days looked at in the brute-force checks


def d(n: int) -> date:
    return BASE + timedelta(days=n)


# --- worked examples ---------------------------------------------------------------------------


def test_the_end_date_is_the_last_day_of_care():
    stay = Stay(start=date(2026, 3, 1), end=date(2026, 6, 30))
    assert occupancy_on([stay], date(2026, 6, 30)) == 1
    assert occupancy_on([stay], date(2026, 7, 1)) == 0
    assert occupancy_on([stay], date(2026, 2, 28)) == 0


def test_an_open_stay_occupies_every_day_from_its_start():
    assert occupancy_on([Stay(start=date(2026, 3, 1))], date(2040, 1, 1)) == 1


def test_capacity_follows_the_latest_change_and_a_same_day_correction_wins():
    steps = [CapacityStep(date(2026, 1, 1), 10), CapacityStep(date(2026, 7, 1), 8),
             CapacityStep(date(2026, 7, 1), 9)]
    assert capacity_on(steps, date(2025, 12, 31)) == 0
    assert capacity_on(steps, date(2026, 6, 30)) == 10
    assert capacity_on(steps, date(2026, 7, 1)) == 9


def test_free_places_are_never_negative_and_the_excess_is_overbooked():
    steps = [CapacityStep(d(0), 1)]
    stays = [Stay(d(0)), Stay(d(0))]
    assert free_places_on(steps, stays, d(3)) == 0
    assert overbooked_on(steps, stays, d(3)) == 1
    assert free_and_overbooked(5, 7) == (0, 2)


def test_a_shortage_names_the_first_full_day():
    steps = [CapacityStep(d(0), 1)]
    shortage = first_shortage(steps, [Stay(d(10), d(20))], Stay(d(5)))
    assert shortage is not None and shortage.day == d(10)
    assert (shortage.places, shortage.occupied) == (1, 1)
    assert first_shortage(steps, [Stay(d(10), d(20))], Stay(d(5), d(9))) is None


def test_a_reduction_later_in_the_period_is_a_shortage():
    steps = [CapacityStep(d(0), 2), CapacityStep(d(30), 1)]
    shortage = first_shortage(steps, [Stay(d(0))], Stay(d(5)))
    assert shortage is not None and shortage.day == d(30)


def test_a_reduction_below_occupancy_is_an_excess_until_the_next_change():
    steps = [CapacityStep(d(0), 3), CapacityStep(d(40), 5)]
    stays = [Stay(d(0)), Stay(d(0)), Stay(d(45))]
    assert first_excess(steps, stays, CapacityStep(d(10), 2)) is None
    excess = first_excess(steps, stays, CapacityStep(d(10), 1))
    assert excess is not None and excess.day == d(10) and excess.occupied == 2


# --- properties --------------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=HORIZON)
stays_st = st.lists(
    st.tuples(days, st.one_of(st.none(), st.integers(min_value=0, max_value=30))).map(
        lambda t: Stay(d(t[0]), None if t[1] is None else d(t[0] + t[1]))
    ),
    max_size=8,
)
steps_st = st.lists(
    st.tuples(days, st.integers(min_value=0, max_value=6)).map(lambda t: CapacityStep(d(t[0]), t[1])),
    max_size=5,
)


@given(stays=stays_st, day=days)
def test_occupancy_counts_exactly_the_stays_active_that_day(stays, day):
    expected = sum(1 for s in stays if s.start <= d(day) and (s.end is None or s.end >= d(day)))
    assert occupancy_on(stays, d(day)) == expected


@given(steps=steps_st, stays=stays_st, day=days)
def test_free_places_never_negative_and_free_plus_occupied_covers_capacity(steps, stays, day):
    free = free_places_on(steps, stays, d(day))
    over = overbooked_on(steps, stays, d(day))
    assert free >= 0 and over >= 0
    assert free - over == capacity_on(steps, d(day)) - occupancy_on(stays, d(day))


def _fits_brute_force(steps, stays, new: Stay) -> bool:
    last = new.end or d(HORIZON + 40)
    day = new.start
    while day <= last:
        if occupancy_on(stays, day) + 1 > capacity_on(steps, day):
            return False
        day += timedelta(days=1)
    return True


@settings(max_examples=300)
@given(steps=steps_st, stays=stays_st, start=days,
       length=st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
def test_first_shortage_agrees_with_checking_every_day(steps, stays, start, length):
    new = Stay(d(start), None if length is None else d(start + length))
    shortage = first_shortage(steps, stays, new)
    assert (shortage is None) == _fits_brute_force(steps, stays, new)
    if shortage is not None:
        assert occupancy_on(stays, shortage.day) + 1 > capacity_on(steps, shortage.day)
        day = new.start  # and no earlier day of the stay is short
        while day < shortage.day:
            assert occupancy_on(stays, day) + 1 <= capacity_on(steps, day)
            day += timedelta(days=1)


@settings(max_examples=300)
@given(steps=steps_st, stays=stays_st, valid_from=days, places=st.integers(min_value=0, max_value=6))
def test_first_excess_agrees_with_checking_every_governed_day(steps, stays, valid_from, places):
    new = CapacityStep(d(valid_from), places)
    later = [s.valid_from for s in steps if s.valid_from > new.valid_from]
    until = min(later) if later else d(HORIZON + 41)  # exclusive; stays start by HORIZON
    governed = range((until - new.valid_from).days)
    brute_ok = all(occupancy_on(stays, new.valid_from + timedelta(days=i)) <= places
                   for i in governed)
    assert (first_excess(steps, stays, new) is None) == brute_ok


operations = st.lists(
    st.one_of(
        st.tuples(st.just("place"), days, st.one_of(st.none(), st.integers(0, 30))),
        st.tuples(st.just("capacity"), days, st.integers(0, 5)),
        st.tuples(st.just("end"), st.integers(0, 20), st.integers(0, 30)),
    ),
    max_size=25,
)


@settings(max_examples=200)
@given(ops=operations)
def test_following_the_rules_occupancy_never_exceeds_capacity(ops):
    """Any sequence of placements, capacity changes (only forward in time, as the service
    requires) and endings accepted by the rules keeps occupancy ≤ capacity on every day."""
    steps: list[CapacityStep] = [CapacityStep(d(0), 2)]
    stays: list[Stay] = []
    for op in ops:
        if op[0] == "place":
            new = Stay(d(op[1]), None if op[2] is None else d(op[1] + op[2]))
            if first_shortage(steps, stays, new) is None:
                stays.append(new)
        elif op[0] == "capacity":
            new_step = CapacityStep(d(op[1]), op[2])
            latest = max(s.valid_from for s in steps)
            if new_step.valid_from >= latest and first_excess(steps, stays, new_step) is None:
                steps.append(new_step)
        elif stays:
            index = op[1] % len(stays)
            stay = stays[index]
            if stay.end is None:
                stays[index] = Stay(stay.start, stay.start + timedelta(days=op[2]))
    for i in range(HORIZON + 45):
        day = d(i)
        assert occupancy_on(stays, day) <= capacity_on(steps, day)
        assert free_places_on(steps, stays, day) == capacity_on(steps, day) - occupancy_on(stays, day)
