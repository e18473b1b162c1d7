"""The flow of BW and MO clients through a region, simulated day by day without a database.

What it produces, per track, for one region:

- **Locations and places.** Places per product follow from the opening stock (the clients in care
  on `HISTORY_START`) and the planned occupancy; they are split into locations of plausible size
  in the region's municipalities (weighted, see `calibration`). Capacity then changes: BW places
  shrink by about 6 % between mid-2015 and autumn 2018 (the stock fell from 1,206 to 1,141), and
  later a few places move between locations. A reduction takes effect only once the location's
  occupancy has fallen to the new number, so occupancy never exceeds capacity on any day from
  `HISTORY_START` on.
- **Clients and episodes.** An episode is one melding with what follows: investigation, aanvraag,
  beschikking and, when granted, placements. BW episodes follow a career plan of product segments
  (doorstroom from one product to the next); MO episodes are one stay. Meldingen arrive as a
  Poisson process; demand is set slightly above the places that come free, so a waiting list forms.
- **Waiting list.** A granted client for whom no place is free waits in a queue per product
  (doorstroom before urgent before normal, then first come first served). Whoever waits too long
  leaves the list (another solution, withdrawn, deceased). A client waiting for doorstroom stays in
  the current place meanwhile; groepswonen ends at its two-year limit regardless.

Dates are day ordinals (`date.toordinal()`) inside this module. Everything random comes from the
`random.Random` passed in, and nothing iterates over an unordered collection, so the same seed
gives the same result.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from bwmo.journeys.decision_rules import last_day_within_years
from bwmo.placements.constants import OutflowDestination, WaitingRemovalReason

from . import calibration as cal

T0 = cal.HISTORY_START.toordinal()

# Event kinds in the order they are handled within one day.
_CAPACITY, _DUE, _TIMEOUT, _ARRIVE = 0, 1, 2, 3
TRANSITION, URGENT, NORMAL = 0, 1, 2


class Weighted:
    """A weighted choice from (value, weight) pairs, prepared once (bisect on cumulative sums)."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, pairs: Sequence[tuple[object, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> object:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


def randint(rng: random.Random, low: int, high: int) -> int:
    """A random integer in low..high (inclusive); faster than `Random.randint`."""
    return low + int(rng.random() * (high - low + 1))


def pick(rng: random.Random, weighted: Sequence[tuple[object, float]]) -> object:
    """One value from (value, weight) pairs (for one-off choices; prepare `Weighted` for hot ones)."""
    return Weighted(weighted)(rng)


_REMOVAL_REASONS = Weighted((
    (WaitingRemovalReason.OTHER_SOLUTION, 0.55),
    (WaitingRemovalReason.WITHDRAWN, 0.41),
    (WaitingRemovalReason.DECEASED, 0.04),
))

class IndexedSet:
    """A set of ints with O(1) add, remove and uniform random choice, in a stable order."""

    __slots__ = ("items", "pos")

    def __init__(self) -> None:
        self.items: list[int] = []
        self.pos: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.items)

    def add(self, value: int) -> None:
        if value not in self.pos:
            self.pos[value] = len(self.items)
            self.items.append(value)

    def discard(self, value: int) -> None:
        index = self.pos.pop(value, None)
        if index is None:
            return
        last = self.items.pop()
        if index < len(self.items):
            self.items[index] = last
            self.pos[last] = index

    def choice(self, rng: random.Random) -> int:
        return self.items[rng.randrange(len(self.items))]


# --- records ---------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Person:
    index: int
    track: str
    origin: str | None  # CBS code of the gemeente van herkomst; None when not registered
    registration: str  # CBS code where the client registered
    no_bsn_reason: str = ""
    youth: bool = False
    episodes: list[Episode] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Stay:
    episode: Episode
    site: int
    product: str
    start: int
    due: int  # planned first day after the stay
    decided: int  # date of the beschikking behind this stay
    end: int | None = None
    destination: str = ""
    previous: Stay | None = None

    @property
    def is_doorstroom(self) -> bool:
        return self.previous is not None


@dataclass(eq=False, slots=True)
class Wait:
    product: str
    entered: int
    tier: int
    removed: int | None = None
    reason: str = ""
    site: int | None = None


