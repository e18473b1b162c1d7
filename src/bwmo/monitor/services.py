"""The kwartaalmonitor of one region (or municipality) and quarter: what the dashboard, the PDF,
the Excel workbook and the JSON report all show, computed once.

The first quarter of a year gets the extended report (uitgebreide rapportage: also the figures
per municipality, the bestandsanalyse and data quality), the other quarters the update
(seed 000 §5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from bwmo.core.suppression import threshold_for
from bwmo.regions.models import Region

from .cohort import CohortRow, cohorts
from .definitions import BY_NAME, DEFINITIONS
from .facts import Facts, cached_facts
from .finance_source import DbFinance
from .kpis import Figure, KpiSet, Quarter, Scope, compute_kpis
from .published import (
    Area,
    Published,
    PublishedQuality,
    publish_cohorts,
    publish_quality,
    publish_quarter,
)
from .quality import QualityReport, quality_report, quality_tables


@dataclass(frozen=True)
class MonitorData:
    region: Region
    municipality: tuple[str, str] | None  # (code, name)
    quarter: Quarter
    kpis: KpiSet
    trend: list[KpiSet]
    per_municipality: list[tuple[str, str, KpiSet]]
    quality: QualityReport | None
    cohorts: list[CohortRow] | None
    published: dict[str, Published]  # per quarter label (the quarter and its trend)
    cohorts_published: Published | None
    threshold: int
    # the data quality as published: suppressed on first use (the cohort page needs none of it)
    quality_publisher: Callable[[], PublishedQuality] | None = None

    @property
    def quality_published(self) -> PublishedQuality | None:
        return None if self.quality_publisher is None else self.quality_publisher()

    @property
    def area(self) -> Area:
        return self.municipality[0] if self.municipality else None

    def hidden(self, kpis: KpiSet, name: str, part: str | None = None,
               area: Area | None = None) -> bool:
        """Is this figure (or this part of its breakdown) of ``kpis`` suppressed?"""
        where = kpis.scope.municipality if area is None else area
        return self.published[kpis.quarter.label].hidden(where, name, part)

    @property
    def legend(self) -> str:
        return self.published[self.quarter.label].legend

    @property
    def extended(self) -> bool:
        return self.quarter.extended

    @property
    def kind_label(self) -> str:
        return "Uitgebreide rapportage" if self.extended else "Kwartaalupdate"

    @property
    def area_name(self) -> str:
        return self.municipality[1] if self.municipality else self.region.name

    @property
    def title(self) -> str:
        return f"Kwartaalmonitor {self.area_name} {self.quarter.year} kwartaal " \
               f"{self.quarter.quarter}"


def monitor_data(
    region: Region, quarter: Quarter, *, municipality: str | None = None,
    product: str | None = None, financing: str | None = None, facts: Facts | None = None,
    full: bool | None = None, today: date | None = None,
) -> MonitorData:
    """Everything of the monitor for ``region`` (or one of its municipalities) in ``quarter``.
    ``full`` forces the extended parts (default: only in the first quarter)."""
    facts = facts if facts is not None else cached_facts([region.slug])
    trend_quarters = quarter.trend(8)
    finance = DbFinance(region, years=(trend_quarters[0].year, quarter.year))
    scope = Scope(region.slug, municipality, product, financing)
    kpis = compute_kpis(facts, scope, quarter, finance=finance)
    trend = [compute_kpis(facts, scope, q, finance=finance) for q in trend_quarters]
    full = quarter.extended if full is None else full
    per_municipality: list[tuple[str, str, KpiSet]] = []
    if municipality is None:
        for member in region.municipalities.order_by("name"):
            per_municipality.append((member.code, member.name, compute_kpis(
                facts, Scope(region.slug, member.code, product, financing), quarter,
                finance=finance)))
    name = None
    if municipality:
        chosen = region.municipalities.filter(code=municipality).first()
        name = (municipality, chosen.name if chosen else municipality)
    peildatum = min(quarter.last, today) if today else quarter.last
    threshold = threshold_for(region.slug)
    members = list(region.municipalities.order_by("name").values_list("code", flat=True))
    published = {q.label: _publish(facts, region.slug, members, q, product, financing, threshold)
                 for q in quarter.trend(8)}
    cohort_rows = cohorts(facts, scope, peildatum) if full else None
    cohorts_published = None
    if full:
        region_rows = cohort_rows if municipality is None else cohorts(
            facts, Scope(region.slug, None, product, financing), peildatum)
        cohorts_published = publish_cohorts(region_rows or [], [
            (code, cohorts(facts, Scope(region.slug, code, product, financing), peildatum))
            for code in members], threshold)
    return MonitorData(
        region, name, quarter, kpis, trend, per_municipality,
        quality_report(facts, scope, quarter) if full else None,
        cohort_rows, published, cohorts_published, threshold,
        partial(_publish_quality, facts, region.slug, quarter, threshold) if full else None,
    )


def _publish_quality(facts: Facts, region: str, quarter: Quarter,
                     threshold: int) -> PublishedQuality:
    """The data-quality tables of the region's 8 trend quarters, each quarter suppressed as its
    own tables; kept per quarter with the extraction like the quarters' figures (the region's
    page and every municipality's page share them, a neighbouring quarter shares 7 of 8)."""
    memo: dict[tuple[object, ...], PublishedQuality] = facts.__dict__.setdefault(
        "_published_quality", {})
    parts = []
    for q in quarter.trend(8):
        key = (region, q, threshold)
        if key not in memo:
            memo[key] = publish_quality(quality_tables(facts, region, q, count=1), threshold)
        parts.append(memo[key])
    return PublishedQuality(threshold, frozenset(
        (name, position, m, p) for position, part in enumerate(parts)
        for name, _zero, m, p in part.hidden_keys))


