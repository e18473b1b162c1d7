"""Pure rules for places and occupancy (DOMAIN §5). No database, no Django: plain dates and ints.

Definitions
    - A *stay* is one placement: it occupies one place from its start date up to **and including**
      its end date. An open stay (end ``None``) occupies a place on every day from its start on.
      So a stay is active on day *d* when ``start <= d`` and (``end is None`` or ``end >= d``).
      The end date is the last day of care (as in iWmo, where the einddatum is inclusive). A
      doorstroom on day *D* therefore ends the old placement on *D − 1* and starts the new one on
      *D*: the client never holds two places on one day.
    - *Capacity* is a history of steps ``(valid_from, places)``: the number of places valid from
      that date until the next step. Several steps on the same date are corrections; the one that
      comes last in the sequence (the latest recorded) wins. Before the first step there are no
      places.
    - *Free places* on a day = capacity − occupancy, never shown below 0; when occupancy exceeds
      capacity (data from before bwmo, or a correction) the excess is reported as *overbezet*.

Checking a new stay
    A new stay fits when on **every** day of its period occupancy + 1 ≤ capacity. Occupancy only
    rises on the start date of a stay and capacity only changes on a step date, so it suffices to
    check the new stay's start date and every stay start and step date inside its period
    (`first_shortage`). The same idea checks a capacity reduction against the stays it governs
    (`first_excess`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

#: Dates outside this range are typing errors; refusing them keeps date arithmetic (years,
#: months) far from the limits of `datetime.date`.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def date_out_of_range(day: date) -> bool:
    return not EARLIEST_DATE <= day <= LATEST_DATE


@dataclass(frozen=True)
class Stay:
    start: date
    end: date | None = None  # inclusive; None = open

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def overlaps(self, start: date, end: date | None) -> bool:
        """Whether this stay shares at least one day with the period start..end (inclusive)."""
        starts_before_other_ends = end is None or self.start <= end
        ends_after_other_starts = self.end is None or self.end >= start
        return starts_before_other_ends and ends_after_other_starts


@dataclass(frozen=True)
class CapacityStep:
    valid_from: date
    places: int


@dataclass(frozen=True)
class Shortage:
    """The first day on which a stay or a capacity change does not fit."""

    day: date
    places: int
    occupied: int


def occupancy_on(stays: Iterable[Stay], day: date) -> int:
    return sum(1 for stay in stays if stay.active_on(day))


def capacity_on(steps: Sequence[CapacityStep], day: date) -> int:
    """Places on `day`: the last step (in sequence order) among those with valid_from ≤ day."""
    best: CapacityStep | None = None
    for step in steps:
        if step.valid_from <= day and (best is None or step.valid_from >= best.valid_from):
            best = step
    return best.places if best is not None else 0


def free_places_on(steps: Sequence[CapacityStep], stays: Iterable[Stay], day: date) -> int:
    return max(capacity_on(steps, day) - occupancy_on(stays, day), 0)


def overbooked_on(steps: Sequence[CapacityStep], stays: Iterable[Stay], day: date) -> int:
    return max(occupancy_on(stays, day) - capacity_on(steps, day), 0)


def free_and_overbooked(places: int, occupied: int) -> tuple[int, int]:
    """(free, overbezet) from a capacity and an occupancy count; both never negative."""
    return max(places - occupied, 0), max(occupied - places, 0)


def _in_period(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day <= end)


def first_shortage(
    steps: Sequence[CapacityStep], stays: Sequence[Stay], new: Stay
) -> Shortage | None:
    """The first day of `new` on which no place is free, or None when it fits on every day."""
    days = {new.start}
    days.update(s.valid_from for s in steps if _in_period(s.valid_from, new.start, new.end))
    days.update(s.start for s in stays if _in_period(s.start, new.start, new.end))
    for day in sorted(days):
        places = capacity_on(steps, day)
        occupied = occupancy_on(stays, day)
        if occupied + 1 > places:
            return Shortage(day=day, places=places, occupied=occupied)
    return None


def first_excess(
    steps: Sequence[CapacityStep], stays: Sequence[Stay], new: CapacityStep
) -> Shortage | None:
    """The first day on which `new` (recorded after `steps`) leaves fewer places than are occupied.

    `new` governs from its valid_from until the next step with a later valid_from.
    """
    later = [s.valid_from for s in steps if s.valid_from > new.valid_from]
    until = min(later) if later else None  # exclusive
    days = {new.valid_from}
    days.update(
        s.start for s in stays if s.start > new.valid_from and (until is None or s.start < until)
    )
    for day in sorted(days):
        occupied = occupancy_on(stays, day)
        if occupied > new.places:
            return Shortage(day=day, places=new.places, occupied=occupied)
    return None

