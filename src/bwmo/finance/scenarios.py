"""Scenarios to 2032 for a region: calibration from its own history, a back-test of the last 8
quarters, P10/P50/P90 per municipality, the nadeelregio question, saved and compared by name.

* **Calibration** (``calibrate``): per municipality (the client's gemeente van herkomst; else the
  responsible municipality) and product group (intramural, ambulant BW): the clients in care on
  the start day, the yearly inflow per 10,000 inhabitants over the 3 years before it (first
  placements only: a doorstroom is not new inflow), the mean length of stay over the same window
  as days in care / stays ended (the exposure estimator, which counts the long stays still running;
  a move to another location of the same product group is no exit; it scales the Dannenberg
  cohorts), the yearly Wlz transfer of the long-term cohort, and the average tariff.
* **Back-test**: calibrated on the history up to 8 quarters ago, run quarter by quarter from the
  stock of that day, compared with the clients actually in care at each quarter's end.
* **Nadeelregio** (seed 004 §4.3): a municipality whose expected cost in 2032 (P50) exceeds its
  objective budget of 2032 is a *nadeelgemeente* in this scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

import numpy as np

from bwmo.core.exceptions import DomainError
from bwmo.placements.models import Placement
from bwmo.regions.constants import ProductCategory
from bwmo.regions.models import Region, Tariff

from .flow import (
    PARAMETER_RANGES,
    PRODUCTS,
    FlowInputError,
    FlowParams,
    _nl,
    bands,
    simulate,
    stock_shares,
)
from .models import Budget, Scenario
from .money import sum_money
from .reports import Column, Table

HORIZON = 2032
DEFAULT_RUNS = 1000
MAX_RUNS = 5000
GROUPS = {ProductCategory.BW_INTRAMURAAL: 0, ProductCategory.BW_AMBULANT: 1}
DEFAULT_COHORT_MEAN = (1.8 + 4.0 + 10.0) / 3


@dataclass
class Calibration:
    codes: list[str]
    names: list[str]
    params: FlowParams
    start: date


def _placements(region: Region):  # type: ignore[no-untyped-def]
    return (Placement.objects.filter(client__region=region, product__track="BW",
                                     product__category__in=list(GROUPS))
            .select_related("product", "client__origin_municipality"))


def calibrate(region: Region, *, start: date) -> Calibration:
    municipalities = list(region.municipalities.order_by("code"))
    if not municipalities:
        raise DomainError("De regio heeft geen gemeenten.")
    index = {m.pk: i for i, m in enumerate(municipalities)}
    m_count = len(municipalities)
    stock = np.zeros((m_count, 2), dtype=np.int64)
    inflow = np.zeros((m_count, 2), dtype=np.float64)
    exposure = [0, 0]  # days in care within the window, per product group
    exits = [0, 0]  # stays that ended within the window
    wlz_exits = 0
    window_first = start - timedelta(days=3 * 365)
    rows = list(_placements(region).filter(start_date__lte=start).values_list(
        "client__origin_municipality_id", "responsible_municipality_id", "product__category",
        "start_date", "end_date", "previous_id", "outflow_destination", "pk"))
    # a stay followed by another stay in the same product group (a move to another location)
    # is not an exit: the client stays in care
    moved_on = {row[5]: GROUPS[row[2]] for row in rows if row[5] is not None}
    for origin, responsible, category, first, last, previous, destination, pk in rows:
        m = index.get(origin, index.get(responsible))
        if m is None:
            continue
        group = GROUPS[category]
        if last is None or last >= start:
            stock[m, group] += 1
        if previous is None and first >= window_first:
            inflow[m, group] += 1
        seen_first = max(first, window_first)
        seen_last = min(last or start, start - timedelta(days=1))
        if seen_last >= seen_first:
            exposure[group] += (seen_last - seen_first).days + 1
        if last is not None and window_first <= last < start and moved_on.get(pk) != group:
            exits[group] += 1
            if group == 0 and destination == "wlz":
                wlz_exits += 1
    inhabitants = np.array([max(m.inhabitants or 1, 1) for m in municipalities], dtype=np.float64)
    inflow_per_10k = inflow / 3.0 / inhabitants[:, None] * 10_000.0
    # mean length of stay = days in care / stays ended, both within the window (the exposure
    # estimator): the mean of completed stays only would leave out the long stays still running
    # (the Wlz transfer is a hazard of its own in the model: its exits are not counted twice)
    other_exits = exits[0] - wlz_exits
    mean_intra = exposure[0] / other_exits / 365.0 if other_exits > 0 else DEFAULT_COHORT_MEAN
    mean_amb = exposure[1] / exits[1] / 365.0 if exits[1] else 2.0
    los_scale = float(np.clip(mean_intra / DEFAULT_COHORT_MEAN, 0.1, 10.0))
    los_years = tuple(value * los_scale for value in (1.8, 4.0, 10.0))
    long_cohort = max(stock[:, 0].sum() * stock_shares(los_years)[2], 1.0)
    wlz_rate = float(np.clip(wlz_exits / 3.0 / long_cohort, 0.0, 1.0))
    tariffs = _tariffs_cents_per_year(region, start)
    params = FlowParams(
        inhabitants=inhabitants, inflow_per_10k=inflow_per_10k, start_clients=stock,
        los_years=los_years,
        ambulant_los_years=float(max(mean_amb, 0.1)), tariff_cents_per_year=tariffs,
        wlz_share=wlz_rate,
    )
    return Calibration([m.code for m in municipalities], [m.name for m in municipalities],
                       params, start)


def _tariffs_cents_per_year(region: Region, day: date) -> np.ndarray:
    """Average tariff per year of each product group in whole cents (integers)."""
    sums = [0, 0]
    counts = [0, 0]
    for tariff in (Tariff.objects.filter(product__region=region, product__category__in=list(GROUPS),
                                         valid_from__lte=day)
                   .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                   .select_related("product")):
        group = GROUPS[tariff.product.category]
        cents = int(Decimal(tariff.amount) * 100)
        sums[group] += cents * 12 if tariff.unit == "month" else cents * 365
        counts[group] += 1
    default = (6_400_000, 2_700_000)
    return np.array([sums[g] // counts[g] if counts[g] else default[g] for g in (0, 1)],
                    dtype=np.int64)


def parameters_from(overrides: dict[str, Any], calibration: Calibration) -> FlowParams:
    """Apply the user's parameters; a value out of range is a clear Dutch error."""
    params = calibration.params
    changes = {}
    for name, raw in overrides.items():
        if name not in PARAMETER_RANGES:
            raise DomainError(f"Onbekende scenarioparameter '{name}'.")
        low, high, label = PARAMETER_RANGES[name]
        try:
            value = float(str(raw).replace(",", "."))
        except ValueError:
            raise DomainError(f"{label}: '{raw}' is geen getal.") from None
        if not np.isfinite(value) or not low <= value <= high:
            raise DomainError(f"{label} moet tussen {_nl(low)} en {_nl(high)} liggen, niet {raw}.")
        changes[name] = value
    params = replace(params, **changes)
    try:
        params.check()
    except FlowInputError as exc:
        raise DomainError(str(exc)) from exc
    return params


