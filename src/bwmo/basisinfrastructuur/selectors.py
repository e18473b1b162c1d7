"""Read use cases: the basistakenpakket per municipality next to its inflow into the regional
safety net per 10,000 inhabitants.

Inflow (instroom) of a municipality in a year: the clients whose placement in beschermd wonen or
maatschappelijke opvang started in that year and who came from that municipality, counted once
per client. A placement that continues an earlier one (doorstroom: `Placement.previous`, or another
placement of the client running the day before) is not inflow. The municipality a client came
from is the melding's gemeente van herkomst; where that is unknown, the responsible municipality.
Counts of clients are small-count suppressed (`bwmo.core.suppression`) with the region's total,
and a suppressed count shows no rate per 10,000 either (the rate and the inhabitants would give
the count back).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from bwmo.core.suppression import Cell, suppress_list, threshold_for
from bwmo.placements.models import Placement
from bwmo.regions.models import Municipality, Region

from .catalogue import GROUPS, PROVISIONS
from .models import LocalProvision, ProvisionStatus

PER = 10_000


@dataclass(frozen=True)
class Inflow:
    count: Cell
    inhabitants: int | None

    @property
    def per_10000(self) -> Decimal | None:
        if self.count.suppressed or not self.inhabitants:
            return None
        value = Decimal(self.count.value * PER) / Decimal(self.inhabitants)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def per_10000_display(self) -> str:
        if self.count.suppressed:
            return "x"
        rate = self.per_10000
        return "onbekend" if rate is None else str(rate).replace(".", ",")


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    statuses: dict[str, LocalProvision]  # provision code -> row
    inflow: Inflow

    def count(self, status: str) -> int:
        return sum(1 for p in self.statuses.values() if p.status == status)

    @property
    def present(self) -> int:
        return self.count(ProvisionStatus.PRESENT)

    @property
    def in_progress(self) -> int:
        return self.count(ProvisionStatus.IN_PROGRESS)

    @property
    def absent(self) -> int:
        return self.count(ProvisionStatus.ABSENT)

    @property
    def not_filled(self) -> int:
        return len(PROVISIONS) - len(self.statuses)

    def groups(self) -> list[tuple[str, list[tuple[str, LocalProvision | None]]]]:
        return [
            (g.label, [(p.label, self.statuses.get(p.code)) for p in g.provisions])
            for g in GROUPS
        ]


@dataclass(frozen=True)
class Overview:
    region: Region
    year: int
    rows: tuple[MunicipalityRow, ...]
    total_inflow: Inflow
    threshold: int
    total_provisions: int = len(PROVISIONS)


def inflow_counts(region: Region, year: int) -> dict[int, int]:
    """Clients newly placed in the year per municipality of origin (ids of the region's members)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    placements = list(
        Placement.objects.filter(
            start_date__range=(start, end), location__municipality__region=region,
        ).values_list(
            "pk", "client_id", "start_date", "previous_id",
            "beschikking__melding__origin_municipality_id", "responsible_municipality_id",
        )
    )
    clients = {p[1] for p in placements}
    earlier = defaultdict(list)
    for pk, client_id, s, e in Placement.objects.filter(
        client_id__in=clients, start_date__lte=end,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start - timedelta(days=1))).values_list(
        "pk", "client_id", "start_date", "end_date"
    ):
        earlier[client_id].append((pk, s, e))
    members = set(region.municipalities.values_list("pk", flat=True))
    counted: dict[int, set[int]] = defaultdict(set)
    for pk, client_id, started, previous_id, origin_id, responsible_id in placements:
        if previous_id is not None:
            continue
        day_before = started - timedelta(days=1)
        if any(
            other != pk and s <= day_before and (e is None or e >= day_before)
            for other, s, e in earlier[client_id]
        ):
            continue
        municipality_id = origin_id or responsible_id
        if municipality_id in members:
            counted[municipality_id].add(client_id)
    return {m: len(c) for m, c in counted.items()}


def overview(region: Region, year: int) -> Overview:
    municipalities = list(region.municipalities.order_by("name"))
    counts = inflow_counts(region, year)
    threshold = threshold_for(region.slug)
    table = suppress_list(
        [(m.code, counts.get(m.pk, 0)) for m in municipalities], threshold=threshold,
        column_label="instroom",
    )
    provisions: dict[int, dict[str, LocalProvision]] = defaultdict(dict)
    for p in LocalProvision.objects.filter(municipality__in=municipalities).select_related(
        "changed_by"
    ):
        provisions[p.municipality_id][p.provision] = p
    rows = tuple(
        MunicipalityRow(
            municipality=m, statuses=provisions[m.pk],
            inflow=Inflow(count=cells[0], inhabitants=m.inhabitants),
        )
        for m, cells in zip(municipalities, table.cells, strict=True)
    )
    inhabitants = sum(m.inhabitants or 0 for m in municipalities) or None
    return Overview(
        region=region, year=year, rows=rows, threshold=threshold,
        total_inflow=Inflow(count=table.column_totals[0], inhabitants=inhabitants),
    )
