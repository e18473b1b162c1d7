"""Pure rules for placements: signals, waiting time and doorstroom direction. No database.

Signals (the "Signalen" screen) — each for a placement that is active on the reference day:

1. **Groepswonen nadert 2 jaar** (seed 004 Bijlage 3: groepswonen "maximaal 2 jaar in te zetten
   (doel = doorstroom)"), counted per client from the start of the consecutive groepswonen stay
   (`groepswonen_since`, across placements and beschikkingen), in calendar years like the rule
   (`journeys.decision_rules.last_day_within_years`): start 15-03-2024 → last day 14-03-2026. A
   warning from `GROEPSWONEN_WARNING_DAYS` days before the last day, an error after it. No signal
   when the placement already has an end date within the limit.
2. **Niet ingeschreven als woningzoekende** (seed 004 Bijlage 3: "Inwoners met als perspectief
   zelfstandig wonen schrijven zich binnen een maand na instromen in als woningzoekende"). Inflow
   is the start of the first placement of a doorstroom chain. "Binnen een maand": the deadline is
   the same day number one calendar month later (31-01 → 28/29-02; a shorter month clamps to its
   last day). A warning from `WONINGZOEKENDE_WARNING_DAYS` days before the deadline, an error after
   it. No signal once a registration date is recorded, nor without a perspective on independent
   living.
3. **Zorg na einde beschikking**: the placement continues past the beschikking's end date. An
   error once the end date has passed; a warning from `BESCHIKKING_WARNING_DAYS` days before it
   when the placement has no end date or one after the beschikking's.
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bwmo.core.dates import nl_date
from bwmo.journeys.decision_rules import (
    GROEPSWONEN_CODE,
    RuleViolation,
    adult_start_violations,
    groepswonen_stay_start,
    last_day_within_years,
)
from bwmo.regions.catalogue import GROEPSWONEN_MAX_YEARS, Track

GROEPSWONEN_WARNING_DAYS = 90
WONINGZOEKENDE_WARNING_DAYS = 14
BESCHIKKING_WARNING_DAYS = 30

#: Intensity of the BW products (seed 004 Bijlage 3), lightest first; used for "lichter"/"zwaarder".
INTENSITY = {"IABT": 1, "ZWIB": 1, "KWV": 2, "KT": 2, "GWIB": 2, "BW": 3, "LTV": 3, "BWI": 4}


class SignalKind(StrEnum):
    GROEPSWONEN_LIMIT = "groepswonen_limit"
    WONINGZOEKENDE = "woningzoekende"
    BESCHIKKING_ENDED = "beschikking_ended"

    @property
    def label(self) -> str:
        return {
            SignalKind.GROEPSWONEN_LIMIT: "Groepswonen: maximaal 2 jaar",
            SignalKind.WONINGZOEKENDE: "Inschrijving woningzoekende",
            SignalKind.BESCHIKKING_ENDED: "Beschikking verloopt",
        }[self]


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class PlacementFacts:
    start: date
    end: date | None
    product_code: str
    inflow: date  # start of the first placement of the doorstroom chain
    beschikking_end: date | None = None
    perspective_independent: bool = False
    registered_woningzoekende_on: date | None = None
    groepswonen_since: date | None = None
    """First day of the client's consecutive groepswonen stay (``None``: this placement's start)."""

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class Signal:
    kind: SignalKind
    severity: Severity
    due: date
    message: str


def add_months(day: date, months: int) -> date:
    """The same day number `months` calendar months later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def woningzoekende_deadline(inflow: date) -> date:
    return add_months(inflow, 1)


def groepswonen_last_day(start: date) -> date:
    return last_day_within_years(start, GROEPSWONEN_MAX_YEARS)


def groepswonen_since(
    periods: Sequence[tuple[date, date | None]], start: date
) -> date:
    """First day of the consecutive groepswonen stay a placement from ``start`` belongs to."""
    return groepswonen_stay_start(periods, start)