def _cents_to_text(cents: int) -> str:
    return str((Decimal(int(cents)) / 100).quantize(Decimal("0.01")))


def run_scenario(region: Region, *, overrides: dict[str, Any], today: date,
                 runs: int = DEFAULT_RUNS, seed: int = 2032) -> dict[str, Any]:
    if not 10 <= runs <= MAX_RUNS:
        raise DomainError(f"Het aantal runs moet tussen 10 en {MAX_RUNS} liggen.")
    calibration = calibrate(region, start=today)
    params = parameters_from(overrides, calibration)
    first_year = today.year
    years = list(range(first_year, HORIZON + 1))
    result = simulate(params, steps=len(years), runs=runs, seed=seed)
    clients, places, cost = bands(result.clients), bands(result.places), bands(result.cost_cents)
    region_clients = bands(result.clients.sum(axis=2))
    region_cost = bands(result.cost_cents.sum(axis=2))
    objective = {
        b.municipality.code: Decimal(b.objective_amount) - Decimal(b.wlz_withdrawal)
        for b in Budget.objects.filter(region=region, year=HORIZON).select_related("municipality")
    }
    municipalities = []
    for i, code in enumerate(calibration.codes):
        expected = int(cost["p50"][-1, i])
        budget = objective.get(code)
        municipalities.append({
            "code": code, "name": calibration.names[i],
            "clients": {k: [int(v) for v in band[:, i]] for k, band in clients.items()},
            "places": {k: [round(float(v), 1) for v in band[:, i]] for k, band in places.items()},
            "cost": {k: [_cents_to_text(v) for v in band[:, i]] for k, band in cost.items()},
            "objective_budget_2032": None if budget is None else str(budget),
            "expected_cost_2032": _cents_to_text(expected),
            "nadeel": None if budget is None else Decimal(expected) / 100 > budget,
        })
    return {
        "years": years, "runs": runs, "start": today.isoformat(),
        "parameters": {
            "inflow_factor": params.inflow_factor, "los_factor": params.los_factor,
            "wlz_share": round(params.wlz_share, 4), "shift_per_year": params.shift_per_year,
            "sigma": params.sigma,
        },
        "region": {
            "clients": {k: [int(v) for v in band] for k, band in region_clients.items()},
            "cost": {k: [_cents_to_text(v) for v in band] for k, band in region_cost.items()},
        },
        "municipalities": municipalities,
        "backtest": backtest(region, today=today, overrides=overrides),
    }


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def backtest(region: Region, *, today: date, overrides: dict[str, Any],
             quarters: int = 8, runs: int = 200) -> dict[str, Any]:
    """Calibrate 8 quarters back, simulate quarterly, compare with the actual clients in care."""
    start = _quarter_start(today)
    for _ in range(quarters):
        start = _quarter_start(start - timedelta(days=1))
    calibration = calibrate(region, start=start - timedelta(days=1))
    params = parameters_from({k: v for k, v in overrides.items() if k != "shift_per_year"},
                             calibration)
    params = replace(params, shift_per_year=0.0)
    result = simulate(params, steps=quarters, runs=runs, dt=0.25, seed=8)
    band = bands(result.clients.sum(axis=2))
    rows = []
    quarter_first = start
    errors = []
    # the same clients as the model: from, or paid by, one of the region's municipalities
    modelled = (Q(client__origin_municipality__region=region)
                | Q(responsible_municipality__region=region))
    for step in range(quarters):
        nxt = _quarter_start(quarter_first + timedelta(days=95))
        quarter_last = nxt - timedelta(days=1)
        actual = (_placements(region).filter(modelled).filter(start_date__lte=quarter_last)
                  .filter(Q(end_date__isnull=True) | Q(end_date__gte=quarter_last)).count())
        p50 = int(band["p50"][step])
        if actual:
            errors.append(abs(p50 - actual) / actual)
        rows.append({"quarter": f"{quarter_first.year}-K{(quarter_first.month - 1) // 3 + 1}",
                     "actual": actual, "p10": int(band["p10"][step]), "p50": p50,
                     "p90": int(band["p90"][step]),
                     "inside": int(band["p10"][step]) <= actual <= int(band["p90"][step])})
        quarter_first = nxt
    mape = round(100 * sum(errors) / len(errors), 1) if errors else None
    return {"quarters": rows, "mape_percent": mape}


