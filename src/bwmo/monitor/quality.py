"""Data quality of the case history per municipality and provider, as a trend (docs/kpi.md).

Four signals per quarter: clients in care without an origin, stays past the end of their
beschikking, outflow without a destination, and starts/stops registered late by a user.

The screens publish them suppressed (`monitor.published.publish_quality`): per signal and quarter
the region's findings form one table, municipality × provider (`quality_tables`), whose row
totals are the per-municipality rows of the region page, whose column totals are its provider
rows, whose grand total is the region's total, and whose cells are the provider rows of each
municipality's own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

import numpy as np

from .facts import Facts
from .kpis import Quarter, Scope, _masks

INDICATORS: tuple[tuple[str, str], ...] = (
    ("zonder_herkomst", "Cliënten zonder gemeente van herkomst"),
    ("plaatsing_na_einde_beschikking", "Plaatsing loopt door na einde beschikking"),
    ("uitstroom_zonder_bestemming", "Uitstroom zonder bestemming"),
    ("te_laat_geregistreerd", "Start of stop te laat geregistreerd"),
)


@dataclass(frozen=True)
class QualityRow:
    key: str  # municipality code or provider name
    name: str
    counts: dict[str, list[int]]  # indicator → one count per quarter of the trend
    index: int = -1  # municipality or provider index in the facts


@dataclass(frozen=True)
class QualityReport:
    quarters: list[Quarter]
    by_municipality: list[QualityRow]
    by_provider: list[QualityRow]
    totals: dict[str, list[int]]
    municipality: int = -1  # the scope's municipality index, -1 for the region


@dataclass(frozen=True)
class QualityTable:
    """One signal in one quarter for the whole region: findings per municipality (rows, -1 for
    none) and provider (columns, -1 for none); all-zero rows and columns are left out (their
    zeros are published and tie nothing)."""

    rows: tuple[int, ...]
    columns: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]


def _per_quarter(facts: Facts, scope: Scope, quarter: Quarter) -> dict[str, tuple[np.ndarray,
                                                                                  np.ndarray]]:
    """indicator → (municipality index, provider index) of each finding in ``quarter``."""
    masks = _masks(facts, scope)
    first, last = quarter.first.toordinal(), quarter.last.toordinal()
    in_region = masks.product_region[facts.stay_product]
    if masks.municipality >= 0:
        in_region &= facts.stay_responsible == masks.municipality
    start, end = facts.stay_start, facts.stay_end
    active = in_region & (start <= last) & (end >= last)
    rows = np.searchsorted(facts.client_id, facts.stay_client)
    no_origin = active & (facts.client_origin[rows] < 0)
    past_end = active & (facts.stay_beschikking_end < last)
    no_destination = in_region & (end >= first) & (end <= last) & ~facts.stay_has_next \
        & (facts.stay_destination < 0)
    out = {}
    for name, mask in (("zonder_herkomst", no_origin), ("plaatsing_na_einde_beschikking", past_end),
                       ("uitstroom_zonder_bestemming", no_destination)):
        out[name] = (facts.stay_responsible[mask], facts.stay_provider[mask])
    late_days = int(settings.BWMO_MONITOR_LATE_REGISTRATION_DAYS)
    reg_area = masks.region_municipalities[facts.reg_municipality] & (facts.reg_municipality >= 0) \
        if facts.reg_municipality.size else np.zeros(0, dtype=np.bool_)
    if masks.municipality >= 0:
        reg_area = facts.reg_municipality == masks.municipality
    late = reg_area & (facts.reg_occurred >= first) & (facts.reg_occurred <= last) \
        & (facts.reg_delay > late_days)
    out["te_laat_geregistreerd"] = (facts.reg_municipality[late], facts.reg_provider[late])
    return out


def quality_report(facts: Facts, scope: Scope, quarter: Quarter, count: int = 8) -> QualityReport:
    quarters = quarter.trend(count)
    per_q = [_per_quarter(facts, scope, q) for q in quarters]
    names = [name for name, _label in INDICATORS]

    # On a municipality's page every provider with findings in the region keeps its row (zeros
    # included): the suppression may hide a zero of it, which a missing row would give away.
    keep: set[int] = set()
    if scope.municipality:
        for q in quarters:
            for _m, provider in _per_quarter(facts, Scope(scope.region), q).values():
                keep.update(int(p) for p in provider)

    def rows(position: int, labels: list[str], keys: list[str],
             keep: set[int] = keep) -> list[QualityRow]:
        result = []
        for index, label in enumerate(labels):
            counts = {n: [int(np.count_nonzero(found[n][position] == index)) for found in per_q]
                      for n in names}
            if (position == 1 and index in keep) or any(any(v) for v in counts.values()):
                result.append(QualityRow(keys[index], label, counts, index))
        # by name, not by size: an order by the (suppressed) counts would tell which is larger
        return sorted(result, key=lambda r: (r.name, r.index))

    totals = {n: [int(found[n][0].size) for found in per_q] for n in names}
    return QualityReport(
        quarters,
        rows(0, facts.municipality_names, facts.municipality_codes),
        rows(1, facts.provider_names, facts.provider_names),
        totals,
        _masks(facts, scope).municipality,
    )


def quality_tables(facts: Facts, region: str, quarter: Quarter,
                   count: int = 8) -> list[dict[str, QualityTable]]:
    """Per trend quarter (oldest first), per signal: the region's municipality × provider table."""
    result = []
    for q in quarter.trend(count):
        found = _per_quarter(facts, Scope(region), q)
        tables = {}
        for name, _label in INDICATORS:
            municipality, provider = found[name]
            pairs, counts = np.unique(np.stack([municipality, provider]).astype(np.int64),
                                      axis=1, return_counts=True) \
                if municipality.size else (np.zeros((2, 0), dtype=np.int64), np.zeros(0))
            rows = tuple(sorted({int(m) for m in pairs[0]}))
            columns = tuple(sorted({int(p) for p in pairs[1]}))
            grid = [[0] * len(columns) for _ in rows]
            for (m, p), n in zip(pairs.T, counts, strict=True):
                grid[rows.index(int(m))][columns.index(int(p))] = int(n)
            tables[name] = QualityTable(rows, columns, tuple(tuple(r) for r in grid))
        result.append(tables)
    return result
