"""Tests for the woonplaatsbeginsel settlement (pure Python, no database)."""

from __future__ import annotations

import calendar
import dataclasses
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bwmo.finance.money import CENT, ZERO
from bwmo.finance.settlement import (
    DEFAULT_YEARS_OF_SETTLEMENT,
    ExclusionReason,
    SettlementConfig,
    SettlementInputError,
    SettlementStatement,
    Stay,
    TariffChange,
    add_years,
    compute_settlement,
    quarter_bounds,
    settlement_window,
)

D = Decimal
ARNHEM = "GM0202"
APELDOORN = "GM0200"
EDE = "GM0228"
ZEVENAAR = "GM0299"


def make_stay(**overrides: Any) -> Stay:
    """A stay of a client from Arnhem in a facility in Apeldoorn, € 100,00 a day, ongoing."""
    values: dict[str, Any] = {
        "stay_id": "s1",
        "client_id": "c1",
        "origin_municipality": ARNHEM,
        "facility_municipality": APELDOORN,
        "product_code": "BW-24",
        "start": date(2024, 1, 1),
        "end": None,
        "daily_tariff": D("100.00"),
    }
    values.update(overrides)
    return Stay(**values)


def days_by_quarter(statement: SettlementStatement) -> dict[int, int]:
    return {total.quarter: total.days for total in statement.quarter_totals}


def amounts_by_quarter(statement: SettlementStatement) -> dict[int, Decimal]:
    return {total.quarter: total.amount for total in statement.quarter_totals}


# --------------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------------


def test_quarter_bounds() -> None:
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds(2024, 2) == (date(2024, 4, 1), date(2024, 6, 30))
    assert quarter_bounds(2024, 3) == (date(2024, 7, 1), date(2024, 9, 30))
    assert quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    with pytest.raises(SettlementInputError, match="Kwartaal"):
        quarter_bounds(2024, 5)


def test_add_years_maps_29_february_to_1_march_in_common_year() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 3, 1)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(2023, 7, 15), 3) == date(2026, 7, 15)


def test_default_config_is_documented_value() -> None:
    config = SettlementConfig()
    assert config.years_of_settlement == DEFAULT_YEARS_OF_SETTLEMENT == 3
    assert config.share == D(1)


# --------------------------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------------------------


def test_full_leap_year_ongoing_stay() -> None:
    statement = compute_settlement([make_stay()], 2024)

    assert days_by_quarter(statement) == {1: 91, 2: 91, 3: 92, 4: 92}
    assert amounts_by_quarter(statement) == {
        1: D("9100.00"),
        2: D("9100.00"),
        3: D("9200.00"),
        4: D("9200.00"),
    }
    assert statement.year_days == 366
    assert statement.year_total == D("36600.00")
    assert [(line.debtor, line.creditor, line.quarter) for line in statement.lines] == [
        (ARNHEM, APELDOORN, 1),
        (ARNHEM, APELDOORN, 2),
        (ARNHEM, APELDOORN, 3),
        (ARNHEM, APELDOORN, 4),
    ]
    assert statement.pair_total(ARNHEM, APELDOORN) == D("36600.00")
    assert statement.net_position(ARNHEM) == D("36600.00")
    assert statement.net_position(APELDOORN) == D("-36600.00")
    assert statement.excluded == ()


def test_29_february_counts_in_leap_year() -> None:
    stay = make_stay(start=date(2024, 2, 28), end=date(2024, 3, 1))
    statement = compute_settlement([stay], 2024)
    assert statement.year_days == 3
    assert statement.year_total == D("300.00")

    common = make_stay(start=date(2023, 2, 28), end=date(2023, 3, 1))
    assert compute_settlement([common], 2023).year_days == 2


def test_window_from_29_february_ends_on_28_february() -> None:
    stay = make_stay(start=date(2024, 2, 29))
    one_year = SettlementConfig(years_of_settlement=1)
    assert settlement_window(stay, one_year) == (date(2024, 2, 29), date(2025, 2, 28))

    statement = compute_settlement([stay], 2025, one_year)
    assert days_by_quarter(statement) == {1: 31 + 28, 2: 0, 3: 0, 4: 0}
    assert statement.details[-1].last_day == date(2025, 2, 28)

    # Four years on, 2028 is a leap year again: the window ends the day before 29 Feb 2028.
    four_years = SettlementConfig(years_of_settlement=4)
    statement = compute_settlement([stay], 2028, four_years)
    assert days_by_quarter(statement)[1] == 31 + 28
    assert statement.details[0].window_last_day == date(2028, 2, 28)