@transaction.atomic
def scenario_save(*, region: Region, name: str, overrides: dict[str, Any], today: date,
                  runs: int = DEFAULT_RUNS) -> Scenario:
    name = (name or "").strip()
    if not name:
        raise DomainError("Geef het scenario een naam.")
    if len(name) > 100:
        raise DomainError("De naam van het scenario is te lang (hoogstens 100 tekens).")
    results = run_scenario(region, overrides=overrides, today=today, runs=runs)
    scenario, _ = Scenario.objects.update_or_create(
        region=region, name=name,
        defaults={"parameters": {**results["parameters"], "runs": runs},
                  "results": results},
    )
    return scenario


def compare(scenarios: list[Scenario]) -> list[dict[str, Any]]:
    """Side by side: per scenario the region's clients and cost in 2032 (P10/P50/P90) and the
    number of nadeelgemeenten."""
    out = []
    for scenario in scenarios:
        r = scenario.results
        out.append({
            "name": scenario.name, "parameters": scenario.parameters,
            "clients_2032": {k: v[-1] for k, v in r["region"]["clients"].items()},
            "cost_2032": {k: v[-1] for k, v in r["region"]["cost"].items()},
            "nadeel": sum(1 for m in r["municipalities"] if m["nadeel"]),
            "mape_percent": r["backtest"]["mape_percent"],
        })
    return out


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def scenario_tables(scenario: Scenario) -> list[Table]:
    """The saved results of a scenario as report tables (screen and Excel): the region's bands
    per year, the nadeelregio answer per municipality and the back-test of 8 quarters."""
    r = scenario.results
    region = r["region"]
    band_rows = [{
        "jaar": str(year),
        **{f"clienten_{k}": region["clients"][k][i] for k in ("p10", "p50", "p90")},
        **{f"kosten_{k}": Decimal(region["cost"][k][i]) for k in ("p10", "p50", "p90")},
    } for i, year in enumerate(r["years"])]
    bands_table = Table("banden", "Regio per jaar", [
        Column("jaar", "Jaar"),
        *[Column(f"clienten_{k}", f"Cliënten {k.upper()}", "int") for k in ("p10", "p50", "p90")],
        *[Column(f"kosten_{k}", f"Kosten {k.upper()} (€)", "money") for k in ("p10", "p50", "p90")],
    ], band_rows, note=f"{r['runs']} runs vanaf {r['start']}; P10/P50/P90 over de runs. "
                      "Percentielen tellen niet op over jaren; daarom geen totaalregel.")
    rows = []
    for m in r["municipalities"]:
        budget = _money(m["objective_budget_2032"])
        expected = Decimal(m["expected_cost_2032"])
        rows.append({
            "cbs_code": m["code"], "gemeente": m["name"],
            "clienten_2032": m["clients"]["p50"][-1],
            "verwachte_kosten": expected, "objectief_budget": budget,
            "verschil": None if budget is None else budget - expected,
            "nadeel": "geen budget" if m["nadeel"] is None else "ja" if m["nadeel"] else "nee",
        })
    with_budget = [row for row in rows if row["objectief_budget"] is not None]
    nadeel_table = Table("nadeelregio", f"Nadeelregio {HORIZON}", [
        Column("cbs_code", "CBS-code"), Column("gemeente", "Gemeente"),
        Column("clienten_2032", f"Cliënten {HORIZON} (P50)", "int"),
        Column("verwachte_kosten", f"Verwachte kosten {HORIZON} (P50, €)", "money"),
        Column("objectief_budget", f"Objectief budget {HORIZON} (€)", "money"),
        Column("verschil", "Budget − kosten (€)", "money"),
        Column("nadeel", "Nadeelgemeente"),
    ], rows, {
        "cbs_code": "Totaal",
        "objectief_budget": sum_money(row["objectief_budget"] for row in with_budget),
        "verschil": sum_money(row["verschil"] for row in with_budget),
    }, note="Nadeelgemeente: de verwachte kosten (P50) in 2032 zijn hoger dan het objectieve "
            "budget van 2032 min de Wlz-uitname (seed 004 §4.3). Het totaal telt alleen de "
            "gemeenten met een budget; de P50 per gemeente telt niet op tot de P50 van de regio.")
    backtest = r["backtest"]
    test_rows = [{
        "kwartaal": q["quarter"], "werkelijk": q["actual"], "p10": q["p10"], "p50": q["p50"],
        "p90": q["p90"], "binnen": "ja" if q["inside"] else "nee",
    } for q in backtest["quarters"]]
    fit = backtest["mape_percent"]
    test_table = Table("backtest", "Terugtoets 8 kwartalen", [
        Column("kwartaal", "Kwartaal"), Column("werkelijk", "Werkelijk in zorg", "int"),
        Column("p10", "Model P10", "int"), Column("p50", "Model P50", "int"),
        Column("p90", "Model P90", "int"), Column("binnen", "Binnen P10-P90"),
    ], test_rows, note=(
        "Gekalibreerd op de historie tot 8 kwartalen geleden en per kwartaal doorgerekend. "
        + ("Gemiddelde afwijking P50 (MAPE): " + f"{fit:g}".replace(".", ",") + " %."
           if fit is not None else "Geen cliënten in zorg om mee te vergelijken.")))
    return [bands_table, nadeel_table, test_table]


