"""Cent-exact money helpers (pure Python, no Django).

All money in bwmo is a :class:`~decimal.Decimal` in euros, never a ``float``. Amounts that are
stored, shown or paid are quantized to whole cents (``Decimal("0.01")``) with banker's rounding
(``ROUND_HALF_EVEN``), so that rounding errors do not drift systematically in one direction.

:func:`split_by_key` divides an amount over parties by a *verdeelsleutel* (weights) with the
largest-remainder method (Hamilton): every party first gets its exact share rounded down to the
cent, and the cents that are left over go, one each, to the parties with the largest remainders.
The parts therefore always add up to exactly the total, every part differs from the exact share
by less than one cent, and a party with a larger weight never gets less than one with a smaller
weight. Ties are broken by key, so the result does not depend on the order of the mapping.

Error messages are Dutch because they reach the (Dutch) user interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from math import floor

__all__ = [
    "CENT",
    "ZERO",
    "is_cent_exact",
    "split_by_key",
    "sum_money",
    "to_cents",
]

CENT = Decimal("0.01")
"""One euro cent; the quantum of every stored amount."""

ZERO = Decimal("0.00")
"""Zero euros, with two decimals."""


def _require_decimal(value: object, what: str) -> Decimal:
    """Return ``value`` as a finite Decimal; reject floats, bools and other types."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(
            f"{what} moet een Decimal zijn (geen {type(value).__name__}); "
            "gebruik nooit float voor geldbedragen"
        )
    decimal_value = Decimal(value)
    if not decimal_value.is_finite():
        raise ValueError(f"{what} moet een eindig getal zijn, niet {decimal_value}")
    return decimal_value


def to_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` to whole cents, half to even: ``0.025`` → ``0.02``, ``0.035`` → ``0.04``.

    Accepts a Decimal (or int); a float raises ``TypeError``.
    """
    return _require_decimal(amount, "Bedrag").quantize(CENT, rounding=ROUND_HALF_EVEN)


def is_cent_exact(amount: Decimal) -> bool:
    """Whether ``amount`` is a whole number of cents (``12.30`` yes, ``12.305`` no)."""
    value = _require_decimal(amount, "Bedrag")
    return value == value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def sum_money(amounts: Iterable[Decimal]) -> Decimal:
    """Sum amounts exactly; the empty sum is ``Decimal("0.00")`` rather than the int ``0``.

    The result keeps at least two decimals so that totals print as money.
    """
    total = ZERO
    for amount in amounts:
        total += _require_decimal(amount, "Bedrag")
    return total


def split_by_key(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Split ``total`` over the keys of ``weights`` in proportion to the weights, cent-exact.

    Largest-remainder method: each key gets ``floor(total × weight / Σweights)`` in cents, the
    leftover cents go one by one to the keys with the largest fractional remainder (ties: larger
    weight first, then key in ascending order). Computation is exact (rational arithmetic), so
    the outcome never depends on the decimal context.

    Guarantees:

    * ``sum(result.values()) == total`` exactly;
    * every part is within one cent (exclusive) of its exact proportional share;
    * a key with weight 0 gets exactly ``0.00``;
    * a larger weight never gets a smaller part (for a negative total: in absolute value);
    * the result has the same keys, in the same order, as ``weights``, each with two decimals.

    A negative total (e.g. a *meevaller* to be returned) is split as its absolute value and the
    sign applied to every part, so all parts have the same sign as the total.

    :raises TypeError: if ``total`` or a weight is a float (or not a number).
    :raises ValueError: if ``total`` is not a whole number of cents, a weight is negative, there
        are no weights, or all weights are zero.
    """
    total_value = _require_decimal(total, "Totaalbedrag")
    if not is_cent_exact(total_value):
        raise ValueError(
            f"Totaalbedrag {total_value} is niet in hele centen; rond eerst af met to_cents()"
        )
    if not weights:
        raise ValueError("Verdeelsleutel is leeg: er is niemand om het bedrag over te verdelen")

    exact_weights: dict[str, Fraction] = {}
    for key, weight in weights.items():
        weight_value = _require_decimal(weight, f"Gewicht van {key!r}")
        if weight_value < 0:
            raise ValueError(f"Gewicht van {key!r} is negatief ({weight_value}); dat kan niet")
        exact_weights[key] = Fraction(weight_value)

    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum == 0:
        raise ValueError("Alle gewichten in de verdeelsleutel zijn 0; verdelen is onmogelijk")

    sign = -1 if total_value < 0 else 1
    total_cents = int(abs(total_value) / CENT)

    floors: dict[str, int] = {}
    remainders: dict[str, Fraction] = {}
    for key, weight in exact_weights.items():
        quota = Fraction(total_cents) * weight / weight_sum
        floors[key] = floor(quota)
        remainders[key] = quota - floors[key]

    leftover = total_cents - sum(floors.values())
    ranking = sorted(
        exact_weights,
        key=lambda key: (-remainders[key], -exact_weights[key], key),
    )
    for key in ranking[:leftover]:
        floors[key] += 1

    return {key: (Decimal(sign * floors[key]) * CENT).quantize(CENT) for key in weights}
