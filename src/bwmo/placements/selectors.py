"""Read use cases for placements and the waiting list, always within the user's scope
(bwmo.scoping). `waiting_summary` is the one aggregate without client data (for beleid)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.capacity.selectors import CapacityRow
from bwmo.clients.models import Client
from bwmo.journeys.constants import BeschikkingOutcome
from bwmo.journeys.models import Beschikking
from bwmo.regions.models import Municipality, Product, Region
from bwmo.scoping import clients_for, placements_for, waiting_list_for

from . import rules
from .constants import WaitingPriority
from .models import Placement, WaitingListEntry

PLACEMENT_RELATED = ("client", "location__municipality", "location__provider", "product",
                     "beschikking", "responsible_municipality")
# Large fields of the related rows that no placement list or page shows: a municipality's
# boundary GeoJSON is decoded per row when loaded (most of a list's time at scale), and the
# beschikking's responsibility facts and explanation belong to the beschikking page.
PLACEMENT_DEFERRED = ("location__municipality__boundary", "responsible_municipality__boundary",
                      "beschikking__responsibility_facts",
                      "beschikking__responsibility_explanation")


def placement_list(
    *, user: User, day: date, active_only: bool = True, product: Product | None = None,
) -> QuerySet[Placement]:
    placements = placements_for(user).select_related(*PLACEMENT_RELATED).defer(
        *PLACEMENT_DEFERRED)
    if active_only:
        placements = placements.active_on(day)
    if product is not None:
        placements = placements.filter(product=product)
    return placements.order_by("location__name", "client__surname", "pk")


def placement_get(*, user: User, pk: int) -> Placement:
    """The placement if this user may see it; raises Placement.DoesNotExist otherwise."""
    return placements_for(user).select_related(*PLACEMENT_RELATED, "previous").get(pk=pk)


def waiting_list(
    *, user: User, product: Product | None = None, municipality: Municipality | None = None,
) -> QuerySet[WaitingListEntry]:
    """Open entries: urgent first, then longest waiting first."""
    entries = waiting_list_for(user).open().select_related(
        "client", "product", "location", "responsible_municipality", "beschikking"
    )
    if product is not None:
        entries = entries.filter(product=product)
    if municipality is not None:
        entries = entries.filter(responsible_municipality=municipality)
    return entries.annotate(
        rank=Case(When(priority=WaitingPriority.URGENT, then=Value(0)), default=Value(1),
                  output_field=IntegerField())
    ).order_by("rank", "entered_on", "pk")


def waiting_entry_get(*, user: User, pk: int) -> WaitingListEntry:
    return waiting_list_for(user).select_related(
        "client", "product", "location", "beschikking", "responsible_municipality"
    ).get(pk=pk)


@dataclass(frozen=True)
class WaitingSummary:
    product: Product
    waiting: int
    urgent: int
    median_days: float | None
    longest_days: int | None

    @property
    def median_display(self) -> str:
        if self.median_days is None:
            return "–"
        return rules.describe_waiting_time(round(self.median_days))

    @property
    def longest_display(self) -> str:
        return "–" if self.longest_days is None else rules.describe_waiting_time(self.longest_days)


def waiting_summary(*, region: Region, day: date) -> list[WaitingSummary]:
    """Per product of the region: how many wait on `day`, how many urgently, and how long.
    Aggregated: no client data, so beleid may see it."""
    rows = (
        WaitingListEntry.objects.waiting_on(day).filter(product__region=region)
        .values_list("product_id", "priority", "entered_on")
    )
    by_product: dict[int, list[tuple[str, int]]] = {}
    for product_id, priority, entered_on in rows:
        by_product.setdefault(product_id, []).append((priority, (day - entered_on).days))
    products = Product.objects.in_bulk(list(by_product))
    result = []
    for product_id, items in by_product.items():
        days = [d for _, d in items]
        result.append(WaitingSummary(
            product=products[product_id], waiting=len(items),
            urgent=sum(1 for p, _ in items if p == WaitingPriority.URGENT),
            median_days=median(days) if days else None, longest_days=max(days, default=None),
        ))
    return sorted(result, key=lambda s: s.product.name)


@dataclass(frozen=True)
class SignalRow:
    placement: Placement
    signal: rules.Signal


def inflow_dates(placements: Iterable[Placement]) -> dict[int, date]:
    """Start of the first placement of each placement's doorstroom chain."""
    placements = list(placements)
    known: dict[int, tuple[date, int | None]] = {
        p.pk: (p.start_date, p.previous_id) for p in placements
    }
    missing = {prev for _, prev in known.values() if prev is not None and prev not in known}
    while missing:
        rows = Placement.objects.filter(pk__in=missing).values_list("pk", "start_date", "previous_id")
        for pk, start, prev in rows:
            known[pk] = (start, prev)
        missing = {prev for _, prev in known.values() if prev is not None and prev not in known}
    result = {}
    for p in placements:
        start, prev = known[p.pk]
        seen = {p.pk}
        while prev is not None and prev in known and prev not in seen:
            seen.add(prev)
            start, prev = known[prev]
        result[p.pk] = start
    return result


def groepswonen_since(placements: Iterable[Placement]) -> dict[int, date]:
    """For each groepswonen placement: the first day of the client's consecutive groepswonen
    stay, across the client's consecutive groepswonen placements (2 years per client, Transformatieplan
    Centraal Gelderland Bijlage 3; the beschikking rule also counts the beschikkingen). One query for all clients."""
    gwib = [p for p in placements if p.product.code == rules.GROEPSWONEN_CODE]
    if not gwib:
        return {}
    clients = {p.client_id for p in gwib}
    periods: dict[int, set[tuple[date, date | None]]] = {c: set() for c in clients}
    for client_id, start, end in Placement.objects.filter(
        client_id__in=clients, product__code=rules.GROEPSWONEN_CODE
    ).values_list("client_id", "start_date", "end_date"):
        periods[client_id].add((start, end))
    return {
        p.pk: rules.groepswonen_since(sorted(periods[p.client_id], key=lambda x: x[0]),
                                      p.start_date)
        for p in gwib
    }


