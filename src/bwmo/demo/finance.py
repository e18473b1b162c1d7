"""Demo finance data of a region: budgets 2022-2032 on the ingroeipad, PGB budgets, the regional pot
per year (with a deficit split by a mixed key), issued statements of the last two years (one
version each) and two saved scenarios to compare.

Deterministic (own random stream) and idempotent: a region that already has budgets is skipped.
All figures are fictitious demo values derived from the region's own demo placements.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Q

from bwmo.finance.budget import DEFAULT_INGROEIPAD_END, DEFAULT_INGROEIPAD_START
from bwmo.finance.models import (
    Budget,
    IngroeipadStep,
    PgbBudget,
    PotYear,
    Scenario,
    Statement,
)
from bwmo.finance.money import split_by_key
from bwmo.finance.realisation import realised_cost
from bwmo.finance.services import ingroeipad_for, pot_year_save
from bwmo.journeys.models import Beschikking
from bwmo.placements.models import Placement
from bwmo.regions.models import Region, Tariff

VANGNET_PRODUCTS = ("BWI", "MOCG", "MOCV", "MODO", "MONO", "MODV", "MOZJ")
"""The regional safety net (seed 001 §2.4.6: "een beperkte groep … met complexere zorgvraag",
and MO, regional until the region decides otherwise)."""
GROWTH = Decimal("1.025")
WLZ_SHARE = Decimal("0.03")
PGB_SHARE = Decimal("0.75")
DEMO_SCENARIO = "Basis (kalibratie op eigen historie)"
DEMO_SCENARIO_HIGH = "Hogere instroom (+30 %)"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def _thousands(value: Decimal) -> Decimal:
    return (value / 1000).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * 1000


def write_pgb_budgets(region: Region) -> int:
    """A monthly budget for every PGB beschikking of the region: 75 % of the ZIN tariff."""
    tariffs = {}
    for tariff in Tariff.objects.filter(product__region=region).order_by("valid_from"):
        tariffs[tariff.product_id] = tariff
    new = []
    for beschikking in (Beschikking.objects.filter(client__region=region, financing="pgb",
                                                   product__isnull=False)
                        .filter(pgb_budget__isnull=True).order_by("pk")):
        tariff = tariffs.get(beschikking.product_id)
        if tariff is None:
            continue
        monthly = Decimal(tariff.amount) if tariff.unit == "month" else (
            Decimal(tariff.amount) * 365 / 12)
        new.append(PgbBudget(beschikking=beschikking,
                             monthly_amount=(monthly * PGB_SHARE).quantize(Decimal(1))))
    PgbBudget.objects.bulk_create(new)
    return len(new)


def write_budgets(region: Region, *, rng: random.Random) -> int:
    """Budgets 2022-2032: the 2022 total is the region's realised cost of 2022; historical shares
    follow the clients' origin, objective shares the inhabitants with a fictitious need factor."""
    if not region.ingroeipad_steps.exists():
        IngroeipadStep.objects.bulk_create(
            IngroeipadStep(region=region, year=year, objective_weight=weight)
            for year, weight in ingroeipad_for(region).items()
        )
    municipalities = list(region.municipalities.order_by("code"))
    base = realised_cost(region=region, year=DEFAULT_INGROEIPAD_START)
    total_2022 = _thousands(max(base.total, Decimal(1_000_000)))
    use: dict[str, Decimal] = {m.code: Decimal(0) for m in municipalities}
    for origin_code in (Placement.objects.filter(client__region=region, product__track="BW",
                                                 start_date__lte=date(2021, 12, 31))
                        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date(2021, 1, 1)))
                        .values_list("client__origin_municipality__code", flat=True)):
        if origin_code in use:
            use[origin_code] += 1
    historical_weights = {code: value + 1 for code, value in use.items()}
    objective_weights = {}
    for m in municipalities:
        need = Decimal(rng.randint(70, 130)) / 100
        if m.pk == region.centrumgemeente_id:
            need *= Decimal("1.6")
        objective_weights[m.code] = Decimal(m.inhabitants or 1) * need
    rows = []
    by_code = {m.code: m for m in municipalities}
    for year in range(DEFAULT_INGROEIPAD_START, DEFAULT_INGROEIPAD_END + 1):
        total = _cents(total_2022 * GROWTH ** (year - DEFAULT_INGROEIPAD_START))
        historical = split_by_key(total, historical_weights)
        objective = split_by_key(total, objective_weights)
        wlz = (split_by_key(_cents(total * WLZ_SHARE), historical_weights)
               if year > DEFAULT_INGROEIPAD_START else dict.fromkeys(historical, Decimal("0.00")))
        for code in sorted(by_code):
            rows.append(Budget(
                region=region, municipality=by_code[code], year=year,
                historical_amount=historical[code], objective_amount=objective[code],
                wlz_withdrawal=wlz[code], source="demogegevens (fictief)",
            ))
    Budget.objects.bulk_create(rows)
    return len(rows)


def write_pots(region: Region, *, today: date) -> int:
    """A pot for every year from 2022 up to last year: contributions 90 % of what the vangnet
    cost, so each year closes with a deficit, split 50 % by inhabitants, 50 % by objective share."""
    count = 0
    codes = [c for c in VANGNET_PRODUCTS if region.products.filter(code=c).exists()]
    for year in range(DEFAULT_INGROEIPAD_START, today.year):
        spending = realised_cost(region=region, year=year, product_codes=set(codes)).total
        pot_year_save(
            region=region, year=year, contribution_total=_thousands(spending * Decimal("0.9")),
            contribution_key="objective", result_key="mix",
            result_mix=(Decimal(50), Decimal(50), Decimal(0)), vangnet_product_codes=codes,
        )
        count += 1
    return count


def write_scenario(region: Region, *, today: date) -> int:
    from bwmo.finance.scenarios import scenario_save

    count = 0
    for name, overrides in ((DEMO_SCENARIO, {}), (DEMO_SCENARIO_HIGH, {"inflow_factor": "1.3"})):
        if Scenario.objects.filter(region=region, name=name).exists():
            continue
        scenario_save(region=region, name=name, overrides=overrides, today=today, runs=300)
        count += 1
    return count


def write_statements(region: Region, *, today: date) -> int:
    """Version 1 of the statement of every municipality for the last two years with a pot."""
    from bwmo.finance.statements import statements_issue

    years = list(PotYear.objects.filter(region=region, year__lt=today.year)
                 .order_by("-year").values_list("year", flat=True)[:2])
    count = 0
    for year in sorted(years):
        missing = [m for m in region.municipalities.order_by("code")
                   if not Statement.objects.filter(municipality=m, year=year).exists()]
        if missing:
            count += len(statements_issue(region=region, municipalities=missing, year=year,
                                          user=None, today=today))
    return count


def write_finance_demo(region: Region, *, today: date, rng: random.Random) -> dict[str, int]:
    """Write the finance demo data of ``region`` (nothing when it already has budgets)."""
    if Budget.objects.filter(region=region).exists():
        return {}
    counts = {"pgb-budgetten": write_pgb_budgets(region)}
    counts["budgetten"] = write_budgets(region, rng=rng)
    counts["regionale potten"] = write_pots(region, today=today)
    if PotYear.objects.filter(region=region).exists():
        counts["afrekeningen"] = write_statements(region, today=today)
        counts["scenario's"] = write_scenario(region, today=today)
    return counts
