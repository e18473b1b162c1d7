"""Tests for the cent-exact money helpers (pure Python, no database)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bwmo.finance.money import CENT, ZERO, is_cent_exact, split_by_key, sum_money, to_cents

D = Decimal

# --------------------------------------------------------------------------------------------
# to_cents / is_cent_exact / sum_money
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.025"), D("0.02")),
        (D("0.035"), D("0.04")),
        (D("0.0250001"), D("0.03")),
        (D("-0.025"), D("-0.02")),
        (D("12.3"), D("12.30")),
        (D("7"), D("7.00")),
    ],
)
def test_to_cents_rounds_half_even(value: Decimal, expected: Decimal) -> None:
    result = to_cents(value)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_to_cents_rejects_float() -> None:
    with pytest.raises(TypeError, match="float"):
        to_cents(0.1)  # type: ignore[arg-type]


def test_is_cent_exact() -> None:
    assert is_cent_exact(D("12.30"))
    assert is_cent_exact(D("12"))
    assert not is_cent_exact(D("12.305"))


def test_sum_money_empty_is_decimal_zero_with_cents() -> None:
    total = sum_money([])
    assert isinstance(total, Decimal)
    assert total == ZERO
    assert str(total) == "0.00"


def test_sum_money_is_exact() -> None:
    # 0.1 + 0.2 as floats is not 0.3; as Decimals it is.
    assert sum_money([D("0.10"), D("0.20")]) == D("0.30")


def test_sum_money_rejects_float() -> None:
    with pytest.raises(TypeError):
        sum_money([D("1.00"), 0.5])  # type: ignore[list-item]


# --------------------------------------------------------------------------------------------
# split_by_key: examples
# --------------------------------------------------------------------------------------------


def test_split_three_ways_leftover_cent_goes_to_first_key_on_tie() -> None:
    parts = split_by_key(D("100.00"), {"GM0202": D(1), "GM0200": D(1), "GM0221": D(1)})
    # All remainders tie; ties are broken by key, so GM0200 gets the extra cent.
    assert parts == {"GM0202": D("33.33"), "GM0200": D("33.34"), "GM0221": D("33.33")}
    assert list(parts) == ["GM0202", "GM0200", "GM0221"]  # keeps the input order


def test_split_largest_remainder_wins() -> None:
    # 10.00 by 1:2:4 → exact 142.857.., 285.714.., 571.428.. cents; floors sum to 998 cents.
    # The 2 leftover cents go to the largest remainders (.857 for a, .714 for b), not to c.
    parts = split_by_key(D("10.00"), {"c": D(4), "b": D(2), "a": D(1)})
    assert parts == {"a": D("1.43"), "b": D("2.86"), "c": D("5.71")}
    assert sum(parts.values()) == D("10.00")


def test_split_by_inhabitants_decimal_weights() -> None:
    inhabitants = {"GM0202": D("164096"), "GM0221": D("35474"), "GM0274": D("25011")}
    parts = split_by_key(D("1234567.89"), inhabitants)
    assert sum(parts.values()) == D("1234567.89")
    assert parts["GM0202"] > parts["GM0221"] > parts["GM0274"]


def test_split_exact_remainder_tie_goes_to_larger_weight() -> None:
    # 2 cents by 0.1 : 0.2 : 0.7 → exact 0.2, 0.4, 1.4 cents. b and c tie on remainder 0.4
    # (floats would make c's 1.3999.. and hand the cent to b); the larger weight c wins.
    parts = split_by_key(D("0.02"), {"a": D("0.1"), "b": D("0.2"), "c": D("0.7")})
    assert parts == {"a": D("0.00"), "b": D("0.00"), "c": D("0.02")}
    # Tie on remainder 0.5: the larger weight wins, whatever the key order.
    assert split_by_key(D("0.02"), {"a": D(1), "b": D(3)}) == {"a": D("0.00"), "b": D("0.02")}


def test_split_zero_weight_gets_zero() -> None:
    parts = split_by_key(D("0.01"), {"a": D(0), "b": D(1), "c": D(0)})
    assert parts == {"a": D("0.00"), "b": D("0.01"), "c": D("0.00")}


def test_split_negative_total_keeps_sign_on_every_part() -> None:
    parts = split_by_key(D("-100.00"), {"a": D(1), "b": D(1), "c": D(1)})
    assert parts == {"a": D("-33.34"), "b": D("-33.33"), "c": D("-33.33")}
    assert all(part <= 0 for part in parts.values())
    # A part that rounds to nothing is a plain 0.00, not -0.00.
    parts = split_by_key(D("-0.01"), {"a": D(1), "b": D(1)})
    assert parts == {"a": D("-0.01"), "b": D("0.00")}
    assert str(parts["b"]) == "0.00"


def test_split_zero_total_gives_zero_everywhere_without_negative_zero() -> None:
    parts = split_by_key(D("-0.00"), {"a": D(1), "b": D(2)})
    assert parts == {"a": D("0.00"), "b": D("0.00")}
    assert all(not part.is_signed() for part in parts.values())


def test_split_single_key_gets_everything() -> None:
    assert split_by_key(D("12.34"), {"only": D("0.3")}) == {"only": D("12.34")}


def test_split_is_exact_beyond_decimal_context_precision() -> None:
    # Weights with 40 significant digits: float or 28-digit Decimal division would drift.
    weights = {"a": D("1" * 40), "b": D("2" * 40), "c": D("3" * 40)}
    parts = split_by_key(D("600.00"), weights)
    assert parts == {"a": D("100.00"), "b": D("200.00"), "c": D("300.00")}


@pytest.mark.parametrize(
    ("total", "weights", "error", "message"),
    [
        (D("1.005"), {"a": D(1)}, ValueError, "hele centen"),
        (D("1.00"), {}, ValueError, "leeg"),
        (D("1.00"), {"a": D(0), "b": D(0)}, ValueError, "zijn 0"),
        (D("1.00"), {"a": D(1), "b": D(-1)}, ValueError, "negatief"),
        (1.0, {"a": D(1)}, TypeError, "float"),
        (D("1.00"), {"a": 0.5}, TypeError, "float"),
        (D("1.00"), {"a": True}, TypeError, "Decimal"),
        (D("NaN"), {"a": D(1)}, ValueError, "eindig"),
        (D("1.00"), {"a": D("Infinity")}, ValueError, "eindig"),
    ],
)
def test_split_rejects_bad_input_in_dutch(
    total: object, weights: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        split_by_key(total, weights)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# split_by_key: invariants
# --------------------------------------------------------------------------------------------

totals = st.integers(min_value=-(10**12), max_value=10**12).map(lambda cents: D(cents) * CENT)
weight_values = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(D),
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
)
keys = st.text(alphabet="GM0123456789abc", min_size=1, max_size=6)
weight_maps = st.dictionaries(keys, weight_values, min_size=1, max_size=12).filter(
    lambda weights: any(weight > 0 for weight in weights.values())
)


@given(total=totals, weights=weight_maps)
def test_split_parts_sum_exactly_to_total(total: Decimal, weights: dict[str, Decimal]) -> None:
    parts = split_by_key(total, weights)
    assert set(parts) == set(weights)
    assert sum(parts.values(), ZERO) == total
    assert all(is_cent_exact(part) for part in parts.values())


@given(total=totals, weights=weight_maps)
def test_split_each_part_within_one_cent_of_exact_share(
    total: Decimal, weights: dict[str, Decimal]
) -> None:
    parts = split_by_key(total, weights)
    weight_sum = sum((Fraction(w) for w in weights.values()), Fraction(0))
    for key, weight in weights.items():
        exact = Fraction(total) * Fraction(weight) / weight_sum
        assert abs(Fraction(parts[key]) - exact) < Fraction(1, 100)
        if weight == 0:
            assert parts[key] == 0


@given(total=totals, weights=weight_maps)
def test_split_larger_weight_never_gets_less(total: Decimal, weights: dict[str, Decimal]) -> None:
    parts = split_by_key(total, weights)
    for a, weight_a in weights.items():
        for b, weight_b in weights.items():
            if weight_a > weight_b:
                assert abs(parts[a]) >= abs(parts[b])


@given(total=totals, weights=weight_maps, data=st.data())
def test_split_does_not_depend_on_key_order(
    total: Decimal, weights: dict[str, Decimal], data: st.DataObject
) -> None:
    shuffled_keys = data.draw(st.permutations(list(weights)))
    shuffled = {key: weights[key] for key in shuffled_keys}
    assert split_by_key(total, shuffled) == split_by_key(total, weights)


@given(total=totals, weights=weight_maps)
def test_split_negated_total_gives_negated_parts(
    total: Decimal, weights: dict[str, Decimal]
) -> None:
    positive = split_by_key(total, weights)
    negative = split_by_key(-total, weights)
    assert {key: -part for key, part in positive.items()} == negative


@given(total=totals, weights=weight_maps, factor=st.integers(min_value=1, max_value=1000))
def test_split_only_depends_on_weight_ratios(
    total: Decimal, weights: dict[str, Decimal], factor: int
) -> None:
    scaled = {key: weight * factor for key, weight in weights.items()}
    assert split_by_key(total, scaled) == split_by_key(total, weights)
