"""Budgets on the ingroeipad and the regional pot's splits (pure Python, DOMAIN §8, seed 002)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bwmo.finance.budget import (
    FinanceInputError,
    KeyKind,
    KeyMix,
    check_ingroeipad,
    combined_budget,
    default_ingroeipad,
    key_weights,
    pot_result,
    split_exact,
)

D = Decimal
PATH = default_ingroeipad()


def test_the_default_ingroeipad_has_10_yearly_steps_to_100_percent_objective_in_2032():
    assert PATH[2022] == D("0.00") and PATH[2023] == D("10.00") and PATH[2027] == D("50.00")
    assert PATH[2032] == D("100.00") and sorted(PATH) == list(range(2022, 2033))


def test_budget_is_historical_and_objective_by_the_weight_of_the_year_minus_wlz():
    line = combined_budget(municipality="GM0202", year=2025, historical=D("1000000.00"),
                           objective=D("800000.00"), wlz_withdrawal=D("10000.00"), ingroeipad=PATH)
    # 1.000.000 × 70 % + 800.000 × 30 % − 10.000
    assert line.amount == D("930000.00") and line.weight == D("30.00")


def test_the_combined_budget_is_rounded_half_even_to_cents_once():
    path = {2025: D("33.33")}
    line = combined_budget(municipality="GM0202", year=2025, historical=D("0.01"),
                           objective=D("0.02"), ingroeipad=path)
    # 0.01 × 0.6667 + 0.02 × 0.3333 = 0.013333 → 0.01
    assert line.amount == D("0.01")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"year": 2040}, "2040 valt buiten het ingroeipad van de regio \\(2022 t/m 2032\\)"),
    ({"historical": D("-1.00")}, "Het historisch budget mag niet negatief zijn"),
    ({"objective": D("1.005")}, "Het objectief budget moet in hele centen zijn"),
    ({"historical": 1000.0}, "moet een bedrag in euro's zijn"),
    ({"wlz_withdrawal": D("5000000.00")}, "De Wlz-uitname .* is groter dan het budget"),
])
def test_bad_budget_input_gets_a_dutch_message(kwargs, message):
    values = {"municipality": "GM0202", "year": 2025, "historical": D("100.00"),
              "objective": D("100.00"), "ingroeipad": PATH, **kwargs}
    with pytest.raises(FinanceInputError, match=message):
        combined_budget(**values)


def test_an_ingroeipad_may_not_go_down_or_leave_0_100():
    with pytest.raises(FinanceInputError, match="mag niet dalen"):
        check_ingroeipad({2023: D("20"), 2024: D("10")})
    with pytest.raises(FinanceInputError, match="tussen 0 en 100"):
        check_ingroeipad({2023: D("120")})


def test_a_mixed_key_must_sum_to_100_percent():
    with pytest.raises(FinanceInputError, match="tellen op tot 90 %, niet tot 100 %"):
        KeyMix(D("50"), D("40"), D("0"))
    with pytest.raises(FinanceInputError, match="0 of meer"):
        KeyMix(D("150"), D("-50"), D("0"))


def test_key_weights_by_inhabitants_objective_historical_and_mix():
    inhabitants = {"GM0202": 150000, "GM0275": 50000}
    objective = {"GM0202": D("600"), "GM0275": D("400")}
    historical = {"GM0202": D("900"), "GM0275": D("100")}
    common = {"inhabitants": inhabitants, "objective": objective, "historical": historical}
    assert key_weights(KeyKind.INHABITANTS, **common) == {"GM0202": D("0.75"), "GM0275": D("0.25")}
    assert key_weights(KeyKind.OBJECTIVE, **common) == {"GM0202": D("0.6"), "GM0275": D("0.4")}
    assert key_weights(KeyKind.HISTORICAL, **common) == {"GM0202": D("0.9"), "GM0275": D("0.1")}
    mix = key_weights(KeyKind.MIX, **common, mix=KeyMix(D("50"), D("25"), D("25")))
    # 0.5 × 0.75 + 0.25 × 0.6 + 0.25 × 0.9 = 0.75
    assert mix == {"GM0202": D("0.75"), "GM0275": D("0.25")}


def test_a_deficit_is_split_by_the_result_key_and_reconciles():
    weights = {"GM0202": D("1"), "GM0275": D("1"), "GM0274": D("1")}
    result = pot_result(year=2025, contribution_total=D("1000.00"), contribution_weights=weights,
                        spending=D("1100.00"), result_weights=weights)
    assert result.result == D("-100.00")
    # 100 / 3 = 33.33 each, one cent left over: equal remainders → lowest CBS code first
    assert result.settlement == {"GM0202": D("33.34"), "GM0274": D("33.33"), "GM0275": D("33.33")}
    assert sum(result.contributions.values()) == D("1000.00")


def test_a_surplus_is_given_back_as_negative_amounts():
    weights = {"GM0202": D("3"), "GM0275": D("1")}
    result = pot_result(year=2025, contribution_total=D("1000.00"), contribution_weights=weights,
                        spending=D("600.00"), result_weights=weights)
    assert result.settlement == {"GM0202": D("-300.00"), "GM0275": D("-100.00")}


def test_splitting_over_only_zero_weights_is_refused_in_dutch():
    with pytest.raises(FinanceInputError, match="Alle gewichten in de verdeelsleutel zijn 0"):
        split_exact(D("10.00"), {"GM0202": D("0")})


codes = st.lists(st.integers(1, 9999).map(lambda n: f"GM{n:04d}"), min_size=1, max_size=12,
                 unique=True)


@given(codes=codes, data=st.data(), total=st.integers(-10**9, 10**9))
@settings(max_examples=300, deadline=None)
def test_every_split_reconciles_to_the_cent_and_is_within_a_cent_of_its_share(codes, data, total):
    weights = {code: D(data.draw(st.integers(0, 10**6))) for code in codes}
    if not any(weights.values()):
        weights[codes[0]] = D(1)
    amount = D(total) / 100
    parts = split_exact(amount, weights)
    assert sum(parts.values()) == amount
    weight_sum = sum(weights.values())
    for code, part in parts.items():
        assert part == part.quantize(D("0.01"))
        assert abs(part - amount * weights[code] / weight_sum) < D("0.01")


@given(codes=codes, cents=st.integers(0, 10**6))
@settings(max_examples=200, deadline=None)
def test_with_equal_weights_the_leftover_cents_go_to_the_lowest_cbs_codes(codes, cents):
    parts = split_exact(D(cents) / 100, dict.fromkeys(codes, D(1)))
    ordered = [parts[code] for code in sorted(codes)]
    assert ordered == sorted(ordered, reverse=True)
    assert max(ordered) - min(ordered) <= D("0.01")


@given(inhabitants=st.lists(st.integers(1, 10**6), min_size=2, max_size=8),
       shares=st.tuples(st.integers(0, 100), st.integers(0, 100)))
@settings(max_examples=200, deadline=None)
def test_mixed_key_weights_sum_to_one(inhabitants, shares):
    a, b = shares
    if a + b > 100:
        a, b = a // 2, b // 2
    mix = KeyMix(D(a), D(b), D(100 - a - b))
    codes = [f"GM{i:04d}" for i in range(len(inhabitants))]
    values = {c: D(v) for c, v in zip(codes, inhabitants, strict=True)}
    weights = key_weights(KeyKind.MIX, inhabitants=dict(zip(codes, inhabitants, strict=True)),
                          objective=values, historical={c: D(1) for c in codes}, mix=mix)
    assert abs(sum(weights.values()) - 1) < D("1e-20")