def test_stay_starting_mid_quarter() -> None:
    statement = compute_settlement([make_stay(start=date(2024, 5, 15))], 2024)
    assert days_by_quarter(statement) == {1: 0, 2: 17 + 30, 3: 92, 4: 92}
    q2 = statement.details[0]
    assert (q2.quarter, q2.first_day, q2.last_day) == (2, date(2024, 5, 15), date(2024, 6, 30))
    assert q2.amount == D("4700.00")


@pytest.mark.parametrize(
    ("start", "expected_days", "window_last_day"),
    [
        # Exactly three years: the last day is 30 June 2024, nothing in Q3.
        (date(2021, 7, 1), {1: 91, 2: 91, 3: 0, 4: 0}, date(2024, 6, 30)),
        # One day later: one day in Q3.
        (date(2021, 7, 2), {1: 91, 2: 91, 3: 1, 4: 0}, date(2024, 7, 1)),
        # One day earlier: the last day of Q2 is already outside the window.
        (date(2021, 6, 30), {1: 91, 2: 90, 3: 0, 4: 0}, date(2024, 6, 29)),
    ],
)
def test_exact_boundary_of_the_settlement_window(
    start: date, expected_days: dict[int, int], window_last_day: date
) -> None:
    statement = compute_settlement([make_stay(start=start)], 2024)
    assert days_by_quarter(statement) == expected_days
    assert all(d.window_last_day == window_last_day for d in statement.details)
    assert max(d.last_day for d in statement.details) == window_last_day


def test_window_expired_before_the_year_is_excluded_with_reason() -> None:
    statement = compute_settlement([make_stay(start=date(2020, 1, 1))], 2024)
    assert statement.details == ()
    assert statement.year_total == ZERO
    [excluded] = statement.excluded
    assert excluded.reason is ExclusionReason.WINDOW_EXPIRED
    assert "31-12-2022" in excluded.explanation


def test_zero_years_means_no_settlement() -> None:
    statement = compute_settlement([make_stay()], 2024, SettlementConfig(years_of_settlement=0))
    assert statement.details == ()
    assert statement.excluded[0].reason is ExclusionReason.WINDOW_EXPIRED


def test_clock_start_before_the_stay_shortens_the_window() -> None:
    # A continued placement: the clock started on 1 July 2021 in an earlier stay.
    stay = make_stay(start=date(2024, 3, 1), clock_start=date(2021, 7, 1))
    statement = compute_settlement([stay], 2024)
    assert days_by_quarter(statement) == {1: 31, 2: 91, 3: 0, 4: 0}


def test_ongoing_stay_is_cut_at_year_end() -> None:
    stay = make_stay(start=date(2024, 12, 1))
    statement = compute_settlement([stay], 2024)
    assert statement.details[-1].last_day == date(2024, 12, 31)
    assert statement.year_days == 31


def test_through_cuts_ongoing_and_ended_stays_for_a_mid_year_statement() -> None:
    ongoing = make_stay(stay_id="ongoing")
    ended = make_stay(stay_id="ended", end=date(2024, 11, 30))
    statement = compute_settlement([ongoing, ended], 2024, through=date(2024, 6, 30))
    assert statement.through == date(2024, 6, 30)
    assert days_by_quarter(statement) == {1: 2 * 91, 2: 2 * 91, 3: 0, 4: 0}
    assert statement.quarter_total(3) == ZERO
    assert statement.lines_for_quarter(4) == ()


def test_stay_outside_the_year_is_excluded_with_reason() -> None:
    stay = make_stay(start=date(2022, 1, 1), end=date(2022, 12, 31))
    statement = compute_settlement([stay], 2024)
    assert [e.reason for e in statement.excluded] == [ExclusionReason.OUTSIDE_PERIOD]

    later = make_stay(start=date(2024, 10, 1))
    statement = compute_settlement([later], 2024, through=date(2024, 9, 30))
    assert [e.reason for e in statement.excluded] == [ExclusionReason.OUTSIDE_PERIOD]