@dataclass(eq=False, slots=True)
class Episode:
    person: Person
    track: str
    reported: int
    municipality: str
    source: str
    investigation_done: int | None = None
    aanvraag: int | None = None
    decided: int | None = None
    outcome: str | None = None  # None: no decision yet (open melding)
    withdrawn: bool = False
    advice: tuple[int, int | None] | None = None
    opening: bool = False
    career: str = ""
    plan: list[tuple[str, int]] = field(default_factory=list)
    destination: str = ""
    urgent: bool = False
    cause: str = ""
    pgb: bool = False
    product: str | None = None  # the product granted by the first beschikking
    stays: list[Stay] = field(default_factory=list)
    waits: list[Wait] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Site:
    """The places for one product at one location."""

    index: int
    location: int
    product: str
    municipality: str
    places: int
    initial: int = 0
    pending: int | None = None
    pending_reason: str = ""
    occupied: int = 0

    @property
    def limit(self) -> int:
        return self.places if self.pending is None else min(self.places, self.pending)


@dataclass(eq=False, slots=True)
class LocationPlan:
    index: int
    category: str
    municipality: str
    sites: list[int] = field(default_factory=list)


@dataclass
class FlowResult:
    persons: list[Person]
    locations: list[LocationPlan]
    sites: list[Site]
    capacity_rows: list[tuple[int, int, int, str]]  # (site, day, places, reason)


# --- the flow engine ---------------------------------------------------------------------------


