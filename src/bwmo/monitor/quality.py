"""Data quality of the case history per municipality and provider, as a trend (docs/kpi.md).

Four signals per quarter: clients in care without an origin, stays past the end of their
beschikking, outflow without a destination, and starts/stops registered late by a user.
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

    @property
    def total_last(self) -> int:
        return sum(values[-1] for values in self.counts.values())


@dataclass(frozen=True)
class QualityReport:
    quarters: list[Quarter]
    by_municipality: list[QualityRow]
    by_provider: list[QualityRow]
    totals: dict[str, list[int]]


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

    def rows(position: int, labels: list[str], keys: list[str]) -> list[QualityRow]:
        result = []
        for index, label in enumerate(labels):
            counts = {n: [int(np.count_nonzero(found[n][position] == index)) for found in per_q]
                      for n in names}
            if any(any(v) for v in counts.values()):
                result.append(QualityRow(keys[index], label, counts))
        return sorted(result, key=lambda r: (-r.total_last, r.name))

    totals = {n: [int(found[n][0].size) for found in per_q] for n in names}
    return QualityReport(
        quarters,
        rows(0, facts.municipality_names, facts.municipality_codes),
        rows(1, facts.provider_names, facts.provider_names),
        totals,
    )
