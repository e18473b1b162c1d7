"""Contract periods: four years from 2017 with twice two years' extension (Regioplan Zuidoost-Drenthe
§4.5), options exercised in order and in time, signals before a contract or option expires."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bwmo.contracts import rules
from bwmo.contracts.rules import Option

FOUR_YEARS_FROM_2017 = (date(2017, 1, 1), date(2020, 12, 31))
TWICE_TWO_YEARS = [Option(1, 24, None), Option(2, 24, None)]


def test_the_regioplan_contract_runs_to_2024_after_both_extensions():
    _start, end = FOUR_YEARS_FROM_2017
    assert rules.effective_end(end, TWICE_TWO_YEARS) == end
    one = [Option(1, 24, date(2020, 3, 1)), Option(2, 24, None)]
    assert rules.effective_end(end, one) == date(2022, 12, 31)
    both = [Option(1, 24, date(2020, 3, 1)), Option(2, 24, date(2022, 5, 1))]
    assert rules.effective_end(end, both) == date(2024, 12, 31)


def test_an_option_must_be_exercised_before_its_notice_period():
    end = date(2020, 12, 31)
    assert rules.option_decision_date(end, 6) == date(2020, 6, 30)
    assert rules.exercise_refusal(
        options=TWICE_TWO_YEARS, order=1, on=date(2020, 6, 30), current_end=end, notice_months=6
    ) is None
    late = rules.exercise_refusal(
        options=TWICE_TWO_YEARS, order=1, on=date(2020, 7, 1), current_end=end, notice_months=6
    )
    assert late is not None and "30-06-2020" in late


def test_the_second_option_waits_for_the_first_and_none_is_exercised_twice():
    end = date(2020, 12, 31)
    assert "eerst" in rules.exercise_refusal(  # type: ignore[operator]
        options=TWICE_TWO_YEARS, order=2, on=date(2020, 1, 1), current_end=end, notice_months=6
    )
    done = [Option(1, 24, date(2020, 3, 1)), Option(2, 24, None)]
    assert "al gelicht" in rules.exercise_refusal(  # type: ignore[operator]
        options=done, order=1, on=date(2020, 4, 1), current_end=end, notice_months=6
    )
    assert rules.exercise_refusal(
        options=TWICE_TWO_YEARS, order=3, on=date(2020, 1, 1), current_end=end, notice_months=6
    ) == "Deze verlengingsoptie bestaat niet."


def test_signals_come_before_the_option_deadline_and_the_end():
    end = date(2020, 12, 31)
    far = rules.contract_signals(today=date(2019, 1, 1), current_end=end, options=TWICE_TWO_YEARS,
                                 notice_months=6, warn_days=120)
    assert far == []
    near = rules.contract_signals(today=date(2020, 4, 1), current_end=end, options=TWICE_TWO_YEARS,
                                  notice_months=6, warn_days=120)
    assert [s.kind for s in near] == ["option_due"] and near[0].due == date(2020, 6, 30)
    missed = rules.contract_signals(today=date(2020, 9, 15), current_end=end,
                                    options=TWICE_TWO_YEARS, notice_months=6, warn_days=120)
    assert {s.kind for s in missed} == {"option_due", "expires"}
    assert "verstreken" in missed[0].text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(-60, 120))
def test_adding_months_lands_in_the_right_month_and_never_past_its_end(day, months):
    result = rules.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    assert result.day == day.day or (result + timedelta(days=1)).day == 1


@given(st.lists(st.integers(1, 60), min_size=0, max_size=4), st.integers(0, 4))
def test_each_exercised_option_extends_by_exactly_its_months(months, exercised):
    end = date(2020, 12, 31)
    options = [Option(i, m, date(2020, 1, 1) if i <= exercised else None)
               for i, m in enumerate(months, 1)]
    total = sum(m for i, m in enumerate(months, 1) if i <= exercised)
    assert rules.effective_end(end, options) == rules.add_months(date(2021, 1, 1), total) - timedelta(days=1)


def test_periods_overlap_inclusive():
    assert rules.periods_overlap(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31), None)
    assert not rules.periods_overlap(date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1), None)
