"""Budget and realisation for the monitor, read through the finance work (DOMAIN §8).

The budget of a municipality is its ingroeipad budget of the year (`finance.report_builders.
budget_lines`), a quarter a quarter of it (split in cents so the quarters add up to the year);
the realisation is the realised cost of `finance.realisation.realised_cost` (ZIN at the tariff,
PGB at the granted budget), attributed to the responsible municipality, priced for all the
quarters a request shows in one pass (`finance.realisation.realised_by_quarter`), and reused while
its inputs are unchanged (`cached_realised`).
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

# ------------------------------------------------------------------------------------------------
# The realisation, reused while what it is priced from is unchanged (like facts.cached_facts)
# ------------------------------------------------------------------------------------------------

_CACHE: dict[tuple[object, ...], tuple[float, dict[QuarterKey, Decimal]]] = {}
CACHE_SECONDS = 300.0


def realisation_version(region: Region) -> tuple[object, ...]:
    """A fingerprint of everything `realised_by_quarter` reads: the placements, beschikkingen,
    PGB budgets, locations, products and municipalities by row count, highest id and latest
    change; the region's tariffs and contracts (small tables without a change time) row by row."""
    from django.db import connection
    from django.db.models import Count, Max

    from bwmo.capacity.models import Location
    from bwmo.contracts.models import Contract, ContractProduct, ExtensionOption
    from bwmo.finance.models import PgbBudget
    from bwmo.journeys.models import Beschikking
    from bwmo.placements.models import Placement
    from bwmo.regions.models import Municipality, Product, Tariff

    version: list[object] = [connection.settings_dict.get("NAME"), region.pk]
    for model in (Placement, Beschikking, PgbBudget, Location):
        row = model.objects.aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at"))
        version += [row["n"], row["top"], row["changed"]]
    for plain in (Municipality, Product):
        row = plain.objects.aggregate(n=Count("pk"), top=Max("pk"))
        version += [row["n"], row["top"]]
    version.append(tuple(Tariff.objects.filter(product__region=region).order_by("pk")
                         .values_list("pk", "product_id", "valid_from", "valid_to", "amount",
                                      "unit")))
    version.append(tuple(Contract.objects.filter(region=region).order_by("pk").values_list(
        "pk", "provider_id", "start_date", "initial_end_date", "updated_at")))
    version.append(tuple(ContractProduct.objects.filter(contract__region=region).order_by("pk")
                         .values_list("pk", "contract_id", "product_id", "tariff", "unit",
                                      "valid_from", "valid_to")))
    version.append(tuple(ExtensionOption.objects.filter(contract__region=region).order_by("pk")
                         .values_list("pk", "contract_id", "order", "months", "exercised_on")))
    return tuple(version)


def cached_realised(region: Region, first_year: int, last_year: int,
                    ) -> dict[QuarterKey, Decimal]:
    """`realised_by_quarter`, reused while its inputs are unchanged (at most CACHE_SECONDS)."""
    import time

    key = (first_year, last_year, realisation_version(region))
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    cost = realised_by_quarter(region=region, first_year=first_year, last_year=last_year)
    for stale in [k for k, (at, _c) in _CACHE.items() if now - at >= CACHE_SECONDS
                  or k[:2] + k[2][:2] == key[:2] + key[2][:2]]:
        del _CACHE[stale]
    _CACHE[key] = (now, cost)
    return cost


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
            self._cost = cached_realised(self.region, span[0], span[1])
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