class Flow:
    """Places, queues and the event loop shared by BW and MO."""

    def __init__(self, *, rng: random.Random, today: int, sites: list[Site],
                 patience: Callable[[Episode], int], on_end: Callable[[Episode, int], None],
                 region_codes: frozenset[str]) -> None:
        self.rng = rng
        self.today = today
        self.sites = sites
        self.patience = patience
        self.on_end = on_end
        self.region_codes = region_codes
        self.free: dict[str, IndexedSet] = {}
        self.free_here: dict[tuple[str, str], IndexedSet] = {}
        self.queues: dict[str, list[tuple[int, int, int, Wait, Episode]]] = {}
        self.events: list[tuple[int, int, int, object]] = []
        self.seq = 0
        self.capacity_rows: list[tuple[int, int, int, str]] = []
        for site in sites:
            self.free.setdefault(site.product, IndexedSet())
            self.free_here.setdefault((site.product, site.municipality), IndexedSet())
            self.queues.setdefault(site.product, [])
            self._refresh(site)

    # bookkeeping
    def _refresh(self, site: Site) -> None:
        here = self.free_here[(site.product, site.municipality)]
        if site.occupied < site.limit:
            self.free[site.product].add(site.index)
            here.add(site.index)
        else:
            self.free[site.product].discard(site.index)
            here.discard(site.index)

    def push(self, day: int, kind: int, payload: object) -> None:
        if day <= self.today:
            self.seq += 1
            heapq.heappush(self.events, (day, kind, self.seq, payload))

    def has_free(self, product: str) -> bool:
        free = self.free.get(product)
        return bool(free)

    def choose_site(self, product: str, episode: Episode) -> int:
        origin = episode.person.origin
        if origin in self.region_codes and self.rng.random() < 0.5:
            here = self.free_here.get((product, origin))
            if here:
                return here.choice(self.rng)
        return self.free[product].choice(self.rng)

    # transitions
    def place(self, episode: Episode, day: int, site_index: int, *, previous: Stay | None = None,
              wait: Wait | None = None, started: int | None = None) -> Stay:
        """Start the next segment of the plan at a site on `day`.

        `started` backdates the stay of a client already in care on HISTORY_START; the plan's
        first segment then holds the days still to go.
        """
        product, days = episode.plan.pop(0)
        site = self.sites[site_index]
        assert site.product == product and site.occupied < site.limit
        begin = day if started is None else started
        due = day + max(days, 1)
        if product == cal.GROEPSWONEN:
            limit = last_day_within_years(date.fromordinal(begin), 2).toordinal()
            due = max(day + 1, min(due, limit + 1))
        if previous is None:
            decided = episode.decided if episode.decided is not None else begin
        else:
            floor = episode.aanvraag if episode.aanvraag is not None else begin
            decided = max(floor, begin - randint(self.rng, 7, 28))
        stay = Stay(episode=episode, site=site_index, product=product, start=begin, due=due,
                    decided=min(decided, begin), previous=previous)
        episode.stays.append(stay)
        site.occupied += 1
        self._refresh(site)
        if wait is not None:
            wait.removed = day
            wait.reason = WaitingRemovalReason.PLACED
            wait.site = site_index
        if previous is not None:
            previous.end = day - 1
            previous.destination = OutflowDestination.DOORSTROOM
            self.release(previous.site, day)
        self.push(due, _DUE, stay)
        return stay

    def release(self, site_index: int, day: int) -> None:
        site = self.sites[site_index]
        site.occupied -= 1
        if site.pending is not None and site.occupied <= site.pending:
            site.places = site.pending
            site.pending = None
            self.capacity_rows.append((site_index, day, site.places, site.pending_reason))
        self._refresh(site)
        self.serve(site.product, day)

    def serve(self, product: str, day: int) -> None:
        queue = self.queues[product]
        while queue and self.free[product]:
            _, _, _, wait, episode = heapq.heappop(queue)
            if wait.removed is not None:
                continue
            site = self.choose_site(product, episode)
            previous = episode.stays[-1] if wait.tier == TRANSITION else None
            self.place(episode, day, site, previous=previous, wait=wait)

    def enqueue(self, episode: Episode, product: str, day: int, tier: int, timeout: int) -> Wait:
        wait = Wait(product=product, entered=day, tier=tier)
        episode.waits.append(wait)
        self.seq += 1
        heapq.heappush(self.queues[product], (tier, day, self.seq, wait, episode))
        self.push(timeout, _TIMEOUT, (wait, episode))
        return wait

    def end(self, stay: Stay, day: int, destination: str) -> None:
        stay.end = day - 1
        stay.destination = destination
        self.release(stay.site, day)
        self.on_end(stay.episode, day)

    # event handlers
    def arrive(self, episode: Episode, day: int) -> None:
        product = episode.plan[0][0]
        if self.has_free(product):
            self.place(episode, day, self.choose_site(product, episode))
        else:
            tier = URGENT if episode.urgent else NORMAL
            self.enqueue(episode, product, day, tier, day + self.patience(episode))

    def due(self, stay: Stay, day: int) -> None:
        episode = stay.episode
        if stay.end is not None:
            return
        if not episode.plan:
            self.end(stay, day, episode.destination)
            return
        product = episode.plan[0][0]
        if self.has_free(product):
            self.place(episode, day, self.choose_site(product, episode), previous=stay)
            return
        timeout = day + cal.TRANSITION_MAX_WAIT_DAYS
        if stay.product == cal.GROEPSWONEN:
            timeout = min(timeout, last_day_within_years(
                date.fromordinal(stay.start), 2).toordinal() + 1)
        if timeout <= day:
            episode.plan.clear()
            self.end(stay, day, episode.destination)
            return
        self.enqueue(episode, product, day, TRANSITION, timeout)

    def timeout(self, wait: Wait, episode: Episode, day: int) -> None:
        if wait.removed is not None:
            return
        wait.removed = day
        if wait.tier == TRANSITION:
            wait.reason = WaitingRemovalReason.OTHER_SOLUTION
            episode.plan.clear()
            self.end(episode.stays[-1], day, episode.destination)
        else:
            wait.reason = str(_REMOVAL_REASONS(self.rng))

    def change_capacity(self, site_index: int, delta: int, day: int, reason: str) -> None:
        """Change the planned places by `delta`; a reduction waits until occupancy allows."""
        site = self.sites[site_index]
        base = site.places if site.pending is None else site.pending
        target = max(0, base + delta)
        if target >= site.places or site.occupied <= target:
            site.places = target
            site.pending = None
            self.capacity_rows.append((site_index, day, target, reason))
        else:
            site.pending = target
            site.pending_reason = reason
        self._refresh(site)
        self.serve(site.product, day)

    def run(self) -> None:
        while self.events:
            day, kind, _, payload = heapq.heappop(self.events)
            if kind == _ARRIVE:
                self.arrive(payload, day)  # type: ignore[arg-type]
            elif kind == _DUE:
                self.due(payload, day)  # type: ignore[arg-type]
            elif kind == _TIMEOUT:
                wait, episode = payload  # type: ignore[misc]
                self.timeout(wait, episode, day)
            else:
                site_index, delta, reason = payload  # type: ignore[misc]
                self.change_capacity(site_index, delta, day, reason)


# --- shared planning helpers ---------------------------------------------------------------------


@dataclass(frozen=True)
class RegionShape:
    """What the simulation needs to know about the region (codes are CBS codes)."""

    members: tuple[tuple[str, int], ...]  # (code, inhabitants), ordered by code
    centrumgemeente: str
    outside: tuple[tuple[str, int], ...]  # every other municipality with inhabitants
    facility_weights: tuple[tuple[str, float], ...]

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(code for code, _ in self.members)


