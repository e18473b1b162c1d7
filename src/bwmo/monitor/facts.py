"""The case history as column arrays: what the kwartaalmonitor computes its figures from.

`load_facts()` reads the database once with a handful of set-based queries (no per-client
queries) into numpy arrays; `bwmo.monitor.kpis` then computes every figure with vectorised
operations over these arrays (ADR 0013). The benchmark (`bench/monitor.py`) fills the same
structure in memory for a national-scale dataset.

Dates are day numbers (``date.toordinal()``); an open end is :data:`OPEN`. Categorical values are
indices into the lists that travel with the arrays (municipality, product, provider, destination,
cause); ``-1`` means "not recorded".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from bwmo.journeys.constants import HomelessnessCause
from bwmo.placements.constants import OutflowDestination, WaitingRemovalReason

OPEN = 10**8  # an open end (no end date yet), later than every real day number

DESTINATIONS: tuple[str, ...] = tuple(OutflowDestination.values)
CAUSES: tuple[str, ...] = tuple(HomelessnessCause.values)
REMOVAL_REASONS: tuple[str, ...] = tuple(WaitingRemovalReason.values)
TRACKS: tuple[str, ...] = ("BW", "MO")

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
BOOL = NDArray[np.bool_]


def _i32(values: list[int]) -> I32:
    return np.asarray(values, dtype=np.int32)


def _i64(values: list[int]) -> I64:
    return np.asarray(values, dtype=np.int64)


def _bool(values: list[bool]) -> BOOL:
    return np.asarray(values, dtype=np.bool_)


@dataclass
class Facts:
    """Column arrays of the case history. Every array of one table has the same length."""

    # reference lists
    municipality_codes: list[str]
    municipality_names: list[str]
    municipality_inhabitants: I64  # 0 = unknown
    municipality_region: I32  # index into region_slugs, -1 = none
    region_slugs: list[str]
    region_names: list[str]
    product_codes: list[str]  # per product index; codes repeat across regions
    product_names: list[str]
    product_track: I32  # 0 = BW, 1 = MO
    product_region: I32
    provider_names: list[str]

    # clients
    client_id: I64  # sorted ascending
    client_birth_year: I32
    client_birth_md: I32  # month * 100 + day
    client_origin: I32  # municipality index, -1 = unknown

    # stays (placements)
    stay_client: I64
    stay_start: I32
    stay_end: I32  # OPEN when still running
    stay_product: I32
    stay_pgb: BOOL
    stay_responsible: I32  # municipality index
    stay_location_municipality: I32
    stay_provider: I32
    stay_has_previous: BOOL  # started by a doorstroom
    stay_has_next: BOOL  # ended by a doorstroom
    stay_destination: I32  # index into DESTINATIONS, -1 = not recorded
    stay_chain_start: I32  # start of the first stay of the doorstroom chain
    stay_beschikking_end: I32  # end of the beschikking the stay rests on; OPEN when none/open

    # meldingen (with the Wmo terms computed once, journeys.deadlines)
    melding_client: I64
    melding_track: I32
    melding_reported: I32
    melding_municipality: I32
    melding_cause: I32  # index into CAUSES, -1 = not recorded
    melding_investigation_due: I32
    melding_investigation_done: I32  # OPEN when not done
    melding_aanvraag: I32  # OPEN when none
    melding_decision_due: I32  # OPEN when no aanvraag
    melding_decided: I32  # first beschikking; OPEN when none

    # waiting list
    wait_client: I64
    wait_product: I32
    wait_responsible: I32
    wait_entered: I32
    wait_removed: I32  # OPEN while waiting
    wait_reason: I32  # index into REMOVAL_REASONS, -1 = not removed

    # capacity steps (one row per PlaceCapacity, sorted by location, product, valid_from, id)
    cap_location: I64
    cap_product: I32
    cap_municipality: I32
    cap_valid_from: I32
    cap_places: I64

    # late registrations of start and stop by providers (from the case history)
    reg_provider: I32 = field(default_factory=lambda: _i32([]))
    reg_municipality: I32 = field(default_factory=lambda: _i32([]))
    reg_occurred: I32 = field(default_factory=lambda: _i32([]))
    reg_delay: I32 = field(default_factory=lambda: _i32([]))  # days recorded after the fact

    # which sources exist (a figure without its source is "nog niet beschikbaar")
    sources: frozenset[str] = frozenset()

    def for_region(self, slug: str) -> Facts:
        """The same facts limited to one region's stays, meldingen, waiting list and places
        (reference lists and clients stay whole, so indices keep their meaning)."""
        from dataclasses import replace

        region = self.region_index(slug)
        products = self.product_region == region
        munis = self.municipality_region == region
        stay = products[self.stay_product]
        melding = munis[self.melding_municipality]
        wait = products[self.wait_product]
        cap = products[self.cap_product]
        reg = munis[self.reg_municipality] & (self.reg_municipality >= 0) \
            if self.reg_municipality.size else self.reg_municipality.astype(np.bool_)
        changes: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            for prefix, mask in (("stay_", stay), ("melding_", melding), ("wait_", wait),
                                 ("cap_", cap), ("reg_", reg)):
                if name.startswith(prefix):
                    changes[name] = value[mask]
        return replace(self, **changes)  # type: ignore[arg-type]

    def partition(self) -> dict[str, Facts]:
        """Every region's facts at once (one stable sort per table, then slices): the same as
        :meth:`for_region` for each region, in one pass."""
        from dataclasses import replace

        munis_region = self.municipality_region
        keys = {
            "stay_": self.product_region[self.stay_product],
            "melding_": munis_region[self.melding_municipality],
            "wait_": self.product_region[self.wait_product],
            "cap_": self.product_region[self.cap_product],
            "reg_": np.where(self.reg_municipality >= 0,
                             munis_region[self.reg_municipality], -1)
            if self.reg_municipality.size else self.reg_municipality,
        }
        sorted_cols: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
        for prefix, key in keys.items():
            order = np.argsort(key, kind="stable")
            cols = {name: getattr(self, name)[order] for name in self.__dataclass_fields__
                    if name.startswith(prefix)}
            sorted_cols[prefix] = (key[order], cols)
        result = {}
        for index, slug in enumerate(self.region_slugs):
            changes: dict[str, object] = {}
            for sorted_key, cols in sorted_cols.values():
                lo = int(np.searchsorted(sorted_key, index, side="left"))
                hi = int(np.searchsorted(sorted_key, index, side="right"))
                for name, values in cols.items():
                    changes[name] = values[lo:hi]
            result[slug] = replace(self, **changes)  # type: ignore[arg-type]
        return result

    def municipality_index(self, code: str) -> int:
        try:
            return self.municipality_codes.index(code)
        except ValueError:
            return -1

    def region_index(self, slug: str) -> int:
        try:
            return self.region_slugs.index(slug)
        except ValueError:
            return -1


def day(value: date | None) -> int:
    return OPEN if value is None else value.toordinal()


def load_facts(region_slugs: list[str] | None = None) -> Facts:
    """Read the case history of the given regions (default: all) from the database."""
    from django.db.models import Min

    from bwmo.capacity.models import PlaceCapacity, Provider
    from bwmo.clients.constants import EventKind
    from bwmo.clients.models import Client, ClientEvent
    from bwmo.journeys.deadlines import (
        Suspension,
        decision_due,
        investigation_due,
    )
    from bwmo.journeys.models import Beschikking, DeadlineSuspension, Melding
    from bwmo.placements.models import Placement, WaitingListEntry
    from bwmo.regions.models import Municipality, Product, Region

    regions = list(Region.objects.order_by("slug").values_list("pk", "slug", "name"))
    if region_slugs is not None:
        regions = [r for r in regions if r[1] in region_slugs]
    region_pos = {pk: i for i, (pk, _s, _n) in enumerate(regions)}
    region_pks = list(region_pos)

    munis = list(Municipality.objects.order_by("code").values_list(
        "pk", "code", "name", "inhabitants", "region_id"))
    muni_pos = {pk: i for i, (pk, *_rest) in enumerate(munis)}
    products = list(Product.objects.filter(region_id__in=region_pks).order_by("pk").values_list(
        "pk", "code", "name", "track", "region_id"))
    product_pos = {pk: i for i, (pk, *_rest) in enumerate(products)}
    providers = list(Provider.objects.order_by("pk").values_list("pk", "name"))
    provider_pos = {pk: i for i, (pk, _n) in enumerate(providers)}

    def mpos(pk: int | None) -> int:
        return -1 if pk is None else muni_pos.get(pk, -1)

    # stays
    rows = list(Placement.objects.filter(product_id__in=list(product_pos)).values_list(
        "pk", "client_id", "start_date", "end_date", "product_id", "is_pgb",
        "responsible_municipality_id", "location__municipality_id", "location__provider_id",
        "previous_id", "outflow_destination", "beschikking__end_date"))
    has_next = {r[9] for r in rows if r[9] is not None}
    start_of = {r[0]: r[2] for r in rows}
    previous_of = {r[0]: r[9] for r in rows}

    def chain_start(pk: int) -> date:
        seen = 0
        while previous_of.get(pk) is not None and previous_of[pk] in start_of and seen < 1000:
            pk = previous_of[pk]  # type: ignore[assignment]
            seen += 1
        return start_of[pk]

    dest_pos = {d: i for i, d in enumerate(DESTINATIONS)}
    client_ids = {r[1] for r in rows}

    # meldingen and their terms
    melding_rows = list(Melding.objects.filter(
        municipality__region_id__in=region_pks).values_list(
        "pk", "client_id", "track", "reported_on", "municipality_id", "homelessness_cause",
        "investigation_completed_on", "aanvraag_on", "extension_days"))
    suspensions: dict[int, list[Suspension]] = {}
    for melding_id, start, end in DeadlineSuspension.objects.filter(
            melding_id__in=[r[0] for r in melding_rows]).values_list("melding_id", "start", "end"):
        suspensions.setdefault(melding_id, []).append(Suspension(start, end))
    decided = dict(Beschikking.objects.filter(melding_id__in=[r[0] for r in melding_rows])
                   .values("melding_id").annotate(first=Min("decided_on"))
                   .values_list("melding_id", "first"))
    cause_pos = {c: i for i, c in enumerate(CAUSES)}
    client_ids |= {r[1] for r in melding_rows}

    waits = list(WaitingListEntry.objects.filter(product_id__in=list(product_pos)).values_list(
        "client_id", "product_id", "responsible_municipality_id", "entered_on", "removed_on",
        "removal_reason"))
    client_ids |= {w[0] for w in waits}
    reason_pos = {r: i for i, r in enumerate(REMOVAL_REASONS)}

    clients = sorted(Client.objects.filter(pk__in=client_ids).values_list(
        "pk", "date_of_birth", "origin_municipality_id"))

    caps = list(PlaceCapacity.objects.filter(product_id__in=list(product_pos)).order_by(
        "location_id", "product_id", "valid_from", "pk").values_list(
        "location_id", "product_id", "location__municipality_id", "valid_from", "places"))

    # registrations by users (actor set): bulk-loaded history cannot be judged for lateness
    stay_by_pk = {r[0]: r for r in rows}
    regs: list[tuple[int, int, int, int]] = []
    for data, occurred, recorded in ClientEvent.objects.filter(
            client_id__in=client_ids, actor__isnull=False,
            kind__in=[EventKind.PLACEMENT_STARTED, EventKind.PLACEMENT_ENDED],
    ).values_list("data", "occurred_on", "recorded_at"):
        stay = stay_by_pk.get((data or {}).get("placement"))
        if stay is None or stay[8] is None:
            continue
        delay = (recorded.date() - occurred).days
        regs.append((provider_pos.get(stay[8], -1), mpos(stay[6]), occurred.toordinal(), delay))

    from django.utils import timezone

    today = timezone.localdate()
    sources = {"clients", "meldingen", "beschikkingen", "placements", "waiting_list", "capacity"}
    return Facts(
        municipality_codes=[m[1] for m in munis],
        municipality_names=[m[2] for m in munis],
        municipality_inhabitants=_i64([m[3] or 0 for m in munis]),
        municipality_region=_i32([region_pos.get(m[4], -1) if m[4] else -1 for m in munis]),
        region_slugs=[r[1] for r in regions],
        region_names=[r[2] for r in regions],
        product_codes=[p[1] for p in products],
        product_names=[p[2] for p in products],
        product_track=_i32([0 if p[3] == "BW" else 1 for p in products]),
        product_region=_i32([region_pos[p[4]] for p in products]),
        provider_names=[p[1] for p in providers],
        client_id=_i64([c[0] for c in clients]),
        client_birth_year=_i32([c[1].year for c in clients]),
        client_birth_md=_i32([c[1].month * 100 + c[1].day for c in clients]),
        client_origin=_i32([mpos(c[2]) for c in clients]),
        stay_client=_i64([r[1] for r in rows]),
        stay_start=_i32([r[2].toordinal() for r in rows]),
        stay_end=_i32([day(r[3]) for r in rows]),
        stay_product=_i32([product_pos[r[4]] for r in rows]),
        stay_pgb=_bool([r[5] for r in rows]),
        stay_responsible=_i32([mpos(r[6]) for r in rows]),
        stay_location_municipality=_i32([mpos(r[7]) for r in rows]),
        stay_provider=_i32([provider_pos.get(r[8], -1) for r in rows]),
        stay_has_previous=_bool([r[9] is not None for r in rows]),
        stay_has_next=_bool([r[0] in has_next for r in rows]),
        stay_destination=_i32([dest_pos.get(r[10], -1) for r in rows]),
        stay_chain_start=_i32([chain_start(r[0]).toordinal() for r in rows]),
        stay_beschikking_end=_i32([day(r[11]) for r in rows]),
        melding_client=_i64([r[1] for r in melding_rows]),
        melding_track=_i32([0 if r[2] == "BW" else 1 for r in melding_rows]),
        melding_reported=_i32([r[3].toordinal() for r in melding_rows]),
        melding_municipality=_i32([mpos(r[4]) for r in melding_rows]),
        melding_cause=_i32([cause_pos.get(r[5], -1) for r in melding_rows]),
        melding_investigation_due=_i32([
            investigation_due(r[3], suspensions.get(r[0], ()), r[8], today).toordinal()
            for r in melding_rows]),
        melding_investigation_done=_i32([day(r[6]) for r in melding_rows]),
        melding_aanvraag=_i32([day(r[7]) for r in melding_rows]),
        melding_decision_due=_i32([
            OPEN if r[7] is None else decision_due(
                r[7], suspensions.get(r[0], ()), r[8], today, melding_date=r[3]).toordinal()
            for r in melding_rows]),
        melding_decided=_i32([day(decided.get(r[0])) for r in melding_rows]),
        wait_client=_i64([w[0] for w in waits]),
        wait_product=_i32([product_pos[w[1]] for w in waits]),
        wait_responsible=_i32([mpos(w[2]) for w in waits]),
        wait_entered=_i32([w[3].toordinal() for w in waits]),
        wait_removed=_i32([day(w[4]) for w in waits]),
        wait_reason=_i32([reason_pos.get(w[5], -1) for w in waits]),
        cap_location=_i64([c[0] for c in caps]),
        cap_product=_i32([product_pos[c[1]] for c in caps]),
        cap_municipality=_i32([mpos(c[2]) for c in caps]),
        cap_valid_from=_i32([c[3].toordinal() for c in caps]),
        cap_places=_i64([c[4] for c in caps]),
        reg_provider=_i32([r[0] for r in regs]),
        reg_municipality=_i32([r[1] for r in regs]),
        reg_occurred=_i32([r[2] for r in regs]),
        reg_delay=_i32([r[3] for r in regs]),
        sources=frozenset(sources),
    )
