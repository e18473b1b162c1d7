"""The aggregated figures a region shares with its chain partners, per quarter, suppressed.

Three measures, each a table broken down by the chosen rows (responsible municipality or age
group) against the type of place (BW intramuraal, BW ambulant / groepswonen, MO), with row,
column and grand totals. The counts are the kwartaalmonitor's own (`bwmo.monitor.kpis.
flow_stays`, docs/kpi.md), read from the same extraction, so the export and the monitor cannot
differ:

* **in zorg**: clients with a stay running on the last day of the quarter (a client counted once
  per cell; a client in two types on that day counts in both, so totals count placements of
  clients, which is documented in docs/partners.md);
* **instroom**: clients whose stay started in the quarter and continues no earlier one;
* **uitstroom**: clients whose stay ended in the quarter and was not continued.

The BW columns per municipality are the monitor's *cliënten in zorg*, *instroom* and *uitstroom*
of that municipality and product type; the MO column applies the same definitions to MO stays.

Every table is suppressed with `bwmo.core.suppression.suppress_table` (threshold per region), so
no count below the threshold is published and none can be recovered from the totals.
"""

from dataclasses import dataclass

import numpy as np

from bwmo.core.suppression import SuppressedTable, suppress_table, threshold_for
from bwmo.monitor.facts import cached_facts
from bwmo.monitor.kpis import Quarter, Scope, client_ages, flow_stays
from bwmo.regions.constants import ProductCategory
from bwmo.regions.models import Region


class Breakdown:
    MUNICIPALITY = "gemeente"
    AGE = "leeftijd"
    CHOICES = [(MUNICIPALITY, "Verantwoordelijke gemeente"), (AGE, "Leeftijdsgroep")]


AGE_GROUPS = (("jonger dan 18", 0, 17), ("18 tot en met 29", 18, 29), ("30 tot en met 49", 30, 49),
              ("50 en ouder", 50, 200))
MEASURES = (("in_zorg", "In zorg op de laatste dag van het kwartaal"),
            ("instroom", "Instroom in het kwartaal"),
            ("uitstroom", "Uitstroom in het kwartaal"))


@dataclass(frozen=True)
class PartnerExport:
    region: Region
    year: int
    quarter: int
    breakdown: str
    tables: tuple[tuple[str, str, SuppressedTable], ...]  # (key, title, table)

    @property
    def period(self) -> str:
        return f"{self.year} kwartaal {self.quarter}"


def partner_export(region: Region, year: int, quarter: int, breakdown: str) -> PartnerExport:
    facts = cached_facts([region.slug])
    period = Quarter(year, quarter)
    categories = list(ProductCategory.values)
    labels = dict(ProductCategory.choices)
    column_of_product = np.array([categories.index(c) if c in categories else -1
                                  for c in facts.product_category], dtype=np.int64)
    column = column_of_product[facts.stay_product] if facts.stay_product.size \
        else np.zeros(0, dtype=np.int64)
    if breakdown == Breakdown.MUNICIPALITY:
        members = list(region.municipalities.order_by("name"))
        row_labels = [m.name for m in members]
        row_of_municipality = np.full(len(facts.municipality_codes) + 1, -1, dtype=np.int64)
        for i, m in enumerate(members):
            row_of_municipality[facts.municipality_index(m.code)] = i
        row = row_of_municipality[facts.stay_responsible]  # none (-1) reads the extra -1
    else:
        row_labels = [label for label, _, _ in AGE_GROUPS]
        ages = client_ages(facts, facts.stay_client, period.last)
        row = np.full(facts.stay_client.size, -1, dtype=np.int64)
        for i, (_label, lo, hi) in reversed(list(enumerate(AGE_GROUPS))):
            row[(ages >= lo) & (ages <= hi)] = i
    bw = flow_stays(facts, Scope(region.slug), period, track="BW")
    mo = flow_stays(facts, Scope(region.slug), period, track="MO")
    measures = {"in_zorg": bw.in_care | mo.in_care, "instroom": bw.inflow | mo.inflow,
                "uitstroom": bw.outflow | mo.outflow}
    threshold = threshold_for(region.slug)
    tables = []
    for key, title in MEASURES:
        chosen = measures[key] & (row >= 0) & (column >= 0)
        counts = np.zeros((len(row_labels), len(categories)), dtype=np.int64)
        if chosen.any():
            cells = np.unique(np.stack([row[chosen], column[chosen], facts.stay_client[chosen]]),
                              axis=1)  # one client once per cell
            np.add.at(counts, (cells[0], cells[1]), 1)
        tables.append((key, title, suppress_table(
            counts.tolist(), row_labels=row_labels,
            column_labels=[labels[c] for c in categories], threshold=threshold,
        )))
    return PartnerExport(region=region, year=year, quarter=quarter, breakdown=breakdown,
                         tables=tuple(tables))