def test_tariff_change_mid_quarter_is_split_into_segments() -> None:
    stay = make_stay(tariff_changes=[TariffChange(date(2024, 2, 15), D("110.50"))])
    statement = compute_settlement([stay], 2024, through=date(2024, 3, 31))
    [q1] = statement.details
    assert [(s.first_day, s.last_day, s.days, s.daily_tariff, s.amount) for s in q1.segments] == [
        (date(2024, 1, 1), date(2024, 2, 14), 45, D("100.00"), D("4500.00")),
        (date(2024, 2, 15), date(2024, 3, 31), 46, D("110.50"), D("5083.00")),
    ]
    assert q1.days == 91
    assert q1.gross_amount == q1.amount == D("9583.00")


def test_tariff_change_on_last_and_first_day_of_a_quarter() -> None:
    stay = make_stay(
        start=date(2024, 3, 30),
        end=date(2024, 4, 2),
        tariff_changes=[
            TariffChange(date(2024, 3, 31), D("120.00")),  # last day of Q1
            TariffChange(date(2024, 4, 1), D("130.00")),  # first day of Q2
            TariffChange(date(2024, 4, 2), D("140.00")),  # last day of the stay
        ],
    )
    q1, q2 = compute_settlement([stay], 2024).details
    assert [(s.first_day, s.days, s.daily_tariff) for s in q1.segments] == [
        (date(2024, 3, 30), 1, D("100.00")),
        (date(2024, 3, 31), 1, D("120.00")),
    ]
    assert [(s.first_day, s.days, s.daily_tariff) for s in q2.segments] == [
        (date(2024, 4, 1), 1, D("130.00")),
        (date(2024, 4, 2), 1, D("140.00")),
    ]
    assert (q1.amount, q2.amount) == (D("220.00"), D("270.00"))


def test_tariff_change_on_29_february_and_before_the_stay() -> None:
    stay = make_stay(
        start=date(2024, 2, 1),
        end=date(2024, 3, 31),
        daily_tariff=D("90.00"),
        tariff_changes=[
            TariffChange(date(2024, 2, 29), D("95.00")),
            TariffChange(date(2023, 1, 1), D("80.00")),  # before the stay: applies from start
        ],
    )
    assert [c.effective_from for c in stay.tariff_changes] == [date(2023, 1, 1), date(2024, 2, 29)]
    statement = compute_settlement([stay], 2024)
    # 1-28 Feb at 80.00 (28 days), 29 Feb - 31 Mar at 95.00 (32 days)
    assert statement.year_total == D(28) * D("80.00") + D(32) * D("95.00")


def test_origin_paying_itself_gives_no_claim() -> None:
    stay = make_stay(paying_municipality=ARNHEM)
    statement = compute_settlement([stay], 2024)
    assert statement.details == statement.lines == statement.pair_totals == ()
    assert statement.net_positions == ()
    assert statement.year_total == ZERO
    assert [e.reason for e in statement.excluded] == [ExclusionReason.ORIGIN_IS_PAYER]


def test_facility_in_origin_gives_no_claim_even_if_centrumgemeente_paid() -> None:
    stay = make_stay(origin_municipality=EDE, facility_municipality=EDE, paying_municipality=ARNHEM)
    statement = compute_settlement([stay], 2024)
    assert statement.details == ()
    assert [e.reason for e in statement.excluded] == [ExclusionReason.FACILITY_IN_ORIGIN]


def test_centrumgemeente_that_paid_is_the_creditor() -> None:
    stay = make_stay(
        origin_municipality=EDE, facility_municipality=APELDOORN, paying_municipality=ARNHEM
    )
    statement = compute_settlement([stay], 2024)
    assert {(d.debtor, d.creditor, d.facility_municipality) for d in statement.details} == {
        (EDE, ARNHEM, APELDOORN)
    }
    assert statement.net_position(APELDOORN) == ZERO


def test_payer_defaults_to_facility_municipality() -> None:
    assert make_stay().payer == APELDOORN
    assert make_stay(paying_municipality=ARNHEM).payer == ARNHEM