def facts_for(
    placement: Placement, inflow: date, groepswonen_from: date | None = None
) -> rules.PlacementFacts:
    return rules.PlacementFacts(
        start=placement.start_date, end=placement.end_date, product_code=placement.product.code,
        inflow=inflow,
        beschikking_end=placement.beschikking.end_date if placement.beschikking_id else None,
        perspective_independent=placement.perspective_independent,
        registered_woningzoekende_on=placement.registered_woningzoekende_on,
        groepswonen_since=groepswonen_from,
    )


def signals_for(*, user: User, day: date) -> list[SignalRow]:
    """Signals for the placements this user may see that are active on `day`, errors first."""
    placements = list(placements_for(user).active_on(day).select_related(*PLACEMENT_RELATED)
                      .defer(*PLACEMENT_DEFERRED))
    inflow = inflow_dates(placements)
    since = groepswonen_since(placements)
    rows = [
        SignalRow(placement=p, signal=s)
        for p in placements
        for s in rules.placement_signals(facts_for(p, inflow[p.pk], since.get(p.pk)), day)
    ]
    severity_order = {rules.Severity.ERROR: 0, rules.Severity.WARNING: 1}
    return sorted(rows, key=lambda r: (severity_order[r.signal.severity], r.signal.due,
                                       r.placement.client.surname, r.placement.pk))


SIGNAL_FIELDS = ("pk", "client_id", "start_date", "end_date", "previous_id", "product__code",
                 "beschikking__end_date", "perspective_independent",
                 "registered_woningzoekende_on")


def signal_count(*, user: User, day: date) -> int:
    """How many signals `signals_for` would list (the home page counter): the same rules over
    only the columns they read, without the client, location and municipality rows."""
    placements = list(placements_for(user).active_on(day).select_related(
        "product", "beschikking").only(*SIGNAL_FIELDS))
    inflow = inflow_dates(placements)
    since = groepswonen_since(placements)
    return sum(len(rules.placement_signals(facts_for(p, inflow[p.pk], since.get(p.pk)), day))
               for p in placements)


def client_placements(*, user: User, client: Client) -> QuerySet[Placement]:
    return placements_for(user).filter(client=client).select_related(
        *PLACEMENT_RELATED).defer(*PLACEMENT_DEFERRED)


def client_waiting_entries(*, user: User, client: Client) -> QuerySet[WaitingListEntry]:
    return waiting_list_for(user).filter(client=client).select_related(
        "product", "location", "responsible_municipality", "beschikking"
    ).order_by("-entered_on", "-pk")


def placeable_beschikkingen(*, user: User) -> QuerySet[Beschikking]:
    """Granted beschikkingen with a product that this user may place a client from: those of
    clients in the user's scope; a provider only those naming it or naming no provider. The
    placement services check the same again on submit."""
    beschikkingen = Beschikking.objects.filter(
        client__in=clients_for(user).values("pk"),
        outcome=BeschikkingOutcome.GRANTED, product__isnull=False,
    )
    if user.role == Role.ZORGAANBIEDER and user.organisation is not None:
        beschikkingen = beschikkingen.filter(
            Q(provider_id=user.organisation.provider_id) | Q(provider__isnull=True)
        )
    return beschikkingen


def beschikkingen_to_place(*, client: Client) -> list[Beschikking]:
    """Granted beschikkingen of a client (already in the caller's scope) without an open
    placement or open waiting-list entry for their product: the ones still to act on."""
    granted = Beschikking.objects.filter(
        client=client, outcome=BeschikkingOutcome.GRANTED, product__isnull=False
    ).select_related("product", "provider").order_by("-decided_on", "-pk")
    open_products = set(
        Placement.objects.filter(client=client, end_date__isnull=True).values_list(
            "product_id", flat=True
        )
    ) | set(WaitingListEntry.objects.open().filter(client=client).values_list(
        "product_id", flat=True
    ))
    used = set(Placement.objects.filter(client=client).values_list("beschikking_id", flat=True))
    return [b for b in granted if b.product_id not in open_products and b.pk not in used]


def place_options(*, user: User, beschikking: Beschikking, day: date) -> list[CapacityRow]:
    """The locations a client can be placed at from this beschikking: active locations this user
    may see that offer its product and, when the beschikking names a provider, belong to that
    provider. Most free places first; full locations are kept (they offer the waiting list)."""
    from bwmo.capacity.selectors import locations_offering

    rows = locations_offering(user, beschikking.product, day)  # type: ignore[arg-type]
    if beschikking.provider_id:
        rows = [row for row in rows if row.location.provider_id == beschikking.provider_id]
    return rows


def place_map_data(rows: list[CapacityRow]) -> dict[str, object]:
    """What the small map on the placement form shows: each location with its free places, and
    the boundaries of their municipalities (GeoJSON, WGS84, from the reference data)."""
    locations = [
        {"name": row.location.name, "free": row.free,
         "lat": float(row.location.latitude), "lon": float(row.location.longitude)}
        for row in rows if row.location.latitude is not None and row.location.longitude is not None
    ]
    municipality_ids = {row.location.municipality_id for row in rows}
    boundaries = [
        {"name": name, "geometry": boundary}
        for name, boundary in Municipality.objects.filter(
            pk__in=municipality_ids, boundary__isnull=False
        ).values_list("name", "boundary")
    ]
    return {"locations": locations, "boundaries": boundaries}
