"""The aggregated figures a region shares with its chain partners, per quarter, suppressed.

Three measures, each a table broken down by the chosen rows (responsible municipality or age
group) against the type of place (BW intramuraal, BW ambulant / groepswonen, MO), with row,
column and grand totals:

* **in zorg**: clients with a placement on the last day of the quarter (a client counted once
  per cell; a client in two types on that day counts in both, so totals count placements of
  clients, which is documented in docs/partners.md);
* **instroom**: clients whose placement started in the quarter and continues no earlier one
  (`Placement.previous` empty);
* **uitstroom**: clients whose placement ended in the quarter and was not continued (no next).

Every table is suppressed with `bwmo.core.suppression.suppress_table` (threshold per region), so
no count below the threshold is published and none can be recovered from the totals.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from bwmo.core.suppression import SuppressedTable, suppress_table, threshold_for
from bwmo.placements.models import Placement
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


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def partner_export(region: Region, year: int, quarter: int, breakdown: str) -> PartnerExport:
    start, end = quarter_bounds(year, quarter)
    categories = list(ProductCategory.values)
    labels = dict(ProductCategory.choices)
    if breakdown == Breakdown.MUNICIPALITY:
        members = list(region.municipalities.order_by("name"))
        row_labels = [m.name for m in members]
        index_of = {m.pk: i for i, m in enumerate(members)}
    else:
        row_labels = [label for label, _, _ in AGE_GROUPS]
    placements = Placement.objects.filter(
        location__municipality__region=region, start_date__lte=end,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start)).values_list(
        "client_id", "product__category", "responsible_municipality_id", "client__date_of_birth",
        "start_date", "end_date", "previous_id", "next__id",
    )
    cells: dict[str, list[list[set[int]]]] = {
        key: [[set() for _ in categories] for _ in row_labels] for key, _ in MEASURES
    }
    for client, category, responsible, born, s, e, previous, following in placements:
        if category not in categories:
            continue
        if breakdown == Breakdown.MUNICIPALITY:
            if responsible not in index_of:
                continue
            r = index_of[responsible]
        else:
            age = _age(born, end) if born else None
            matches = [i for i, (_, lo, hi) in enumerate(AGE_GROUPS)
                       if age is not None and lo <= age <= hi]
            if not matches:
                continue
            r = matches[0]
        c = categories.index(category)
        if s <= end and (e is None or e >= end):
            cells["in_zorg"][r][c].add(client)
        if start <= s <= end and previous is None:
            cells["instroom"][r][c].add(client)
        if e is not None and start <= e <= end and following is None:
            cells["uitstroom"][r][c].add(client)
    threshold = threshold_for(region.slug)
    tables = tuple(
        (key, title, suppress_table(
            [[len(cell) for cell in row] for row in cells[key]], row_labels=row_labels,
            column_labels=[labels[c] for c in categories], threshold=threshold,
        ))
        for key, title in MEASURES
    )
    return PartnerExport(region=region, year=year, quarter=quarter, breakdown=breakdown,
                         tables=tables)