def test_share_rounds_half_even_per_stay_quarter() -> None:
    half = SettlementConfig(share=D("0.5"))
    # One day at 0.05 → 0.025 → 0.02 (half to even); one day at 0.07 → 0.035 → 0.04.
    down = make_stay(
        stay_id="down", start=date(2024, 1, 1), end=date(2024, 1, 1), daily_tariff=D("0.05")
    )
    up = make_stay(
        stay_id="up", start=date(2024, 1, 1), end=date(2024, 1, 1), daily_tariff=D("0.07")
    )
    statement = compute_settlement([down, up], 2024, half)
    amounts = {d.stay_id: (d.gross_amount, d.amount) for d in statement.details}
    assert amounts == {"down": (D("0.05"), D("0.02")), "up": (D("0.07"), D("0.04"))}
    assert statement.year_total == D("0.06")

    # Per-stay rounding is visible in the aggregate: two stays of 0.025 give 0.04, not 0.05.
    twins = [dataclasses.replace(down, stay_id=f"twin{i}") for i in (1, 2)]
    assert compute_settlement(twins, 2024, half).year_total == D("0.04")


def test_net_positions_across_several_municipalities() -> None:
    one_day = {"start": date(2024, 4, 1), "end": date(2024, 4, 1)}
    stays = [
        # Arnhem owes Apeldoorn 100.00; Apeldoorn owes Arnhem 30.00; Zevenaar owes Apeldoorn 50.00
        make_stay(stay_id="a", **one_day, daily_tariff=D("100.00")),
        make_stay(
            stay_id="b",
            origin_municipality=APELDOORN,
            facility_municipality=ARNHEM,
            **one_day,
            daily_tariff=D("30.00"),
        ),
        make_stay(stay_id="c", origin_municipality=ZEVENAAR, **one_day, daily_tariff=D("50.00")),
    ]
    statement = compute_settlement(stays, 2024)
    nets = {p.municipality: (p.owes, p.is_owed, p.net) for p in statement.net_positions}
    assert nets == {
        APELDOORN: (D("30.00"), D("150.00"), D("-120.00")),
        ARNHEM: (D("100.00"), D("30.00"), D("70.00")),
        ZEVENAAR: (D("50.00"), ZERO, D("50.00")),
    }
    assert sum(p.net for p in statement.net_positions) == 0
    assert statement.quarter_total(2) == statement.year_total == D("180.00")
    assert [(p.debtor, p.creditor, p.amount) for p in statement.pair_totals] == [
        (APELDOORN, ARNHEM, D("30.00")),
        (ARNHEM, APELDOORN, D("100.00")),
        (ZEVENAAR, APELDOORN, D("50.00")),
    ]


def test_input_order_does_not_matter_and_output_is_sorted() -> None:
    stays = [make_stay(stay_id=f"s{i}", start=date(2024, i, 1)) for i in range(1, 6)]
    forward = compute_settlement(stays, 2024)
    backward = compute_settlement(reversed(stays), 2024)
    assert forward == backward


def test_money_is_decimal_with_cents_everywhere() -> None:
    stay = make_stay(
        start=date(2024, 3, 30), tariff_changes=[TariffChange(date(2024, 8, 1), D("101.25"))]
    )
    statement = compute_settlement([stay], 2024, SettlementConfig(share=D("0.333")))
    amounts = [statement.year_total]
    amounts += [d.amount for d in statement.details] + [d.gross_amount for d in statement.details]
    amounts += [t.amount for t in statement.quarter_totals]
    amounts += [p.net for p in statement.net_positions]
    for amount in amounts:
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -2


# --------------------------------------------------------------------------------------------
# Input validation (Dutch messages)
# --------------------------------------------------------------------------------------------


def test_end_before_start_is_a_clear_dutch_error() -> None:
    with pytest.raises(SettlementInputError) as raised:
        make_stay(start=date(2024, 3, 2), end=date(2024, 3, 1))
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == (
        "Einddatum 01-03-2024 van verblijf s1 ligt vóór de begindatum 02-03-2024"
    )


