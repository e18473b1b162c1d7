"""Bestandsanalyse: BW clients by the year they entered, where they came from, how long they
stayed and where they went (docs/kpi.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from .facts import DESTINATIONS, Facts
from .kpis import TWO_YEARS_DAYS, Scope, _masks, median_days, percent


@dataclass(frozen=True)
class CohortRow:
    year: int
    clients: int
    origin: dict[str, int]
    still_in_care: int
    median_days: Decimal | None
    over_two_years: Decimal | None
    destinations: dict[str, int]
    over_two_years_count: int = 0  # the numerator of over_two_years (for suppression)


def cohorts(facts: Facts, scope: Scope, peildatum: date) -> list[CohortRow]:
    """One row per entry year, oldest first, observed up to ``peildatum``."""
    masks = _masks(facts, scope)
    bw = masks.product_bw[facts.stay_product] & (facts.stay_start <= peildatum.toordinal())
    if scope.financing is not None:
        bw &= facts.stay_pgb == (scope.financing == "pgb")
    idx = np.nonzero(bw)[0]
    if idx.size == 0:
        return []
    clients = facts.stay_client[idx]
    order = np.lexsort((facts.stay_start[idx], clients))
    idx, clients = idx[order], clients[order]
    _u, first_pos, counts = np.unique(clients, return_index=True, return_counts=True)
    first_stay = idx[first_pos]
    last_stay = idx[first_pos + counts - 1]
    keep = np.ones(first_stay.size, dtype=np.bool_)
    if masks.municipality >= 0:
        keep = facts.stay_responsible[first_stay] == masks.municipality
    first_stay, last_stay = first_stay[keep], last_stay[keep]
    day = peildatum.toordinal()
    ends = facts.stay_end[last_stay]
    in_care = ends >= day
    span = np.minimum(ends, day).astype(np.int64) - facts.stay_start[first_stay] + 1
    years = np.array([date.fromordinal(int(d)).year for d in facts.stay_start[first_stay]],
                     dtype=np.int32)
    rows_c = np.searchsorted(facts.client_id, facts.stay_client[first_stay])
    origin = facts.client_origin[rows_c]
    location = facts.stay_location_municipality[first_stay]
    known = origin >= 0
    origin_region = np.where(known, facts.municipality_region[np.where(known, origin, 0)], -2)
    own = known & (origin == location)
    region = known & ~own & (origin_region == masks.region)
    dest = facts.stay_destination[last_stay]
    result = []
    for year in np.unique(years):
        sel = years == year
        n = int(np.count_nonzero(sel))
        gone = sel & ~in_care
        result.append(CohortRow(
            int(year), n,
            {"eigen_gemeente": int(np.count_nonzero(sel & own)),
             "regio": int(np.count_nonzero(sel & region)),
             "buiten_regio": int(np.count_nonzero(sel & known & ~own & ~region)),
             "onbekend": int(np.count_nonzero(sel & ~known))},
            int(np.count_nonzero(sel & in_care)),
            median_days(span[sel]),
            percent(long_stay := int(np.count_nonzero(sel & (span > TWO_YEARS_DAYS))), n),
            {name: int(np.count_nonzero(gone & (dest == i))) for i, name in enumerate(DESTINATIONS)
             if name != "doorstroom"} | {"niet_vastgelegd": int(np.count_nonzero(gone & (dest < 0)))},
            long_stay,
        ))
    return result
