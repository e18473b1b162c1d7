"""An independent, deliberately plain recomputation of the monitor's figures, client by client.

This is the check on :mod:`bwmo.monitor.kpis`: it reads plain records (dates as ``date``,
references as codes), walks every client's own history in Python and derives what the fast
module precomputes (doorstroom chains, first stays, ages) by itself. The tests compare it with
``compute_kpis`` on a database scenario; ``bench/monitor.py`` times it on a slice. It knows only
the rules in docs/kpi.md, not the numpy code.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class StayRec:
    id: int
    client: int
    start: date
    end: date | None
    product: str
    track: str
    region: str
    pgb: bool
    responsible: str
    location_municipality: str
    previous: int | None
    destination: str


@dataclass(frozen=True)
class MeldingRec:
    client: int
    track: str
    reported: date
    municipality: str
    cause: str
    investigation_due: date
    investigation_done: date | None
    decision_due: date | None
    decided: date | None


@dataclass(frozen=True)
class WaitRec:
    client: int
    product: str
    track: str
    region: str
    responsible: str
    entered: date
    removed: date | None
    reason: str


@dataclass
class Records:
    birth: dict[int, date]
    origin: dict[int, str | None]
    municipality_region: dict[str, str]
    stays: list[StayRec]
    meldingen: list[MeldingRec]
    waits: list[WaitRec]


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(statistics.median(values))).normalize() if len(values) % 2 == 0 \
        else Decimal(statistics.median(values))


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def naive_kpis(
    records: Records, *, region: str, municipality: str | None, first: date, last: date,
) -> dict[str, object]:
    """The figures of docs/kpi.md for the region (or one municipality), all products and
    financing, in the quarter ``first``..``last``."""
    by_id = {s.id: s for s in records.stays}
    has_next = {s.previous for s in records.stays if s.previous is not None}
    per_client: dict[int, list[StayRec]] = defaultdict(list)
    for stay in records.stays:
        if stay.region == region:
            per_client[stay.client].append(stay)

    def chain_start(stay: StayRec) -> date:
        while stay.previous is not None and stay.previous in by_id:
            stay = by_id[stay.previous]
        return stay.start

    def mine(stay: StayRec) -> bool:
        return municipality is None or stay.responsible == municipality

    out: dict[str, object] = {}
    in_care = 0
    inflow = 0
    doorstroom = 0
    outflow = 0
    destinations: dict[str, int] = defaultdict(int)
    durations: list[int] = []
    origins = {"eigen_gemeente": 0, "regio": 0, "buiten_regio": 0, "onbekend": 0}
    ages: list[int] = []
    pgb = 0
    mo_stays = 0
    mo_nights = 0
    mo_clients = 0
    cohort_first = date(first.year - 1, first.month, 1)
    cohort_last = date(last.year - 1, last.month, last.day)
    cohort = 0
    returned = 0
    for client, stays in per_client.items():
        stays.sort(key=lambda s: s.start)
        bw = [s for s in stays if s.track == "BW" and mine(s)]
        current = [s for s in bw if s.start <= last and (s.end is None or s.end >= last)]
        if current:
            in_care += 1
            stay = min(current, key=chain_start)
            durations.append((last - chain_start(stay)).days + 1)
            origin = records.origin.get(client)
            if origin is None:
                origins["onbekend"] += 1
            elif origin == stay.location_municipality:
                origins["eigen_gemeente"] += 1
            elif records.municipality_region.get(origin) == region:
                origins["regio"] += 1
            else:
                origins["buiten_regio"] += 1
            ages.append(_age(records.birth[client], last))
            if any(s.pgb for s in current):
                pgb += 1
        if any(first <= s.start <= last and s.previous is None for s in bw):
            inflow += 1
        doorstroom += sum(1 for s in bw if first <= s.start <= last and s.previous is not None)
        ends = [s for s in bw if s.end is not None and first <= s.end <= last
                and s.id not in has_next]
        if ends:
            outflow += 1
        for s in ends:
            destinations[s.destination or "niet_vastgelegd"] += 1
        gone = [s for s in bw if s.end is not None and cohort_first <= s.end <= cohort_last
                and s.id not in has_next and s.destination != "deceased"]
        if gone:
            cohort += 1
            if any(
                any(g.end < o.start <= g.end + timedelta(days=365) for o in stays)  # type: ignore[operator]
                for g in gone
            ):
                returned += 1
        mo = [s for s in stays if s.track == "MO" and mine(s) and s.start <= last
              and (s.end is None or s.end >= first)]
        mo_stays += len(mo)
        mo_nights += sum((min(s.end or last, last) - max(s.start, first)).days + 1 for s in mo)
        mo_clients += 1 if mo else 0

    out["clienten_in_zorg"] = in_care
    out["instroom"] = inflow
    out["doorstroom"] = doorstroom
    out["uitstroom"] = outflow
    out["uitstroombestemmingen"] = {k: v for k, v in destinations.items() if v}
    out["verblijfsduur_mediaan"] = _median(durations)
    out["verblijf_langer_dan_2_jaar"] = _pct(sum(1 for d in durations if d > 730), in_care)
    out["herkomst"] = origins
    out["leeftijd_twintigers"] = _pct(sum(1 for a in ages if 20 <= a <= 29), in_care)
    out["leeftijd_50_plus"] = _pct(sum(1 for a in ages if a >= 50), in_care)
    out["pgb_clienten"] = pgb
    out["pgb_aandeel"] = _pct(pgb, in_care)
    out["terugval_12_maanden"] = _pct(returned, cohort)
    out["mo_verblijven"] = mo_stays
    out["mo_nachten"] = mo_nights
    out["mo_clienten"] = mo_clients

    def melding_here(m: MeldingRec) -> bool:
        if municipality is not None:
            return m.municipality == municipality
        return records.municipality_region.get(m.municipality) == region

    bw_meldingen = [m for m in records.meldingen if m.track == "BW" and melding_here(m)]
    out["meldingen"] = sum(1 for m in bw_meldingen if first <= m.reported <= last)
    inv = [m for m in bw_meldingen if first <= m.investigation_due <= last]
    out["wmo_termijn_onderzoek"] = _pct(
        sum(1 for m in inv if m.investigation_done and m.investigation_done <= m.investigation_due),
        len(inv))
    dec = [m for m in bw_meldingen if m.decision_due and first <= m.decision_due <= last]
    out["wmo_termijn_beschikking"] = _pct(
        sum(1 for m in dec if m.decided and m.decided <= m.decision_due), len(dec))  # type: ignore[operator]
    causes: dict[str, int] = defaultdict(int)
    for m in records.meldingen:
        if m.track == "MO" and melding_here(m) and first <= m.reported <= last:
            causes[m.cause or "niet_vastgelegd"] += 1
    out["oorzaken_dakloosheid"] = dict(causes)

    waits = [w for w in records.waits if w.region == region and w.track == "BW"
             and (municipality is None or w.responsible == municipality)]
    out["wachtlijst_lengte"] = sum(
        1 for w in waits if w.entered <= last and (w.removed is None or w.removed > last))
    out["wachttijd_mediaan"] = _median([
        (w.removed - w.entered).days for w in waits
        if w.removed is not None and first <= w.removed <= last and w.reason == "placed"])
    return out


COMPARED = (
    "clienten_in_zorg", "instroom", "doorstroom", "uitstroom", "verblijfsduur_mediaan",
    "verblijf_langer_dan_2_jaar", "leeftijd_twintigers", "leeftijd_50_plus", "pgb_clienten",
    "pgb_aandeel", "terugval_12_maanden", "mo_verblijven", "mo_nachten", "mo_clienten",
    "meldingen", "wmo_termijn_onderzoek", "wmo_termijn_beschikking", "wachtlijst_lengte",
    "wachttijd_mediaan",
)
BREAKDOWNS = ("uitstroombestemmingen", "herkomst", "oorzaken_dakloosheid")


def fast_as_naive(figures: dict[str, object]) -> dict[str, object]:
    """The fast module's figures in the naive shape (values, non-zero breakdowns)."""
    out: dict[str, object] = {}
    for name in COMPARED:
        out[name] = figures[name].value  # type: ignore[attr-defined]
    for name in BREAKDOWNS:
        breakdown = figures[name].breakdown  # type: ignore[attr-defined]
        out[name] = {k: v for k, v in breakdown.items() if v} if name != "herkomst" \
            else dict(breakdown)
    return out


def naive_compared(naive: dict[str, object]) -> dict[str, object]:
    return {k: naive[k] for k in (*COMPARED, *BREAKDOWNS)}