def test_single_day_stay_is_valid() -> None:
    stay = make_stay(start=date(2024, 3, 1), end=date(2024, 3, 1))
    assert compute_settlement([stay], 2024).year_days == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"daily_tariff": 100.0}, "Dagtarief van verblijf s1 moet een Decimal"),
        ({"daily_tariff": D("-1.00")}, "mag niet negatief"),
        ({"daily_tariff": D("100.005")}, "hele centen"),
        ({"daily_tariff": D("NaN")}, "eindig"),
        ({"origin_municipality": "0202"}, "geen geldige gemeentecode"),
        ({"facility_municipality": "GM02020"}, "geen geldige gemeentecode"),
        ({"paying_municipality": "Arnhem"}, "Betalende gemeente"),
        ({"stay_id": ""}, "Verblijf-id ontbreekt"),
        ({"client_id": " "}, "Cliënt-id"),
        ({"product_code": ""}, "Productcode"),
        ({"start": datetime(2024, 1, 1, 12, 0)}, "zonder tijd"),
        ({"end": "2024-12-31"}, "Einddatum"),
        ({"clock_start": date(2024, 1, 2)}, "ligt na de begindatum"),
        ({"tariff_changes": [(date(2024, 2, 1), D("1.00"))]}, "onbekend formaat"),
        (
            {
                "tariff_changes": [
                    TariffChange(date(2024, 2, 1), D("1.00")),
                    TariffChange(date(2024, 2, 1), D("2.00")),
                ]
            },
            "meer dan één tariefwijziging per 01-02-2024",
        ),
    ],
)
def test_invalid_stay_is_rejected_in_dutch(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(SettlementInputError, match=message):
        make_stay(**overrides)


def test_invalid_tariff_change_is_rejected() -> None:
    with pytest.raises(SettlementInputError, match="Dagtarief per 01-02-2024"):
        TariffChange(date(2024, 2, 1), 12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years_of_settlement": -1}, "Aantal jaren"),
        ({"years_of_settlement": 2.5}, "Aantal jaren"),
        ({"years_of_settlement": True}, "Aantal jaren"),
        ({"share": D("1.01")}, "tussen 0 en 1"),
        ({"share": D("-0.1")}, "tussen 0 en 1"),
        ({"share": 0.5}, "Decimal"),
    ],
)
def test_invalid_config_is_rejected_in_dutch(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SettlementInputError, match=message):
        SettlementConfig(**kwargs)


def test_duplicate_stay_ids_are_rejected() -> None:
    with pytest.raises(SettlementInputError, match="Verblijf-id s1 komt meer dan één keer voor"):
        compute_settlement([make_stay(), make_stay()], 2024)


def test_through_outside_the_year_is_rejected() -> None:
    with pytest.raises(SettlementInputError, match="moet in het verrekenjaar 2024 liggen"):
        compute_settlement([make_stay()], 2024, through=date(2025, 1, 1))


def test_invalid_year_is_rejected() -> None:
    with pytest.raises(SettlementInputError, match="Verrekenjaar"):
        compute_settlement([make_stay()], "2024")  # type: ignore[arg-type]


def test_stay_is_immutable_and_hashable() -> None:
    stay = make_stay(tariff_changes=[TariffChange(date(2024, 2, 1), D("1.00"))])
    assert isinstance(stay.tariff_changes, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        stay.end = date(2024, 2, 1)  # type: ignore[misc]
    assert hash(stay) == hash(dataclasses.replace(stay))


# --------------------------------------------------------------------------------------------
# Invariants (hypothesis)
# --------------------------------------------------------------------------------------------

MUNICIPALITIES = [ARNHEM, APELDOORN, EDE, ZEVENAAR]
SHARES = [D("1"), D("0.5"), D("0.25"), D("0.333"), D("0.9"), D("0")]

tariffs = st.integers(min_value=0, max_value=50_000).map(lambda cents: D(cents) * CENT)


@st.composite
def stays_strategy(draw: st.DrawFn, stay_id: str = "s") -> Stay:
    start = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31)))
    end = draw(st.none() | st.integers(0, 1500).map(lambda n: start + timedelta(days=n)))
    change_dates = draw(
        st.lists(
            st.integers(-200, 1500).map(lambda n: start + timedelta(days=n)),
            max_size=3,
            unique=True,
        )
    )
    clock_start = draw(st.none() | st.integers(0, 800).map(lambda n: start - timedelta(days=n)))
    return Stay(
        stay_id=stay_id,
        client_id=draw(st.sampled_from(["c1", "c2", "c3"])),
        origin_municipality=draw(st.sampled_from(MUNICIPALITIES)),
        facility_municipality=draw(st.sampled_from(MUNICIPALITIES)),
        paying_municipality=draw(st.none() | st.sampled_from(MUNICIPALITIES)),
        product_code=draw(st.sampled_from(["BW-24", "BW-AMB", "MO-NACHT"])),
        start=start,
        end=end,
        daily_tariff=draw(tariffs),
        tariff_changes=[TariffChange(d, draw(tariffs)) for d in change_dates],
        clock_start=clock_start,
    )


@st.composite
def stay_lists(draw: st.DrawFn) -> list[Stay]:
    count = draw(st.integers(0, 8))
    return [draw(stays_strategy(stay_id=f"s{i}")) for i in range(count)]