def _publish(
    facts: Facts, region: str, members: list[str], quarter: Quarter, product: str | None,
    financing: str | None, threshold: int,
) -> Published:
    """One quarter's figures of the region and all its municipalities, suppressed as one table
    (the counts need no finance: budget and realisation are euros, not persons). Kept with the
    extraction (`facts`, itself reused while the case history is unchanged): the linear programs
    are the costly part, and the next request or quarter shares most trend quarters."""
    key = (region, tuple(members), quarter, product, financing, threshold)
    memo: dict[tuple[object, ...], Published] = facts.__dict__.setdefault("_published", {})
    if key not in memo:
        memo[key] = _publish_uncached(facts, region, members, quarter, product, financing,
                                      threshold)
    return memo[key]


def _publish_uncached(
    facts: Facts, region: str, members: list[str], quarter: Quarter, product: str | None,
    financing: str | None, threshold: int,
) -> Published:
    return publish_quarter(
        compute_kpis(facts, Scope(region, None, product, financing), quarter),
        [(code, compute_kpis(facts, Scope(region, code, product, financing), quarter))
         for code in members], threshold)


def figure_json(figure: Figure) -> dict[str, Any]:
    def plain(value: object) -> object:
        return str(value) if isinstance(value, Decimal) else value

    return {
        "title": BY_NAME[figure.name].title if figure.name in BY_NAME else figure.name,
        "value": plain(figure.value), "unit": figure.unit, "available": figure.available,
        "note": figure.display_note,
        "breakdown": {k: plain(v) for k, v in figure.breakdown.items()},
    }


def monitor_json(data: MonitorData) -> dict[str, Any]:
    """The JSON of `bwmo report kwartaalmonitor`: every figure under its docs/kpi.md name.
    Counts are exact, unsuppressed: the JSON is for the region's own analysts on the server
    (docs/monitor.md); the screens, the PDF and the workbook suppress (monitor.published)."""
    return {
        "report": "kwartaalmonitor",
        "kind": "uitgebreid" if data.extended else "update",
        "region": data.region.slug,
        "municipality": data.municipality[0] if data.municipality else None,
        "year": data.quarter.year,
        "quarter": data.quarter.quarter,
        "period": {"first": data.quarter.first.isoformat(), "last": data.quarter.last.isoformat()},
        "kpis": {name: figure_json(fig) for name, fig in data.kpis.figures.items()},
        "trend": {
            "quarters": [k.quarter.label for k in data.trend],
            **{d.name: [str(k.value(d.name)) if isinstance(k.value(d.name), Decimal)
                        else k.value(d.name) for k in data.trend]
               for d in DEFINITIONS if d.chart},
        },
        "per_municipality": [
            {"code": code, "name": name,
             "kpis": {d.name: figure_json(k[d.name]) for d in DEFINITIONS}}
            for code, name, k in data.per_municipality
        ],
        "data_quality": None if data.quality is None else {
            "quarters": [q.label for q in data.quality.quarters],
            "totals": data.quality.totals,
            "by_municipality": [{"code": r.key, "name": r.name, "counts": r.counts}
                                for r in data.quality.by_municipality],
            "by_provider": [{"name": r.name, "counts": r.counts}
                            for r in data.quality.by_provider],
        },
        "cohorts": None if data.cohorts is None else [
            {"year": c.year, "clients": c.clients, "origin": c.origin,
             "still_in_care": c.still_in_care,
             "median_days": None if c.median_days is None else str(c.median_days),
             "over_two_years": None if c.over_two_years is None else str(c.over_two_years),
             "destinations": c.destinations}
            for c in data.cohorts
        ],
    }
