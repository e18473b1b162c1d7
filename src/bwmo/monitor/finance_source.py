"""Budget and realisation for the monitor, read through the finance work (DOMAIN §8).

The budget of a municipality is its ingroeipad budget of the year (`finance.report_builders.
budget_lines`), a quarter a quarter of it (split in cents so the quarters add up to the year);
the realisation is the realised cost of `finance.realisation.realised_cost` (ZIN at the tariff,
PGB at the granted budget), attributed to the responsible municipality, priced for all the
quarters a request shows in one pass (`finance.realisation.realised_by_quarter`).
"""

from __future__ import annotations

from decimal import Decimal

from bwmo.core.exceptions import DomainError
from bwmo.finance.models import Budget
from bwmo.finance.money import split_by_key, sum_money
from bwmo.finance.realisation import QuarterKey, realised_by_quarter
from bwmo.finance.report_builders import budget_lines
from bwmo.regions.models import Region

from .kpis import Quarter, Scope


class DbFinance:
    """Budget and realisation of one region. The realisation of every quarter of ``years``
    (first, last) is priced in one pass (`realised_by_quarter`) when first asked; a year outside
    it widens the span and prices again."""

    def __init__(self, region: Region, years: tuple[int, int] | None = None) -> None:
        self.region = region
        self._budgets: dict[int, dict[str, Decimal] | None] = {}
        self._years = years
        self._cost: dict[QuarterKey, Decimal] | None = None
        self._priced: tuple[int, int] | None = None
        self._members: list[str] | None = None

    def _budget_of_year(self, year: int) -> dict[str, Decimal] | None:
        if year not in self._budgets:
            if not Budget.objects.filter(region=self.region, year=year).exists():
                self._budgets[year] = None
            else:
                try:
                    self._budgets[year] = {
                        line.municipality: line.amount
                        for line in budget_lines(self.region, year)}
                except DomainError:
                    self._budgets[year] = None
        return self._budgets[year]

    def _costs(self, year: int) -> dict[QuarterKey, Decimal]:
        if self._cost is None or self._priced is None \
                or not self._priced[0] <= year <= self._priced[1]:
            span = self._years or (year, year)
            if self._priced is not None:
                span = (min(span[0], self._priced[0]), max(span[1], self._priced[1]))
            span = (min(span[0], year), max(span[1], year))
            self._cost = realised_by_quarter(region=self.region, first_year=span[0],
                                             last_year=span[1])
            self._priced = span
        return self._cost

    def budget_and_realisation(
        self, scope: Scope, quarter: Quarter,
    ) -> tuple[Decimal | None, Decimal] | None:
        budgets = self._budget_of_year(quarter.year)
        if budgets is None:
            return None
        cost = self._costs(quarter.year)
        pgb = {"zin": (False,), "pgb": (True,), None: (False, True)}[scope.financing]
        realised = sum_money(
            amount for (code, year, q, is_pgb, product), amount in cost.items()
            if year == quarter.year and q == quarter.quarter and is_pgb in pgb
            and (scope.municipality is None or code == scope.municipality)
            and (scope.product is None or product == scope.product))
        if scope.product or scope.financing:
            return None, realised
        if self._members is None:
            self._members = list(
                self.region.municipalities.order_by("code").values_list("code", flat=True))
        codes = [scope.municipality] if scope.municipality else self._members
        quarter_key = f"Q{quarter.quarter}"
        budget = sum_money(
            split_by_key(budgets[c], {f"Q{q}": Decimal(1) for q in (1, 2, 3, 4)})[quarter_key]
            if budgets.get(c) else Decimal("0.00")
            for c in codes)
        return budget, realised