configs = st.builds(
    SettlementConfig,
    years_of_settlement=st.integers(0, 5),
    share=st.sampled_from(SHARES),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Stay], int, SettlementConfig, date | None]:
    year = draw(st.integers(2020, 2026))
    through = draw(st.none() | st.dates(date(year, 1, 1), date(year, 12, 31)))
    return draw(stay_lists()), year, draw(configs), through


def _settle(scenario: tuple[list[Stay], int, SettlementConfig, date | None]) -> SettlementStatement:
    stays, year, config, through = scenario
    return compute_settlement(stays, year, config, through=through)


@given(scenarios())
def test_quarter_totals_sum_exactly_to_year_total(scenario: Any) -> None:
    statement = _settle(scenario)
    assert [t.quarter for t in statement.quarter_totals] == [1, 2, 3, 4]
    assert sum((t.amount for t in statement.quarter_totals), ZERO) == statement.year_total
    assert sum(t.days for t in statement.quarter_totals) == statement.year_days


@given(scenarios())
def test_every_aggregate_is_the_sum_of_its_detail_lines(scenario: Any) -> None:
    statement = _settle(scenario)
    details = statement.details

    assert sum((d.amount for d in details), ZERO) == statement.year_total
    assert sum(d.days for d in details) == statement.year_days
    for total in statement.quarter_totals:
        mine = [d for d in details if d.quarter == total.quarter]
        assert sum((d.amount for d in mine), ZERO) == total.amount
        assert sum(d.days for d in mine) == total.days
    for line in statement.lines:
        mine = [
            d
            for d in details
            if (d.debtor, d.creditor, d.quarter) == (line.debtor, line.creditor, line.quarter)
        ]
        assert mine
        assert sum((d.amount for d in mine), ZERO) == line.amount
        assert sum(d.days for d in mine) == line.days
    for pair in statement.pair_totals:
        mine = [d for d in details if (d.debtor, d.creditor) == (pair.debtor, pair.creditor)]
        assert sum((d.amount for d in mine), ZERO) == pair.amount
        assert sum(d.days for d in mine) == pair.days
    # Every detail is covered by exactly one line and one pair total.
    assert {(d.debtor, d.creditor, d.quarter) for d in details} == {
        (line.debtor, line.creditor, line.quarter) for line in statement.lines
    }
    assert len(statement.lines) == len({(x.debtor, x.creditor, x.quarter) for x in statement.lines})
    assert sum((p.amount for p in statement.pair_totals), ZERO) == statement.year_total
    for detail in details:
        assert sum((s.amount for s in detail.segments), ZERO) == detail.gross_amount
        assert sum(s.days for s in detail.segments) == detail.days


@given(scenarios())
def test_net_positions_sum_to_zero_and_match_the_pairs(scenario: Any) -> None:
    statement = _settle(scenario)
    assert sum((p.net for p in statement.net_positions), ZERO) == 0
    for position in statement.net_positions:
        owes = sum(
            (p.amount for p in statement.pair_totals if p.debtor == position.municipality), ZERO
        )
        is_owed = sum(
            (p.amount for p in statement.pair_totals if p.creditor == position.municipality),
            ZERO,
        )
        assert (position.owes, position.is_owed) == (owes, is_owed)
        assert position.net == owes - is_owed


@given(scenarios())
def test_detail_days_stay_inside_quarter_stay_and_window(scenario: Any) -> None:
    stays, year, config, through = scenario
    statement = _settle(scenario)
    by_id = {stay.stay_id: stay for stay in stays}
    last_settled_day = through or date(year, 12, 31)
    for detail in statement.details:
        stay = by_id[detail.stay_id]
        quarter_first, quarter_last = quarter_bounds(year, detail.quarter)
        window_first, window_last = settlement_window(stay, config)
        assert 1 <= detail.days <= (quarter_last - quarter_first).days + 1
        assert detail.days == (detail.last_day - detail.first_day).days + 1
        assert quarter_first <= detail.first_day <= detail.last_day <= quarter_last
        assert stay.start <= detail.first_day
        assert stay.end is None or detail.last_day <= stay.end
        assert detail.last_day <= last_settled_day
        # No day after the N-year window, and never more than N years' worth of days.
        assert window_first <= detail.first_day
        assert detail.last_day <= window_last == detail.window_last_day
        assert detail.last_day < add_years(stay.settlement_clock_start, config.years_of_settlement)
        assert detail.debtor != detail.creditor


