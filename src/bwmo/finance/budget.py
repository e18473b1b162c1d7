"""Budgets on the ingroeipad and the regional pot with its verdeelsleutels — pure Python.

Budget (DOMAIN §8, seed 002: "vanaf 2023 … in stappen verdeeld … ingroeipad van 10 jaar")
-----------------------------------------------------------------------------------------
Per municipality per year::

    budget = historical × (1 − w) + objective × w − Wlz-uitname

``w`` is the objective weight of that year on the region's ingroeipad. The default ingroeipad has
10 yearly steps to 100 % objective in 2032: 2022 0 %, 2023 10 %, …, 2032 100 % (seed 002 starts the
steps in 2023). A region may set every year's weight itself; a year without a weight is outside the
ingroeipad and gets no budget. The combined amount is rounded half-even to whole cents once.

Regional pot (seeds 001 §2.4.6 and 002)
---------------------------------------
Each municipality contributes to the regional pot by a **verdeelsleutel**: by inhabitants, by its
objective share, by its historical use, or a weighted mix of the three (percentages summing to
100 %). The pot pays the regional vangnet products; the year's result is contributions − spending.
A deficit (negative result) or surplus is split by the configured key of seed 002 ("een
verdeelsleutel … voor het verdelen van een eventueel financieel tekort"). Every split is
cent-exact by the largest-remainder method (:func:`bwmo.finance.money.split_by_key`); ties are
broken by CBS code, so the parts always add up to the total.

All amounts are :class:`~decimal.Decimal`; errors are :class:`FinanceInputError` with a Dutch
message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from fractions import Fraction

from .money import CENT, ZERO, is_cent_exact, split_by_key, sum_money

__all__ = [
    "DEFAULT_INGROEIPAD_END",
    "DEFAULT_INGROEIPAD_START",
    "BudgetLine",
    "FinanceInputError",
    "KeyKind",
    "KeyMix",
    "PotResult",
    "check_ingroeipad",
    "combined_budget",
    "default_ingroeipad",
    "key_weights",
    "pot_result",
    "split_exact",
]

DEFAULT_INGROEIPAD_START = 2022
"""The last year fully on the historical budget (0 % objective); seed 002 steps from 2023."""
DEFAULT_INGROEIPAD_END = 2032
"""100 % objective (DOMAIN §8, seed 001 "Toekomstvisie 2032")."""
HUNDRED = Decimal(100)


class FinanceInputError(ValueError):
    """Invalid finance input; the message is Dutch and meant for the user."""


def _money(value: object, what: str, *, allow_negative: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise FinanceInputError(f"{what} moet een bedrag in euro's zijn, niet {value!r}")
    if not value.is_finite():
        raise FinanceInputError(f"{what} moet een eindig bedrag zijn")
    if value < 0 and not allow_negative:
        raise FinanceInputError(f"{what} mag niet negatief zijn (€ {value})")
    if not is_cent_exact(value):
        raise FinanceInputError(f"{what} moet in hele centen zijn, niet {value}")
    return value


def default_ingroeipad(
    start: int = DEFAULT_INGROEIPAD_START, end: int = DEFAULT_INGROEIPAD_END
) -> dict[int, Decimal]:
    """Objective weight in percent per year: 0 % in ``start`` up to 100 % in ``end`` in equal
    steps (default 10 steps of 10 %)."""
    if end <= start:
        raise FinanceInputError("Het eindjaar van het ingroeipad moet na het beginjaar liggen.")
    steps = end - start
    return {
        year: (HUNDRED * (year - start) / steps).quantize(CENT, rounding=ROUND_HALF_EVEN)
        for year in range(start, end + 1)
    }


def check_ingroeipad(weights: Mapping[int, Decimal]) -> None:
    """Weights are percentages 0-100 that never go down from one year to the next."""
    previous: Decimal | None = None
    for year in sorted(weights):
        weight = weights[year]
        if not isinstance(weight, Decimal) or not Decimal(0) <= weight <= HUNDRED:
            raise FinanceInputError(
                f"Het gewicht objectief voor {year} moet tussen 0 en 100 % liggen, niet {weight}."
            )
        if previous is not None and weight < previous:
            raise FinanceInputError(
                f"Het gewicht objectief mag niet dalen: {year} heeft {weight} %, het jaar "
                f"ervoor {previous} %."
            )
        previous = weight


@dataclass(frozen=True, slots=True)
class BudgetLine:
    municipality: str
    year: int
    historical: Decimal
    objective: Decimal
    weight: Decimal  # percent objective
    wlz_withdrawal: Decimal
    amount: Decimal


def combined_budget(
    *, municipality: str, year: int, historical: Decimal, objective: Decimal,
    wlz_withdrawal: Decimal = ZERO, ingroeipad: Mapping[int, Decimal],
) -> BudgetLine:
    """The budget of one municipality in one year on the ingroeipad (see the module docstring)."""
    if year not in ingroeipad:
        years = sorted(ingroeipad)
        span = f"{years[0]} t/m {years[-1]}" if years else "geen jaren"
        raise FinanceInputError(
            f"{year} valt buiten het ingroeipad van de regio ({span}); kies een jaar daarbinnen."
        )
    historical = _money(historical, "Het historisch budget")
    objective = _money(objective, "Het objectief budget")
    wlz_withdrawal = _money(wlz_withdrawal, "De Wlz-uitname")
    weight = ingroeipad[year]
    exact = (historical * (HUNDRED - weight) + objective * weight) / HUNDRED - wlz_withdrawal
    amount = exact.quantize(CENT, rounding=ROUND_HALF_EVEN)
    if amount < 0:
        raise FinanceInputError(
            f"De Wlz-uitname (€ {wlz_withdrawal}) is groter dan het budget van {municipality} "
            f"in {year}."
        )
    return BudgetLine(municipality, year, historical, objective, weight, wlz_withdrawal, amount)


class KeyKind(StrEnum):
    """The verdeelsleutels a region can choose."""

    INHABITANTS = "inhabitants"
    OBJECTIVE = "objective"
    HISTORICAL = "historical"
    MIX = "mix"


KEY_LABELS = {
    KeyKind.INHABITANTS: "Naar inwonertal",
    KeyKind.OBJECTIVE: "Naar aandeel objectief budget",
    KeyKind.HISTORICAL: "Naar historisch gebruik",
    KeyKind.MIX: "Gewogen mix",
}


@dataclass(frozen=True, slots=True)
class KeyMix:
    """Percentages of a mixed key; they must add up to exactly 100 %."""

    inhabitants: Decimal = ZERO
    objective: Decimal = ZERO
    historical: Decimal = ZERO

    def __post_init__(self) -> None:
        for name in ("inhabitants", "objective", "historical"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise FinanceInputError(
                    "De percentages van de verdeelsleutel moeten getallen van 0 of meer zijn."
                )
        total = self.inhabitants + self.objective + self.historical
        if total != HUNDRED:
            raise FinanceInputError(
                f"De percentages van de verdeelsleutel tellen op tot {total} %, niet tot 100 %."
            )


def _shares(values: Mapping[str, Decimal | int], what: str) -> dict[str, Fraction]:
    total = sum((Fraction(v) for v in values.values()), Fraction(0))
    if total <= 0:
        raise FinanceInputError(f"Verdelen {what} kan niet: alle gemeenten hebben 0.")
    return {code: Fraction(v) / total for code, v in values.items()}


def key_weights(
    kind: KeyKind, *, inhabitants: Mapping[str, int], objective: Mapping[str, Decimal],
    historical: Mapping[str, Decimal], mix: KeyMix | None = None,
) -> dict[str, Decimal]:
    """Weights per CBS code for a key (exact fractions as Decimal with 12 decimals)."""
    kind = KeyKind(kind)
    codes = sorted(set(inhabitants) | set(objective) | set(historical))
    if kind is KeyKind.MIX:
        if mix is None:
            raise FinanceInputError("Een gewogen mix heeft percentages nodig.")
        parts = [
            (mix.inhabitants, inhabitants, "naar inwonertal"),
            (mix.objective, objective, "naar objectief budget"),
            (mix.historical, historical, "naar historisch gebruik"),
        ]
        result = dict.fromkeys(codes, Fraction(0))
        for percent, values, what in parts:
            if percent == 0:
                continue
            for code, share in _shares({c: values.get(c, 0) for c in codes}, what).items():
                result[code] += share * Fraction(percent) / 100
    else:
        values, what = {
            KeyKind.INHABITANTS: (inhabitants, "naar inwonertal"),
            KeyKind.OBJECTIVE: (objective, "naar objectief budget"),
            KeyKind.HISTORICAL: (historical, "naar historisch gebruik"),
        }[kind]
        result = _shares({c: values.get(c, 0) for c in codes}, what)
    return {
        code: Decimal(share.numerator) / Decimal(share.denominator)
        for code, share in result.items()
    }


def split_exact(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Split ``total`` to the cent by largest remainder (money.split_by_key): leftover cents go
    to the largest remainders; equal remainders to the larger weight, then the lower CBS code."""
    try:
        # split_by_key breaks ties by larger weight, then key; equal weights → CBS code order
        return split_by_key(total, {code: weights[code] for code in sorted(weights)})
    except ValueError as exc:
        raise FinanceInputError(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class PotResult:
    year: int
    contribution_total: Decimal
    contributions: dict[str, Decimal]
    spending: Decimal
    result: Decimal  # contributions − spending; negative: a deficit
    settlement: dict[str, Decimal]  # what each municipality pays (+) or gets back (−)


def pot_result(
    *, year: int, contribution_total: Decimal, contribution_weights: Mapping[str, Decimal],
    spending: Decimal, result_weights: Mapping[str, Decimal],
) -> PotResult:
    """The pot of one year: contributions by key, spending, result and its split.

    ``settlement[code]`` is positive when the municipality must pay extra (its share of a
    deficit) and negative when it gets money back (its share of a surplus); the settlement adds up
    to exactly ``spending − contribution_total``.
    """
    contribution_total = _money(contribution_total, "De bijdrage aan de regionale pot")
    spending = _money(spending, "De uitgaven uit de regionale pot")
    contributions = split_exact(contribution_total, contribution_weights)
    result = contribution_total - spending
    settlement = (
        split_exact(-result, result_weights) if result != 0
        else dict.fromkeys(sorted(result_weights), ZERO)
    )
    if sum_money(settlement.values()) != -result:  # split_by_key guarantees this
        raise FinanceInputError("De verdeling van het resultaat sluit niet op de cent.")
    return PotResult(year, contribution_total, contributions, spending, result, settlement)