def comparison_table(scenarios: list[Scenario]) -> Table:
    """Named scenarios side by side: parameters, the region's clients and cost in 2032."""
    rows = []
    for item in compare(scenarios):
        p = item["parameters"]
        rows.append({
            "scenario": item["name"],
            "instroomfactor": Decimal(str(p["inflow_factor"])),
            "verblijfsduur": Decimal(str(p["los_factor"])),
            "wlz": Decimal(str(p["wlz_share"])),
            "verschuiving": Decimal(str(p["shift_per_year"])),
            **{f"clienten_{k}": item["clients_2032"][k] for k in ("p10", "p50", "p90")},
            **{f"kosten_{k}": Decimal(item["cost_2032"][k]) for k in ("p10", "p50", "p90")},
            "nadeel": item["nadeel"],
            "mape": None if item["mape_percent"] is None else Decimal(str(item["mape_percent"])),
        })
    return Table("vergelijking", "Scenario's naast elkaar", [
        Column("scenario", "Scenario"),
        Column("instroomfactor", "Instroomfactor", "decimal"),
        Column("verblijfsduur", "Factor verblijfsduur", "decimal"),
        Column("wlz", "Naar Wlz per jaar (aandeel)", "decimal"),
        Column("verschuiving", "Verschuiving naar ambulant per jaar", "decimal"),
        *[Column(f"clienten_{k}", f"Cliënten {HORIZON} {k.upper()}", "int")
          for k in ("p10", "p50", "p90")],
        *[Column(f"kosten_{k}", f"Kosten {HORIZON} {k.upper()} (€)", "money")
          for k in ("p10", "p50", "p90")],
        Column("nadeel", "Nadeelgemeenten", "int"),
        Column("mape", "Terugtoets MAPE (%)", "decimal"),
    ], rows, note="Elk scenario heeft zijn eigen parameters; P10/P50/P90 voor de hele regio.")


def scenario_chart(scenario: Scenario) -> dict[str, Any]:
    """Chart data (decimal strings and integers) for the bands and the back-test."""
    r = scenario.results
    return {
        "years": r["years"], "clients": r["region"]["clients"], "cost": r["region"]["cost"],
        "backtest": {
            "labels": [q["quarter"] for q in r["backtest"]["quarters"]],
            "actual": [q["actual"] for q in r["backtest"]["quarters"]],
            **{k: [q[k] for q in r["backtest"]["quarters"]] for k in ("p10", "p50", "p90")},
        },
    }


__all__ = ["PRODUCTS", "backtest", "calibrate", "compare", "comparison_table", "run_scenario",
           "scenario_chart", "scenario_save", "scenario_tables"]