@given(scenarios())
def test_stays_whose_origin_pays_produce_nothing(scenario: Any) -> None:
    stays, year, config, through = scenario
    self_paid = [dataclasses.replace(s, paying_municipality=s.origin_municipality) for s in stays]
    statement = compute_settlement(self_paid, year, config, through=through)
    assert statement.details == statement.lines == statement.pair_totals == ()
    assert statement.net_positions == ()
    assert statement.year_total == ZERO
    assert all(t.amount == ZERO and t.days == 0 for t in statement.quarter_totals)
    assert len(statement.excluded) == len(stays)


@given(scenarios())
def test_every_stay_is_either_settled_or_excluded_with_a_reason(scenario: Any) -> None:
    stays, *_ = scenario
    statement = _settle(scenario)
    settled = {d.stay_id for d in statement.details}
    excluded = {e.stay_id for e in statement.excluded}
    assert settled.isdisjoint(excluded)
    assert settled | excluded == {s.stay_id for s in stays}
    for exclusion in statement.excluded:
        assert exclusion.explanation


@given(scenarios(), st.randoms(use_true_random=False))
def test_order_of_the_stays_does_not_matter(scenario: Any, random: Any) -> None:
    stays, year, config, through = scenario
    shuffled = list(stays)
    random.shuffle(shuffled)
    assert compute_settlement(shuffled, year, config, through=through) == _settle(scenario)


@given(
    stay=stays_strategy(),
    cut=st.integers(1, 1500),
    year=st.integers(2020, 2026),
    config=configs,
)
def test_splitting_a_stay_in_two_consecutive_stays_gives_the_same_result(
    stay: Stay, cut: int, year: int, config: SettlementConfig
) -> None:
    if stay.end is not None:
        cut = 1 + cut % max((stay.end - stay.start).days, 1)
    split_day = stay.start + timedelta(days=cut)
    if stay.end is not None and split_day > stay.end:
        return  # a one-day stay cannot be split
    first = dataclasses.replace(stay, stay_id="first", end=split_day - timedelta(days=1))
    second = dataclasses.replace(
        stay, stay_id="second", start=split_day, clock_start=stay.settlement_clock_start
    )

    whole = compute_settlement([stay], year, config)
    parts = compute_settlement([first, second], year, config)

    def gross(statement: SettlementStatement) -> dict[int, Decimal]:
        result: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for detail in statement.details:
            result[detail.quarter] += detail.gross_amount
        return dict(result)

    assert days_by_quarter(parts) == days_by_quarter(whole)
    assert gross(parts) == gross(whole)
    if config.share == 1:
        assert parts.year_total == whole.year_total
        assert parts.lines == whole.lines
        assert parts.net_positions == whole.net_positions
    else:
        # Two roundings instead of one: at most one cent apart per quarter.
        for quarter in (1, 2, 3, 4):
            difference = parts.quarter_total(quarter) - whole.quarter_total(quarter)
            assert abs(difference) <= CENT