def facility_weights(members: Sequence[tuple[str, int]], centrumgemeente: str,
                     ) -> tuple[tuple[str, float], ...]:
    """Where the places are: Centraal Gelderland's known spread, else inhabitants (centrum 2.5×)."""
    codes = {code for code, _ in members}
    if codes == set(cal.CG_FACILITY_WEIGHTS):
        return tuple((code, cal.CG_FACILITY_WEIGHTS[code]) for code, _ in members)
    return tuple(
        (code, inh * (cal.CENTRUM_FACILITY_BOOST if code == centrumgemeente else 1.0))
        for code, inh in members
    )


class MunicipalityPicker:
    """Chooses the municipality of each new location so that the places end up spread by the
    weights: the municipality furthest below its share gets the next location (with a little
    noise, so equal weights do not give a fixed pattern)."""

    def __init__(self, weights: Sequence[tuple[str, float]], rng: random.Random) -> None:
        total = sum(w for _, w in weights) or 1.0
        self.shares = [(code, w / total) for code, w in weights]
        self.assigned = {code: 0.0 for code, _ in weights}
        self.total = 0.0
        self.rng = rng

    def __call__(self, size: int) -> str:
        after = self.total + size
        best = max(self.shares, key=lambda cw: cw[1] * after - self.assigned[cw[0]]
                   + self.rng.random() * size * 0.5)
        code = best[0]
        self.assigned[code] += size
        self.total = after
        return code


