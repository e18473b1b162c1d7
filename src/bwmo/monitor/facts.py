"""The case history as column arrays: what the kwartaalmonitor computes its figures from.

`load_facts()` reads the database once with a handful of set-based queries (no per-client
queries) into numpy arrays; `bwmo.monitor.kpis` then computes every figure with vectorised
operations over these arrays (ADR 0016). The benchmark (`bench/monitor.py`) fills the same
structure in memory for a national-scale dataset.

Dates are day numbers (``date.toordinal()``); an open end is :data:`OPEN`. Categorical values are
indices into the lists that travel with the arrays (municipality, product, provider, destination,
cause); ``-1`` means "not recorded".
"""

from __future__ import annotations

import functools
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

    # per product index: its type (regions.ProductCategory: bw_intramuraal, bw_ambulant, mo)
    product_category: list[str] = field(default_factory=list)

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


def day(value: date | str | None) -> int:
    """Day number of a date (a string as SQLite returns it from a raw query); OPEN for None."""
    if value is None:
        return OPEN
    if isinstance(value, str):
        return date.fromisoformat(value[:10]).toordinal()
    return value.toordinal()


def _day_number() -> type:
    """``DayNumber(column)``: ``date.toordinal()`` of a date column computed by the database, so
    that no date is parsed in Python (NULL stays NULL). SQLite and PostgreSQL."""
    from django.db.models import Func, IntegerField

    class DayNumber(Func):
        arity = 1
        output_field = IntegerField()

        def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
            # julianday('0001-01-01') = 1721425.5; toordinal() of that day = 1
            return super().as_sql(compiler, connection, **extra, template=(
                "CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)"))

        def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
            return super().as_sql(compiler, connection, **extra, template=(
                "((%(expressions)s)::date - DATE '0001-01-01' + 1)"))

        def as_sql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def,override]
            # bwmo runs on SQLite (embedded) and PostgreSQL (production) only: DATABASE_URL picks
            from django.db import NotSupportedError

            raise NotSupportedError(
                f"De monitor rekent dagnummers alleen uit op SQLite en PostgreSQL, niet op "
                f"{connection.vendor}.")

    return DayNumber