def _oracle(
    stays: list[Stay], year: int, config: SettlementConfig, through: date | None
) -> dict[tuple[str, int], tuple[int, Decimal]]:
    """Day-by-day reference computation, written independently of the implementation."""

    def anniversary(day: date, years: int) -> date:
        target = day.year + years
        if (day.month, day.day) == (2, 29) and not calendar.isleap(target):
            return date(target, 3, 1)
        return date(target, day.month, day.day)

    def tariff(stay: Stay, day: date) -> Decimal:
        in_force = [c for c in stay.tariff_changes if c.effective_from <= day]
        return (
            max(in_force, key=lambda c: c.effective_from).daily_tariff
            if in_force
            else (stay.daily_tariff)
        )

    last = through or date(year, 12, 31)
    result: dict[tuple[str, int], tuple[int, Decimal]] = {}
    for stay in stays:
        payer = stay.paying_municipality or stay.facility_municipality
        if stay.origin_municipality in (payer, stay.facility_municipality):
            continue
        clock = stay.clock_start or stay.start
        window_end_exclusive = anniversary(clock, config.years_of_settlement)
        day = date(year, 1, 1)
        while day <= last:
            in_stay = stay.start <= day and (stay.end is None or day <= stay.end)
            if in_stay and clock <= day < window_end_exclusive:
                key = (stay.stay_id, (day.month - 1) // 3 + 1)
                days, amount = result.get(key, (0, ZERO))
                result[key] = (days + 1, amount + tariff(stay, day))
            day += timedelta(days=1)
    return result


@settings(max_examples=150)
@given(scenarios())
def test_matches_a_day_by_day_reference_computation(scenario: Any) -> None:
    stays, year, config, through = scenario
    statement = _settle(scenario)
    expected = _oracle(stays, year, config, through)
    actual = {(d.stay_id, d.quarter): (d.days, d.gross_amount) for d in statement.details}
    assert actual == expected
    for detail in statement.details:
        assert detail.amount == (detail.gross_amount * config.share).quantize(
            CENT, rounding=ROUND_HALF_EVEN
        )


# --------------------------------------------------------------------------------------------
# Monthly tariffs: billed per calendar month (DOMAIN §7, issue 7 item 2)
# --------------------------------------------------------------------------------------------


def test_a_monthly_tariff_bills_each_whole_calendar_month_at_the_monthly_amount() -> None:
    """€ 3.042 a month for all of 2025 is 12 × 3.042 = 36.504,00, not 365 × 100,01."""
    stay = make_stay(daily_tariff=D("3042.00"), tariff_basis="month", start=date(2024, 3, 1))
    s = compute_settlement([stay], 2025)
    assert amounts_by_quarter(s) == {q: D("9126.00") for q in (1, 2, 3, 4)}
    assert s.year_total == D("36504.00")
    # February (28 days) costs as much as March (31 days)
    february = [seg for d in s.details for seg in d.segments if seg.first_day.month == 2]
    assert [(seg.days, seg.amount) for seg in february] == [(28, D("3042.00"))]


def test_a_part_of_a_month_is_pro_rata_to_the_days_of_that_month() -> None:
    # 10-02 t/m 20-05-2025: Feb 19/28, March, April whole, May 20/31
    stay = make_stay(daily_tariff=D("3042.00"), tariff_basis="month",
                     start=date(2025, 2, 10), end=date(2025, 5, 20))
    s = compute_settlement([stay], 2025)
    feb = (D("3042.00") * 19 / 28).quantize(CENT, rounding=ROUND_HALF_EVEN)
    may = (D("3042.00") * 20 / 31).quantize(CENT, rounding=ROUND_HALF_EVEN)
    assert feb == D("2064.21") and may == D("1962.58")
    assert amounts_by_quarter(s) == {1: feb + D("3042.00"), 2: D("3042.00") + may,
                                     3: ZERO, 4: ZERO}


def test_a_monthly_tariff_change_mid_month_splits_the_month() -> None:
    stay = make_stay(daily_tariff=D("3100.00"), tariff_basis="month", start=date(2025, 1, 1),
                     end=date(2025, 1, 31),
                     tariff_changes=[TariffChange(date(2025, 1, 16), D("3410.00"))])
    s = compute_settlement([stay], 2025)
    assert [(seg.days, seg.amount) for seg in s.details[0].segments] == [
        (15, D("1500.00")), (16, D("1760.00")),
    ]


def test_an_unknown_tariff_basis_is_refused_in_dutch() -> None:
    with pytest.raises(SettlementInputError, match="per dag' of 'per maand"):
        make_stay(tariff_basis="week")


@given(
    start=st.dates(date(2024, 11, 1), date(2026, 2, 1)),
    length=st.integers(0, 500),
    tariff=st.integers(1, 900_000).map(lambda c: Decimal(c) / 100),
)
@settings(max_examples=150, deadline=None)
def test_monthly_billing_whole_months_are_exact_and_parts_within_a_month(
    start: date, length: int, tariff: Decimal
) -> None:
    stay = make_stay(start=start, end=start + timedelta(days=length), daily_tariff=tariff,
                     tariff_basis="month", clock_start=date(2024, 1, 1))
    s = compute_settlement([stay], 2025, SettlementConfig(years_of_settlement=10))
    for detail in s.details:
        for seg in detail.segments:
            assert seg.first_day.month == seg.last_day.month
            month_days = calendar.monthrange(seg.first_day.year, seg.first_day.month)[1]
            if seg.days == month_days:
                assert seg.amount == tariff
            else:
                assert 0 <= seg.amount <= tariff
                assert abs(seg.amount - tariff * seg.days / month_days) <= D("0.005")
    assert s.year_total == sum(d.amount for d in s.details)