def split_places(rng: random.Random, total: int, low: int, high: int) -> list[int]:
    """Location sizes between low and high (the last may be smaller) that add up to total."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, randint(rng, low, high))
        sizes.append(size)
        left -= size
    if len(sizes) > 1 and sizes[-1] < max(2, low // 2):
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def poisson_days(rng: random.Random, start: int, end: int, per_day: float) -> list[int]:
    """Days of a Poisson process with `per_day` events a day on start..end."""
    days: list[int] = []
    if per_day <= 0:
        return days
    t = float(start)
    while True:
        t += rng.expovariate(per_day)
        if t >= end + 1:
            return days
        days.append(int(t))




def _code(rng: random.Random, weighted: Weighted) -> str:
    return str(weighted(rng))


def in_care_on(episode: Episode, day: int) -> bool:
    return any(s.start <= day and (s.end is None or s.end >= day) for s in episode.stays)


class _Simulation:
    """What BW and MO share: the region, the people and the places being planned."""

    track = ""

    def __init__(self, *, rng: random.Random, today: date, factor: float, shape: RegionShape,
                 persons: list[Person] | None = None) -> None:
        self.rng = rng
        self.today = today.toordinal()
        self.factor = factor
        self.shape = shape
        self.persons: list[Person] = persons if persons is not None else []
        self.locations: list[LocationPlan] = []
        self.sites: list[Site] = []
        self.flow: Flow | None = None

    def _add_person(self, **kwargs: object) -> Person:
        person = Person(index=len(self.persons), track=self.track, **kwargs)  # type: ignore[arg-type]
        self.persons.append(person)
        return person

    def _add_sites(self, product: str, places: int, sizes: tuple[int, int], category: str,
                   municipality: Callable[[int], str], join: Sequence[str] = (),
                   join_probability: float = 0.0) -> None:
        """Split `places` into sites; a site may join a location that has a `join` product."""
        rng = self.rng
        candidates = [
            loc for loc in self.locations
            if any(self.sites[s].product in join for s in loc.sites)
            and not any(self.sites[s].product == product for s in loc.sites)
        ] if join else []
        for size in split_places(rng, places, *sizes):
            location = None
            if candidates and rng.random() < join_probability:
                location = candidates.pop(randint(rng, 0, len(candidates) - 1))
            if location is None:
                location = LocationPlan(index=len(self.locations), category=category,
                                        municipality=municipality(size))
                self.locations.append(location)
            site = Site(index=len(self.sites), location=location.index, product=product,
                        municipality=location.municipality, places=size, initial=size)
            location.sites.append(site.index)
            self.sites.append(site)

    def _result(self, flow: Flow) -> FlowResult:
        rows = [(s.index, T0, s.initial, "beginstand") for s in self.sites] + flow.capacity_rows
        return FlowResult(self.persons, self.locations, self.sites, rows)


# --- BW ----------------------------------------------------------------------------------------

_BW_SOURCES = Weighted((
    ("clinic", 0.25), ("wijkteam", 0.20), ("huisarts", 0.15), ("network", 0.12), ("self", 0.08),
    ("mo", 0.08), ("forensic", 0.06), ("youth_care", 0.06),
))
_CAREERS = Weighted([(c, c.weight) for c in cal.CAREERS])
_DESTINATIONS = {kind: Weighted(pairs) for kind, pairs in cal.DESTINATIONS.items()}
_BW_OUTCOMES = Weighted(cal.BW_OUTCOMES)
_BW_SITE_SIZES = {"BW": (8, 28), "BWI": (4, 12), "GWIB": (6, 14), "ZWIB": (15, 40)}
_BW_CATEGORY = {"BW": "bw_intramuraal", "BWI": "bw_intramuraal", "GWIB": "bw_ambulant",
                "ZWIB": "bw_ambulant"}
BW_PRODUCTS = ("BW", "BWI", "GWIB", "ZWIB")  # BW first, so BWI can join BW locations


def _sample_career(rng: random.Random) -> tuple[cal.Career, list[tuple[str, int]]]:
    career: cal.Career = _CAREERS(rng)  # type: ignore[assignment]
    plan = [(s.product, randint(rng, s.min_days, s.max_days)) for s in career.segments]
    return career, plan


_LONGEST_CAREER = max(sum(s.max_days for s in c.segments) for c in cal.CAREERS)


class BwSimulation(_Simulation):
    track = "BW"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.region_weights = Weighted(tuple(
            (code, inh * (1.3 if code == self.shape.centrumgemeente else 1.0))
            for code, inh in self.shape.members
        ))
        self.outside = Weighted(self.shape.outside) if self.shape.outside else None

    def new_person(self) -> Person:
        rng = self.rng
        if self.outside is not None and rng.random() < cal.BW_OUTSIDE_REGION_ORIGIN:
            origin = _code(rng, self.outside)
            registration = (self.shape.centrumgemeente if rng.random() < 0.7
                            else _code(rng, self.region_weights))
        else:
            origin = _code(rng, self.region_weights)
            registration = origin if rng.random() < 0.88 else self.shape.centrumgemeente
        return self._add_person(origin=origin, registration=registration)

    def _episode(self, person: Person, reported: int, **kwargs: object) -> Episode:
        rng = self.rng
        career, plan = _sample_career(rng)
        source = ("outside_region" if person.origin not in self.shape.codes
                  else _code(rng, _BW_SOURCES))
        episode = Episode(
            person=person, track="BW", reported=reported, municipality=person.registration,
            source=source, career=career.kind, plan=plan,
            destination=_code(rng, _DESTINATIONS[career.kind]),
            urgent=rng.random() < cal.BW_URGENT_PROBABILITY, **kwargs,  # type: ignore[arg-type]
        )
        person.episodes.append(episode)
        return episode

    def new_episode(self, person: Person, reported: int) -> Episode:
        """A melding on `reported` and what follows up to today (arrival queued when granted)."""
        rng = self.rng
        episode = self._episode(person, reported)
        if reported + 30 <= self.today and rng.random() < cal.BW_WITHDRAWN_PROBABILITY:
            episode.withdrawn = True
            return episode
        done = reported + (randint(rng, 43, 70) if rng.random() < 0.1 else randint(rng, 10, 40))
        aanvraag = done + randint(rng, 0, 5)
        decided = aanvraag + (randint(rng, 15, 35) if rng.random() < 0.07 else randint(rng, 3, 14))
        if rng.random() < cal.BW_ADVICE_PROBABILITY:
            asked = reported + randint(rng, 3, 14)
            answered = asked + randint(rng, 5, 20)
            if asked <= self.today:
                episode.advice = (asked, answered if answered <= self.today else None)
        episode.investigation_done = done if done <= self.today else None
        episode.aanvraag = aanvraag if aanvraag <= self.today else None
        if decided <= self.today:
            episode.decided = decided
            episode.outcome = _code(rng, _BW_OUTCOMES)
            if episode.outcome == "granted":
                episode.product = episode.plan[0][0]
                assert self.flow is not None
                self.flow.push(decided, _ARRIVE, episode)
        return episode

    def opening_episode(self) -> tuple[Episode, int]:
        """A client in care on HISTORY_START, somewhere in a career (sampled length-biased, as
        a stock is); returns the episode and the start of its current stay."""
        rng = self.rng
        while True:
            career, plan = _sample_career(rng)
            total = sum(days for _, days in plan)
            if rng.random() * _LONGEST_CAREER < total:
                break
        elapsed = rng.randrange(total)
        while plan[0][1] <= elapsed:
            elapsed -= plan.pop(0)[1]
        plan[0] = (plan[0][0], plan[0][1] - elapsed)
        started = T0 - elapsed
        decided = started - randint(rng, 0, 10)
        aanvraag = decided - randint(rng, 3, 14)
        done = aanvraag - randint(rng, 0, 5)
        episode = self._episode(
            self.new_person(), done - randint(rng, 10, 40), investigation_done=done,
            aanvraag=aanvraag, decided=decided, outcome="granted", opening=True,
        )
        episode.career, episode.plan = career.kind, plan
        episode.destination = _code(rng, _DESTINATIONS[career.kind])
        episode.product = plan[0][0]
        return episode, started

    def plan_sites(self, opening: Sequence[Episode]) -> None:
        counts = {p: 0 for p in BW_PRODUCTS}
        for episode in opening:
            counts[episode.plan[0][0]] += 1
        picker = MunicipalityPicker(self.shape.facility_weights, self.rng)
        for product in BW_PRODUCTS:
            places = max(2, math.ceil(counts[product] / cal.OPENING_OCCUPANCY))
            self._add_sites(
                product, places, _BW_SITE_SIZES[product], _BW_CATEGORY[product], picker,
                join=("BW",) if product == "BWI" else (), join_probability=0.7,
            )

    def plan_capacity_changes(self, flow: Flow) -> None:
        """Intramural and other places shrink 2015-2018; later a few places move (net zero)."""
        rng = self.rng
        ratio = (cal.BW_STOCK_2018 / cal.OCCUPANCY) / (cal.BW_STOCK_2015 / cal.OPENING_OCCUPANCY)
        first, last = date(2015, 6, 1).toordinal(), cal.BW_STOCK_2018_DATE.toordinal() - 1
        planned = {s.index: s.places for s in self.sites}
        for product in BW_PRODUCTS:
            sites = [s for s in self.sites if s.product == product]
            total = sum(s.places for s in sites)
            reduce_by = total - round(total * ratio)
            for _ in range(10_000):
                if reduce_by <= 0:
                    break
                site = rng.choice(sites)
                step = min(reduce_by, randint(rng, 1, 4), planned[site.index] - 2)
                if step <= 0:
                    continue
                planned[site.index] -= step
                reduce_by -= step
                flow.push(randint(rng, first, last), _CAPACITY,
                          (site.index, -step, "afbouw plaatsen 2015-2018"))
        moves_from, moves_to = date(2019, 1, 1).toordinal(), self.today - 60
        if moves_to <= moves_from:
            return
        for _ in range(max(1, len(self.sites) // 6)):
            site = rng.choice(self.sites)
            others = [s for s in self.sites if s.product == site.product and s is not site]
            if not others:
                continue
            other = rng.choice(others)
            step = randint(rng, 1, 3)
            if planned[other.index] - step < 2:
                continue
            planned[other.index] -= step
            planned[site.index] += step
            day = randint(rng, moves_from, moves_to)
            flow.push(day, _CAPACITY, (other.index, -step, "plaatsen verplaatst"))
            flow.push(day, _CAPACITY, (site.index, step, "plaatsen erbij"))

    def on_end(self, episode: Episode, day: int) -> None:
        """Some clients come back after outflow (terugval)."""
        if episode.destination in (OutflowDestination.DECEASED, OutflowDestination.WLZ):
            return
        if self.rng.random() < cal.BW_TERUGVAL_PROBABILITY:
            reported = day + randint(self.rng, 30, 500)
            if reported <= self.today:
                self.new_episode(episode.person, reported)

    def patience(self, episode: Episode) -> int:
        return max(14, int(self.rng.expovariate(1 / cal.BW_MEAN_PATIENCE_DAYS)))

    def run(self) -> FlowResult:
        rng = self.rng
        opening = [self.opening_episode() for _ in range(max(4, round(cal.BW_STOCK_2015
                                                                      * self.factor)))]
        self.plan_sites([episode for episode, _ in opening])
        flow = Flow(rng=rng, today=self.today, sites=self.sites, patience=self.patience,
                    on_end=self.on_end, region_codes=self.shape.codes)
        self.flow = flow
        for episode, started in opening:
            site = flow.choose_site(episode.plan[0][0], episode)
            flow.place(episode, T0, site, started=started)
        self.plan_capacity_changes(flow)
        stock_today = cal.stock_target(date.fromordinal(self.today)) * self.factor
        granted = dict(cal.BW_OUTCOMES)["granted"] * (1 - cal.BW_WITHDRAWN_PROBABILITY)
        per_day = cal.BW_DEMAND_FACTOR * stock_today / cal.mean_career_days() / granted
        for day in poisson_days(rng, T0, self.today, per_day):
            self.new_episode(self.new_person(), day)
        flow.run()
        assign_pgb(self.persons, rng, self.factor, self.today)
        return self._result(flow)


def assign_pgb(persons: Sequence[Person], rng: random.Random, factor: float, today: int) -> None:
    """PGB per DOMAIN §10: 316 (× factor) of the 2015 stock, of whom about 30 still in care in July
    2018; of the clients in care today about 5 % (55 of 1,141), the rest of the new clients with
    a small probability."""
    opening = [ep for p in persons for ep in p.episodes if ep.opening and ep.track == "BW"]
    mid_2018 = cal.PGB_2018_DATE.toordinal()
    staying = [ep for ep in opening if in_care_on(ep, mid_2018)]
    leaving = [ep for ep in opening if not in_care_on(ep, mid_2018)]
    wanted = min(len(opening), round(cal.PGB_2015 * factor))
    keep = min(len(staying), round(cal.PGB_OPENING_STILL_IN_CARE_2018 * factor), wanted)
    chosen = rng.sample(staying, keep) + rng.sample(leaving, min(len(leaving), wanted - keep))
    if len(chosen) < wanted:
        taken = {id(ep) for ep in chosen}
        rest = [ep for ep in staying if id(ep) not in taken]
        chosen += rng.sample(rest, min(len(rest), wanted - len(chosen)))
    for episode in chosen:
        episode.pgb = True
    granted = [ep for p in persons for ep in p.episodes
               if ep.track == "BW" and not ep.opening and ep.outcome == "granted"]
    now = [ep for ep in granted if in_care_on(ep, today)]
    in_care_today = len(now) + sum(1 for ep in opening if in_care_on(ep, today))
    already = sum(1 for ep in opening if ep.pgb and in_care_on(ep, today))
    wanted_now = max(0, round(cal.PGB_SHARE_NOW * in_care_today) - already)
    for episode in rng.sample(now, min(len(now), wanted_now)):
        episode.pgb = True
    for episode in granted:
        if not in_care_on(episode, today):
            episode.pgb = rng.random() < cal.PGB_NEW_CLIENT_PROBABILITY


# --- MO ----------------------------------------------------------------------------------------

_MO_SITE_SIZES = {"MONO": (10, 40), "MODV": (15, 50), "MOCV": (5, 15), "MOCG": (4, 12),
                  "MOZJ": (8, 20), "MODO": (15, 40)}
_MO_CAUSES = Weighted((
    ("eviction", 0.18), ("divorce", 0.15), ("unemployment", 0.12), ("discharge_care", 0.12),
    ("left_home", 0.10), ("parental_home", 0.09), ("discharge_detention", 0.10),
    ("remigration", 0.05), ("other", 0.09),
))
_MO_SOURCE_FOR_CAUSE = {
    "discharge_care": "clinic", "discharge_detention": "forensic", "parental_home": "youth_care",
}
_MO_SOURCES = Weighted((("self", 0.45), ("network", 0.15), ("wijkteam", 0.20),
                        ("huisarts", 0.08), ("clinic", 0.06), ("forensic", 0.06)))
_MO_ORIGINS = Weighted(tuple(cal.MO_ORIGIN_SHARES.items()))
_MO_FIRST_PRODUCT = Weighted(tuple((p.code, p.share) for p in cal.MO_PRODUCTS))
_MO_REPEAT_PRODUCT = Weighted(tuple((p.code, p.share) for p in cal.MO_PRODUCTS
                                    if p.code != "MOZJ"))
_MO_DESTINATIONS = Weighted(cal.MO_DESTINATIONS)
MO_PRODUCTS = tuple(p.code for p in cal.MO_PRODUCTS)
_MO_BY_CODE = {p.code: p for p in cal.MO_PRODUCTS}


class MoSimulation(_Simulation):
    track = "MO"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        centrum = self.shape.centrumgemeente
        others = tuple((c, float(i)) for c, i in self.shape.members if c != centrum)
        self.others = Weighted(others) if others else None
        self.outside = Weighted(self.shape.outside) if self.shape.outside else None
        self.stays_per_day = cal.MO_STAYS_PER_YEAR * self.factor / 365.25

    def new_person(self, product: str) -> Person:
        rng = self.rng
        centrum = self.shape.centrumgemeente
        kind = _code(rng, _MO_ORIGINS)
        if kind == "region" and self.others is None:
            kind = "centrum"
        origin: str | None
        reason = ""
        if kind == "centrum":
            origin = centrum
        elif kind == "region" and self.others is not None:
            origin = _code(rng, self.others)
        elif kind == "outside" and self.outside is not None:
            origin = _code(rng, self.outside)
        else:
            origin, reason = None, ("unknown" if kind == "unknown" else "not_registered")
        in_region = origin in self.shape.codes
        registration = origin if in_region and origin and rng.random() < 0.15 else centrum
        return self._add_person(origin=origin, registration=registration, no_bsn_reason=reason,
                                youth=product == "MOZJ")

    def _repeat_product(self, person: Person) -> str:
        if person.youth and self.rng.random() < 0.5:
            return "MOZJ"
        return _code(self.rng, _MO_REPEAT_PRODUCT)

    def _episode(self, person: Person, reported: int, product: str) -> Episode:
        rng = self.rng
        spec = _MO_BY_CODE[product]
        cause = _code(rng, _MO_CAUSES)
        if person.origin is not None and person.origin not in self.shape.codes:
            source = "outside_region"
        else:
            source = _MO_SOURCE_FOR_CAUSE.get(cause) or _code(rng, _MO_SOURCES)
        episode = Episode(
            person=person, track="MO", reported=reported, municipality=person.registration,
            source=source, cause=cause, plan=[(product, randint(rng, spec.min_days, spec.max_days))],
            destination=_code(rng, _MO_DESTINATIONS), urgent=product == "MOCG",
        )
        person.episodes.append(episode)
        return episode

    def new_episode(self, person: Person, reported: int, product: str) -> Episode:
        rng = self.rng
        episode = self._episode(person, reported, product)
        decided = reported if _MO_BY_CODE[product].crisis else reported + randint(rng, 0, 5)
        episode.aanvraag = reported
        if decided <= self.today:
            episode.investigation_done = decided
            episode.decided = decided
            episode.outcome = "granted" if rng.random() < 0.96 else "other_support"
            if episode.outcome == "granted":
                episode.product = product
                assert self.flow is not None
                self.flow.push(decided, _ARRIVE, episode)
        return episode

    def plan_sites(self) -> None:
        rng = self.rng
        centrum = self.shape.centrumgemeente

        weights = [(centrum, cal.MO_CENTRUM_SHARE)]
        others = [(c, i) for c, i in self.shape.members if c != centrum]
        total = sum(i for _, i in others) or 1
        weights += [(c, (1 - cal.MO_CENTRUM_SHARE) * i / total) for c, i in others]
        picker = MunicipalityPicker(weights, rng)

        for spec in cal.MO_PRODUCTS:
            stock = self.stays_per_day * spec.share * spec.mean_days
            places = max(2, math.ceil(stock / 0.85) + 1)
            join = {"MODO": ("MODV", "MONO"), "MONO": ("MODV",)}.get(spec.code, ())
            self._add_sites(spec.code, places, _MO_SITE_SIZES[spec.code], "mo", picker,
                            join=join, join_probability=0.5)

    def opening_episodes(self, flow: Flow) -> None:
        rng = self.rng
        for spec in cal.MO_PRODUCTS:
            places = sum(s.places for s in self.sites if s.product == spec.code)
            for _ in range(int(places * 0.75)):
                person = self.new_person(spec.code)
                days = randint(rng, spec.min_days, spec.max_days)
                elapsed = rng.randrange(days)
                started = T0 - elapsed
                episode = self._episode(person, started, spec.code)
                episode.plan = [(spec.code, days - elapsed)]
                episode.aanvraag = episode.investigation_done = episode.decided = started
                episode.outcome, episode.opening, episode.product = "granted", True, spec.code
                flow.place(episode, T0, flow.choose_site(spec.code, episode), started=started)

    def on_end(self, episode: Episode, day: int) -> None:
        if episode.destination == OutflowDestination.DECEASED:
            return
        if self.rng.random() < cal.MO_REPEAT_PROBABILITY:
            reported = day + randint(self.rng, 14, 700)
            if reported <= self.today:
                person = episode.person
                self.new_episode(person, reported, self._repeat_product(person))

    def patience(self, episode: Episode) -> int:
        return randint(self.rng, 2, 21)

    def run(self) -> FlowResult:
        self.plan_sites()
        flow = Flow(rng=self.rng, today=self.today, sites=self.sites, patience=self.patience,
                    on_end=self.on_end, region_codes=self.shape.codes)
        self.flow = flow
        self.opening_episodes(flow)
        new_per_day = self.stays_per_day * (1 - cal.MO_REPEAT_PROBABILITY)
        for day in poisson_days(self.rng, T0, self.today, new_per_day):
            product = _code(self.rng, _MO_FIRST_PRODUCT)
            self.new_episode(self.new_person(product), day, product)
        flow.run()
        return self._result(flow)