def _days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def _groepswonen(facts: PlacementFacts, today: date) -> Signal | None:
    if facts.product_code != GROEPSWONEN_CODE:
        return None
    since = facts.groepswonen_since or facts.start
    last_day = groepswonen_last_day(since)
    if facts.end is not None and facts.end <= last_day:
        return None
    left = (last_day - today).days
    if left < 0:
        return Signal(
            SignalKind.GROEPSWONEN_LIMIT, Severity.ERROR, last_day,
            f"Groepswonen duurt langer dan 2 jaar (sinds {nl_date(since)}): de laatste dag was "
            f"{nl_date(last_day)}. "
            "Regel doorstroom of leg de afwijking vast.",
        )
    if left <= GROEPSWONEN_WARNING_DAYS:
        return Signal(
            SignalKind.GROEPSWONEN_LIMIT, Severity.WARNING, last_day,
            f"Groepswonen bereikt over {_days(left)} de maximale duur van 2 jaar (sinds "
            f"{nl_date(since)}, laatste dag {nl_date(last_day)}). Bespreek het doorstroomplan.",
        )
    return None


def _woningzoekende(facts: PlacementFacts, today: date) -> Signal | None:
    if not facts.perspective_independent or facts.registered_woningzoekende_on is not None:
        return None
    deadline = woningzoekende_deadline(facts.inflow)
    left = (deadline - today).days
    if left < 0:
        return Signal(
            SignalKind.WONINGZOEKENDE, Severity.ERROR, deadline,
            f"Niet binnen een maand na instroom ({nl_date(facts.inflow)}) ingeschreven als "
            f"woningzoekende; dat moest uiterlijk {nl_date(deadline)}.",
        )
    if left <= WONINGZOEKENDE_WARNING_DAYS:
        return Signal(
            SignalKind.WONINGZOEKENDE, Severity.WARNING, deadline,
            f"Nog niet ingeschreven als woningzoekende; uiterlijk {nl_date(deadline)} "
            f"(nog {_days(left)}).",
        )
    return None


def _beschikking(facts: PlacementFacts, today: date) -> Signal | None:
    end = facts.beschikking_end
    if end is None or (facts.end is not None and facts.end <= end):
        return None
    left = (end - today).days
    if left < 0:
        return Signal(
            SignalKind.BESCHIKKING_ENDED, Severity.ERROR, end,
            f"De zorg loopt door na het einde van de beschikking ({nl_date(end)}). Verleng de "
            "beschikking of beëindig de plaatsing.",
        )
    if left <= BESCHIKKING_WARNING_DAYS:
        return Signal(
            SignalKind.BESCHIKKING_ENDED, Severity.WARNING, end,
            f"De beschikking loopt over {_days(left)} af ({nl_date(end)}) en de plaatsing "
            "loopt door.",
        )
    return None


def placement_signals(facts: PlacementFacts, today: date) -> list[Signal]:
    """The signals for one placement on `today`; none when it is not active that day."""
    if not facts.active_on(today):
        return []
    found = (_groepswonen(facts, today), _woningzoekende(facts, today), _beschikking(facts, today))
    return [s for s in found if s is not None]


def placement_start_violations(
    *, track: str, start: date, birth_date: date | None
) -> list[RuleViolation]:
    """What forbids starting a placement on ``start``: BW before the client's 18th birthday
    (seed 004 §3.1 "volwassen"). The 2-year groepswonen limit across beschikkingen is checked on
    the beschikking (`journeys.decision_rules`) and signalled on the placement."""
    if track == Track.BW and birth_date is not None:
        return adult_start_violations(birth_date, start, "start_date")
    return []


def describe_waiting_time(days: int) -> str:
    """Dutch: '3 weken en 2 dagen', '1 week', '5 dagen', '0 dagen'."""
    days = max(days, 0)
    weeks, rest = divmod(days, 7)
    week_word = "week" if weeks == 1 else "weken"
    if weeks and rest:
        return f"{weeks} {week_word} en {_days(rest)}"
    if weeks:
        return f"{weeks} {week_word}"
    return _days(rest)


def doorstroom_direction(from_code: str, to_code: str) -> str:
    """'lichter', 'zwaarder' or 'ander product' (MO products and equal intensity)."""
    a, b = INTENSITY.get(from_code), INTENSITY.get(to_code)
    if a is None or b is None or a == b:
        return "ander product"
    return "lichter" if b < a else "zwaarder"


def day_before(day: date) -> date:
    return day - timedelta(days=1)
