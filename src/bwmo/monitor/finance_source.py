"""Budget and realisation for the monitor, read through the finance work (DOMAIN §8).

The budget of a municipality is its ingroeipad budget of the year (`finance.report_builders.
budget_lines`), a quarter a quarter of it (split in cents so the quarters add up to the year);
the realisation is the realised cost of `finance.realisation.realised_cost` (ZIN at the tariff,
PGB at the granted budget), attributed to the responsible municipality. Results are cached per
year and quarter for one instance (the trend asks eight quarters).
"""

from __future__ import annotations

from decimal import Decimal

from bwmo.core.exceptions import DomainError
from bwmo.finance.models import Budget
from bwmo.finance.money import split_by_key, sum_money
from bwmo.finance.realisation import RealisedCost, realised_cost
from bwmo.finance.report_builders import budget_lines
from bwmo.regions.models import Region

from .kpis import Quarter, Scope


class DbFinance:
    def __init__(self, region: Region) -> None:
        self.region = region
        self._budgets: dict[int, dict[str, Decimal] | None] = {}
        self._cost: dict[tuple[int, int, str | None], RealisedCost] = {}

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

    def budget_and_realisation(
        self, scope: Scope, quarter: Quarter,
    ) -> tuple[Decimal | None, Decimal] | None:
        budgets = self._budget_of_year(quarter.year)
        if budgets is None:
            return None
        # ZIN/PGB apart needs the quarter itself; otherwise one computation per year serves
        # its four quarters (by_quarter)
        per_quarter = scope.financing is not None
        key = (quarter.year, quarter.quarter if per_quarter else 0, scope.product)
        if key not in self._cost:
            self._cost[key] = realised_cost(
                region=self.region, year=quarter.year,
                quarter=quarter.quarter if per_quarter else None,
                product_codes=None if scope.product is None else {scope.product})
        cost = self._cost[key]
        codes = [scope.municipality] if scope.municipality else list(cost.municipalities)
        cells = [cost.municipalities[c] for c in codes if c in cost.municipalities]
        if scope.financing == "zin":
            realised = sum_money(m.zin.amount for m in cells)
        elif scope.financing == "pgb":
            realised = sum_money(m.pgb.amount for m in cells)
        else:
            realised = sum_money(m.by_quarter[quarter.quarter].amount for m in cells)
        if scope.product or scope.financing:
            return None, realised
        quarter_key = f"Q{quarter.quarter}"
        budget = sum_money(
            split_by_key(budgets[c], {f"Q{q}": Decimal(1) for q in (1, 2, 3, 4)})[quarter_key]
            if budgets.get(c) else Decimal("0.00")
            for c in codes)
        return budget, realised
