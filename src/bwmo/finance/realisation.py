"""Realised cost per municipality, per quarter and year, read from the placements (DOMAIN §8).

* **ZIN**: every day of a placement at the tariff of that day as decided by
  :func:`bwmo.finance.tariffs.decide_tariff`: the contract tariff of the location's provider for
  the product (``contracts.ContractProduct``, within the contract's running period), else the
  product's tariff (``regions.Tariff``); a monthly tariff per calendar month (a whole month the
  monthly amount, a part pro rata to the days of that month), as the woonplaatsbeginsel
  settlement prices it (:func:`bwmo.finance.settlement.price_range`).
* **PGB**: the granted budget of the placement's beschikking (:class:`~bwmo.finance.models.
  PgbBudget`, per calendar month, pro rata for part of a month). A PGB placement without a
  granted budget is counted under *zonder budget* (days), never priced at the ZIN tariff.
* **Attribution**: each day to the municipality responsible for the placement as the
  responsibility engine recorded it (``Placement.responsible_municipality``): the centrumgemeente
  for its existing clients and before the decentralisation, the origin for its new clients.
* Days without a valid tariff are counted, not priced.

Every amount is a Decimal in whole cents; totals are exact sums of the priced segments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from bwmo.placements.models import Placement
from bwmo.regions.models import Region

from .money import ZERO, sum_money
from .settlement import TariffBasis, price_range, quarter_bounds
from .tariffs import TariffBook, TariffValue

QUARTERS = (1, 2, 3, 4)


@dataclass
class CostCell:
    days: int = 0
    amount: Decimal = ZERO

    def add(self, days: int, amount: Decimal) -> None:
        self.days += days
        self.amount += amount


@dataclass
class MunicipalityCost:
    code: str
    name: str
    zin: CostCell = field(default_factory=CostCell)
    pgb: CostCell = field(default_factory=CostCell)
    by_quarter: dict[int, CostCell] = field(
        default_factory=lambda: {q: CostCell() for q in QUARTERS})
    by_product: dict[str, CostCell] = field(default_factory=lambda: defaultdict(CostCell))
    unpriced_days: int = 0
    pgb_without_budget_days: int = 0

    @property
    def total(self) -> Decimal:
        return self.zin.amount + self.pgb.amount


@dataclass
class RealisedCost:
    region: Region
    year: int
    quarter: int | None
    first: date
    last: date
    municipalities: dict[str, MunicipalityCost]
    by_product_all: dict[str, CostCell]

    @property
    def total(self) -> Decimal:
        return sum_money(m.total for m in self.municipalities.values())


def period_bounds(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    return quarter_bounds(year, quarter)


def realised_cost(
    *, region: Region, year: int, quarter: int | None = None, through: date | None = None,
    product_codes: set[str] | None = None,
) -> RealisedCost:
    """Realised cost of the region's municipalities in ``year`` (or one quarter of it), up to
    and including ``through`` (default: the end of the period). ``product_codes`` limits it to
    some products (the regional pot's vangnet products)."""
    first, last = period_bounds(year, quarter)
    if through is not None:
        last = min(last, through)
    municipalities = {
        m.code: MunicipalityCost(m.code, m.name)
        for m in region.municipalities.order_by("code")
    }
    by_product_all: dict[str, CostCell] = defaultdict(CostCell)
    result = RealisedCost(region, year, quarter, first, last, municipalities, by_product_all)
    if last < first:
        return result
    placements = (
        Placement.objects.filter(responsible_municipality__region=region, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("product", "responsible_municipality", "beschikking__pgb_budget",
                        "location")
        .defer("responsible_municipality__boundary", "beschikking__responsibility_facts",
               "beschikking__motivation", "beschikking__responsibility_explanation")  # unused here
        .order_by("pk")
    )
    if product_codes is not None:
        placements = placements.filter(product__code__in=product_codes)
    book = TariffBook(region)
    quarter_ranges = [(q, *quarter_bounds(year, q)) for q in QUARTERS]

    for placement in placements.iterator(chunk_size=2000):
        cost = municipalities.get(placement.responsible_municipality.code)
        if cost is None:
            continue
        p_first = max(placement.start_date, first)
        p_last = min(placement.end_date or last, last)
        product = placement.product.code
        if placement.is_pgb:
            budget = getattr(placement.beschikking, "pgb_budget", None) \
                if placement.beschikking_id else None
            if budget is None:
                cost.pgb_without_budget_days += (p_last - p_first).days + 1
                continue
            monthly = Decimal(budget.monthly_amount)
            runs = [(p_first, p_last, (monthly, TariffBasis.MONTH), None)]
            cell_kind = cost.pgb
        else:
            runs = book.runs(provider_id=placement.location.provider_id,
                             product_id=placement.product_id, first=p_first, last=p_last)
            cell_kind = cost.zin
        for run_first, run_last, value, _source in runs:
            if value is None:
                cost.unpriced_days += (run_last - run_first).days + 1
                continue
            amount_value, basis = value
            for q, q_first, q_last in quarter_ranges:
                seg_first, seg_last = max(run_first, q_first), min(run_last, q_last)
                if seg_last < seg_first:
                    continue
                segments = price_range(lambda _d, v=amount_value: v, (), basis,
                                       seg_first, seg_last)
                days = sum(s.days for s in segments)
                amount = sum_money(s.amount for s in segments)
                cell_kind.add(days, amount)
                cost.by_quarter[q].add(days, amount)
                cost.by_product[product].add(days, amount)
                by_product_all[product].add(days, amount)
    return result


QuarterKey = tuple[str, int, int, bool, str]  # (municipality code, year, quarter, PGB, product code)
Run = tuple[date, date, TariffValue | None, object]


def realised_by_quarter(*, region: Region, first_year: int, last_year: int,
                        ) -> dict[QuarterKey, Decimal]:
    """The realised cost of :func:`realised_cost` for every quarter of ``first_year`` up to
    ``last_year`` at once, per (municipality, year, quarter, PGB or not, product): one lean query
    and one pricing pass over the placements (the monitor's trend asks eight quarters).

    Each amount equals the matching cell of ``realised_cost`` for that year or quarter: a tariff
    run is where one tariff holds, so the runs of a provider and product over the whole span,
    cut to a placement's days, are the runs ``realised_cost`` finds for it; each quarter's part
    of a run is priced on its own as there (and the same part is priced once)."""
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    result: dict[QuarterKey, Decimal] = defaultdict(lambda: ZERO)
    if last < first:
        return result
    codes = dict(region.municipalities.values_list("pk", "code"))
    rows = (
        Placement.objects.filter(responsible_municipality__region=region, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by("pk")
        .values_list("responsible_municipality_id", "start_date", "end_date", "is_pgb",
                     "product_id", "product__code", "location__provider_id",
                     "beschikking__pgb_budget__id", "beschikking__pgb_budget__monthly_amount")
    )
    book = TariffBook(region)
    quarter_ranges = [(y, q, *quarter_bounds(y, q))
                      for y in range(first_year, last_year + 1) for q in QUARTERS]
    span_runs: dict[tuple[int | None, int], list[Run]] = {}
    segment_amount: dict[tuple[Decimal, TariffBasis, date, date], Decimal] = {}

    def priced(value: TariffValue, seg_first: date, seg_last: date) -> Decimal:
        key = (*value, seg_first, seg_last)
        if key not in segment_amount:
            segment_amount[key] = sum_money(s.amount for s in price_range(
                lambda _d, v=value[0]: v, (), value[1], seg_first, seg_last))
        return segment_amount[key]

    for (municipality, start, end, is_pgb, product_id, product, provider, budget_id,
         monthly) in rows.iterator(chunk_size=2000):
        code = codes.get(municipality)
        if code is None or (is_pgb and budget_id is None):
            continue
        p_first, p_last = max(start, first), min(end or last, last)
        runs: list[Run]
        if is_pgb:
            runs = [(p_first, p_last, (Decimal(monthly), TariffBasis.MONTH), None)]
        else:
            if (provider, product_id) not in span_runs:
                span_runs[(provider, product_id)] = book.runs(
                    provider_id=provider, product_id=product_id, first=first, last=last)
            runs = [(max(a, p_first), min(b, p_last), v, source)
                    for a, b, v, source in span_runs[(provider, product_id)]
                    if a <= p_last and b >= p_first]
        for run_first, run_last, value, _source in runs:
            if value is None:
                continue
            for y, q, q_first, q_last in quarter_ranges:
                seg_first, seg_last = max(run_first, q_first), min(run_last, q_last)
                if seg_last >= seg_first:
                    result[(code, y, q, bool(is_pgb), product)] += priced(
                        value, seg_first, seg_last)
    return result


@dataclass(frozen=True)
class Variance:
    """Budget vs realisation of one municipality: ``variance = realised − budget`` and its
    drivers, which add up to it exactly (see :func:`variance_drivers`)."""

    code: str
    budget: Decimal
    realised: Decimal
    variance: Decimal
    volume: Decimal
    price: Decimal
    mix: Decimal


def variance_drivers(
    *, code: str, budget: Decimal, current: dict[str, CostCell], base: dict[str, CostCell],
) -> Variance:
    """Split ``realised − budget`` into volume, price and mix against the base year's prices.

    With ``p0`` the base year's average price per day of each product, ``P0`` its average over all
    products and ``d1`` the days this year:

    * price = Σ d1 × (p1 − p0) = realised − Σ d1 × p0 (a product new this year: no price effect);
    * mix = Σ d1 × p0 − Σd1 × P0 (more days in dearer products);
    * volume = Σd1 × P0 − budget (more days than the budget pays for at base prices), taken as
      the remainder so that the three add up to the variance exactly.

    Without a base year all of the variance is volume.
    """
    realised = sum_money(c.amount for c in current.values())
    variance = realised - budget
    base_days = sum(c.days for c in base.values())
    if not base_days or not current:
        return Variance(code, budget, realised, variance, variance, ZERO, ZERO)
    base_avg = sum_money(c.amount for c in base.values()) / base_days
    at_base_prices = Decimal(0)
    for product, cell in current.items():
        b = base.get(product)
        unit = (b.amount / b.days) if b and b.days else (
            cell.amount / cell.days if cell.days else Decimal(0))
        at_base_prices += cell.days * unit
    days = sum(c.days for c in current.values())
    price = (realised - at_base_prices).quantize(Decimal("0.01"))
    mix = (at_base_prices - days * base_avg).quantize(Decimal("0.01"))
    volume = variance - price - mix
    return Variance(code, budget, realised, variance, volume, price, mix)