def _raw(queryset: object) -> list[tuple]:  # type: ignore[type-arg]
    """The rows of a ``values_list`` queryset straight from the cursor, without Django's
    per-value converters (dates may come back as strings: see :func:`day`)."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    try:
        sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
    except EmptyResultSet:  # e.g. a region without products
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_facts(region_slugs: list[str] | None = None) -> Facts:
    """Read the case history of the given regions (default: all) from the database: one
    set-based query per table (ADR 0016)."""

    from django.db.models import Min, Q, Value
    from django.db.models.functions import Coalesce

    from bwmo.capacity.models import PlaceCapacity, Provider
    from bwmo.clients.constants import EventKind
    from bwmo.clients.models import Client, ClientEvent
    from bwmo.journeys.deadlines import Suspension, decision_due, investigation_due
    from bwmo.journeys.models import Beschikking, DeadlineSuspension, Melding
    from bwmo.placements.models import Placement, WaitingListEntry
    from bwmo.regions.models import Municipality, Product, Region

    DayNumber = _day_number()  # noqa: N806

    def day_or_open(column: str) -> Coalesce:
        return Coalesce(DayNumber(column), Value(OPEN))

    regions = list(Region.objects.order_by("slug").values_list("pk", "slug", "name"))
    if region_slugs is not None:
        regions = [r for r in regions if r[1] in region_slugs]
    region_pos = {pk: i for i, (pk, _s, _n) in enumerate(regions)}
    region_pks = list(region_pos)

    munis = list(Municipality.objects.order_by("code").values_list(
        "pk", "code", "name", "inhabitants", "region_id"))
    muni_pos = {pk: i for i, (pk, *_rest) in enumerate(munis)}
    products = list(Product.objects.filter(region_id__in=region_pks).order_by("pk").values_list(
        "pk", "code", "name", "track", "region_id", "category"))
    product_pos = {pk: i for i, (pk, *_rest) in enumerate(products)}
    product_pks = list(product_pos)
    providers = list(Provider.objects.order_by("pk").values_list("pk", "name"))
    provider_pos = {pk: i for i, (pk, _n) in enumerate(providers)}

    def mpos(pk: int | None) -> int:
        return -1 if pk is None else muni_pos.get(pk, -1)

    # stays
    stay_qs = Placement.objects.filter(product_id__in=product_pks)
    # dates arrive as day numbers (DayNumber), an open end as OPEN
    rows = _raw(stay_qs.values_list(
        "pk", "client_id", DayNumber("start_date"), day_or_open("end_date"), "product_id",
        "is_pgb", "responsible_municipality_id", "location__municipality_id",
        "location__provider_id", "previous_id", "outflow_destination",
        day_or_open("beschikking__end_date")))
    has_next = {r[9] for r in rows if r[9] is not None}
    start_of = {r[0]: r[2] for r in rows}
    previous_of = {r[0]: r[9] for r in rows}

    def chain_start(pk: int) -> int:
        seen = 0
        while previous_of.get(pk) is not None and previous_of[pk] in start_of and seen < 1000:
            pk = previous_of[pk]  # type: ignore[assignment]
            seen += 1
        return start_of[pk]

    dest_pos = {d: i for i, d in enumerate(DESTINATIONS)}

    # meldingen and their terms
    melding_qs = Melding.objects.filter(municipality__region_id__in=region_pks)
    melding_rows = _raw(melding_qs.values_list(
        "pk", "client_id", "track", DayNumber("reported_on"), "municipality_id",
        "homelessness_cause", day_or_open("investigation_completed_on"),
        DayNumber("aanvraag_on"), "extension_days"))
    suspensions: dict[int, list[Suspension]] = {}
    for melding_id, start, end in DeadlineSuspension.objects.filter(
            melding__municipality__region_id__in=region_pks).values_list(
            "melding_id", "start", "end"):
        suspensions.setdefault(melding_id, []).append(Suspension(start, end))
    decided = dict(_raw(
        Beschikking.objects.filter(melding__municipality__region_id__in=region_pks)
        .values("melding_id").annotate(first=DayNumber(Min("decided_on")))
        .values_list("melding_id", "first")))
    cause_pos = {c: i for i, c in enumerate(CAUSES)}
    from django.utils import timezone

    today = timezone.localdate()

    @functools.cache
    def plain_investigation_due(reported: int, extension: int) -> int:
        return investigation_due(date.fromordinal(reported), (), extension, today).toordinal()

    @functools.cache
    def plain_decision_due(aanvraag: int, extension: int, same_day: bool) -> int:
        # the melding date only matters as "no melding before the aanvraag" (same day)
        melding = aanvraag if same_day else aanvraag - 1
        return decision_due(date.fromordinal(aanvraag), (), extension, today,
                            melding_date=date.fromordinal(melding)).toordinal()

    def inv_due(r: tuple) -> int:  # type: ignore[type-arg]
        if r[0] in suspensions:
            return investigation_due(date.fromordinal(r[3]), suspensions[r[0]], r[8],
                                     today).toordinal()
        return plain_investigation_due(r[3], r[8])

    def dec_due(r: tuple) -> int:  # type: ignore[type-arg]
        if r[7] is None:
            return OPEN
        if r[0] in suspensions:
            return decision_due(date.fromordinal(r[7]), suspensions[r[0]], r[8], today,
                                melding_date=date.fromordinal(r[3])).toordinal()
        return plain_decision_due(r[7], r[8], r[7] == r[3])

    wait_qs = WaitingListEntry.objects.filter(product_id__in=product_pks)
    waits = _raw(wait_qs.values_list(
        "client_id", "product_id", "responsible_municipality_id", DayNumber("entered_on"),
        day_or_open("removed_on"), "removal_reason"))
    reason_pos = {r: i for i, r in enumerate(REMOVAL_REASONS)}

    clients = _raw(Client.objects.filter(
        Q(pk__in=stay_qs.values("client_id")) | Q(pk__in=melding_qs.values("client_id"))
        | Q(pk__in=wait_qs.values("client_id"))).order_by("pk").values_list(
        "pk", DayNumber("date_of_birth"), "origin_municipality_id"))
    # day numbers of the dates of birth to year and month * 100 + day, in numpy
    born = (np.asarray([c[1] for c in clients], dtype=np.int64)
            - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    born_month = born.astype("datetime64[M]")
    birth_year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    birth_md = (born_month.astype(np.int64) % 12 + 1) * 100 \
        + (born - born_month).astype(np.int64) + 1

    caps = _raw(PlaceCapacity.objects.filter(product_id__in=product_pks).order_by(
        "location_id", "product_id", "valid_from", "pk").values_list(
        "location_id", "product_id", "location__municipality_id", DayNumber("valid_from"),
        "places"))

    # registrations by users (actor set): bulk-loaded history cannot be judged for lateness
    stay_by_pk = {r[0]: r for r in rows}
    regs: list[tuple[int, int, int, int]] = []
    import json

    for placement, occurred, recorded in _raw(ClientEvent.objects.filter(
            client__in=Client.objects.filter(pk__in=stay_qs.values("client_id")),
            actor__isnull=False,
            kind__in=[EventKind.PLACEMENT_STARTED, EventKind.PLACEMENT_ENDED],
            data__has_key="placement",
    ).values_list("data__placement", DayNumber("occurred_on"), "recorded_at")):
        if isinstance(placement, str):  # PostgreSQL: the JSON text of the value
            placement = json.loads(placement)
        stay = stay_by_pk.get(placement)
        if stay is None or stay[8] is None:
            continue
        recorded_day = day(recorded if isinstance(recorded, str) else recorded.date())
        regs.append((provider_pos.get(stay[8], -1), mpos(stay[6]), occurred,
                     recorded_day - occurred))

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
        product_category=[p[5] for p in products],
        provider_names=[p[1] for p in providers],
        client_id=_i64([c[0] for c in clients]),
        client_birth_year=birth_year.astype(np.int32),
        client_birth_md=birth_md.astype(np.int32),
        client_origin=_i32([mpos(c[2]) for c in clients]),
        stay_client=_i64([r[1] for r in rows]),
        stay_start=_i32([r[2] for r in rows]),
        stay_end=_i32([r[3] for r in rows]),
        stay_product=_i32([product_pos[r[4]] for r in rows]),
        stay_pgb=_bool([bool(r[5]) for r in rows]),
        stay_responsible=_i32([mpos(r[6]) for r in rows]),
        stay_location_municipality=_i32([mpos(r[7]) for r in rows]),
        stay_provider=_i32([provider_pos.get(r[8], -1) for r in rows]),
        stay_has_previous=_bool([r[9] is not None for r in rows]),
        stay_has_next=_bool([r[0] in has_next for r in rows]),
        stay_destination=_i32([dest_pos.get(r[10], -1) for r in rows]),
        stay_chain_start=_i32([chain_start(r[0]) for r in rows]),
        stay_beschikking_end=_i32([r[11] for r in rows]),
        melding_client=_i64([r[1] for r in melding_rows]),
        melding_track=_i32([0 if r[2] == "BW" else 1 for r in melding_rows]),
        melding_reported=_i32([r[3] for r in melding_rows]),
        melding_municipality=_i32([mpos(r[4]) for r in melding_rows]),
        melding_cause=_i32([cause_pos.get(r[5], -1) for r in melding_rows]),
        melding_investigation_due=_i32([inv_due(r) for r in melding_rows]),
        melding_investigation_done=_i32([r[6] for r in melding_rows]),
        melding_aanvraag=_i32([OPEN if r[7] is None else r[7] for r in melding_rows]),
        melding_decision_due=_i32([dec_due(r) for r in melding_rows]),
        melding_decided=_i32([decided.get(r[0], OPEN) for r in melding_rows]),
        wait_client=_i64([w[0] for w in waits]),
        wait_product=_i32([product_pos[w[1]] for w in waits]),
        wait_responsible=_i32([mpos(w[2]) for w in waits]),
        wait_entered=_i32([w[3] for w in waits]),
        wait_removed=_i32([w[4] for w in waits]),
        wait_reason=_i32([reason_pos.get(w[5], -1) for w in waits]),
        cap_location=_i64([c[0] for c in caps]),
        cap_product=_i32([product_pos[c[1]] for c in caps]),
        cap_municipality=_i32([mpos(c[2]) for c in caps]),
        cap_valid_from=_i32([c[3] for c in caps]),
        cap_places=_i64([c[4] for c in caps]),
        reg_provider=_i32([r[0] for r in regs]),
        reg_municipality=_i32([r[1] for r in regs]),
        reg_occurred=_i32([r[2] for r in regs]),
        reg_delay=_i32([r[3] for r in regs]),
        sources=frozenset(sources),
    )


# ------------------------------------------------------------------------------------------------
# A per-process cache of the extraction, valid while the case history is unchanged
# ------------------------------------------------------------------------------------------------

_CACHE: dict[tuple[object, ...], tuple[float, Facts]] = {}
CACHE_SECONDS = 300.0


def history_version() -> tuple[object, ...]:
    """A fingerprint of everything load_facts reads: per table its row count, highest id and
    latest change. Any insert, update (updated_at) or delete changes it."""
    from django.db import connection
    from django.db.models import Count, Max

    from bwmo.capacity.models import Location, PlaceCapacity
    from bwmo.clients.models import Client, ClientEvent
    from bwmo.journeys.models import Beschikking, DeadlineSuspension, Melding
    from bwmo.placements.models import Placement, WaitingListEntry
    from bwmo.regions.models import Municipality, Product, Region

    version: list[object] = [connection.settings_dict.get("NAME")]
    for model in (Placement, Melding, Beschikking, WaitingListEntry, Client, PlaceCapacity,
                  DeadlineSuspension, Location, Region):
        row = model.objects.aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at"))
        version += [row["n"], row["top"], row["changed"]]
    for model in (ClientEvent, Municipality, Product):
        row = model.objects.aggregate(n=Count("pk"), top=Max("pk"))
        version += [row["n"], row["top"]]
    return tuple(version)


def cached_facts(region_slugs: list[str] | None = None) -> Facts:
    """load_facts, reused while the case history is unchanged (at most CACHE_SECONDS)."""
    import time

    key = (tuple(region_slugs) if region_slugs is not None else None, history_version())
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    facts = load_facts(region_slugs)
    for stale in [k for k, (at, _f) in _CACHE.items() if now - at >= CACHE_SECONDS or
                  k[0] == key[0]]:
        del _CACHE[stale]
    _CACHE[key] = (now, facts)
    return facts
