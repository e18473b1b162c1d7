"""Retention of a case (a melding and what followed from it): its class and destruction date.

Sources: Wmo 2015 art. 5.3.4 (files kept 15 years after the provision ends) and the Selectielijst
gemeenten en intergemeentelijke organen 2020 (granted/ended: 15 years after the provision ended;
refused: 5 years after the decision; aborted without a decision: 42 days after it was closed).
Pure functions; `case_retention` reads one melding.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class RetentionClass(StrEnum):
    RUNNING = "running"  # case or provision not ended: no destruction date yet
    GRANTED = "granted"  # 15 years after the provision ends
    REFUSED = "refused"  # 5 years after the decision
    ABORTED = "aborted"  # 42 days after the case was closed without a decision


LABELS = {
    RetentionClass.RUNNING: "Lopend: nog geen vernietigingsdatum",
    RetentionClass.GRANTED: "Toegekend: 15 jaar na einde voorziening",
    RetentionClass.REFUSED: "Afgewezen: 5 jaar na het besluit",
    RetentionClass.ABORTED: "Afgebroken: 42 dagen na afsluiten",
}
GRANTED_YEARS = 15
REFUSED_YEARS = 5
ABORTED_DAYS = 42


@dataclass(frozen=True)
class Retention:
    retention_class: RetentionClass
    destruction_date: date | None

    @property
    def label(self) -> str:
        return LABELS[self.retention_class]

    def is_due(self, today: date) -> bool:
        return self.destruction_date is not None and self.destruction_date <= today


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_for(
    *, granted: bool, decided_on: date | None, provision_end: date | None,
    provision_running: bool, closed_without_decision_on: date | None,
) -> Retention:
    """The retention of one case.

    granted: a beschikking granted a provision; decided_on: date of the (last) decision;
    provision_end: the last day of the provision (latest of beschikking end and placement ends);
    provision_running: a placement or granted period is still open;
    closed_without_decision_on: the case was withdrawn/closed without a decision on that day.
    """
    if granted:
        if provision_running or provision_end is None:
            return Retention(RetentionClass.RUNNING, None)
        return Retention(RetentionClass.GRANTED, add_years(provision_end, GRANTED_YEARS))
    if decided_on is not None:
        return Retention(RetentionClass.REFUSED, add_years(decided_on, REFUSED_YEARS))
    if closed_without_decision_on is not None:
        return Retention(RetentionClass.ABORTED,
                         closed_without_decision_on + timedelta(days=ABORTED_DAYS))
    return Retention(RetentionClass.RUNNING, None)


def case_retention(melding) -> Retention:  # type: ignore[no-untyped-def]
    """Read a melding, its beschikkingen and their placements."""
    from bwmo.journeys.constants import BeschikkingOutcome, MeldingStatus
    from bwmo.placements.models import Placement

    beschikkingen = list(melding.beschikkingen.all())
    granted = [b for b in beschikkingen if b.outcome == BeschikkingOutcome.GRANTED]
    decided_on = max((b.decided_on for b in beschikkingen), default=None)
    ends: list[date] = []
    running = False
    for beschikking in granted:
        if beschikking.end_date is None:
            running = True
        else:
            ends.append(beschikking.end_date)
    for placement in Placement.objects.filter(beschikking__in=granted):
        if placement.end_date is None:
            running = True
        else:
            ends.append(placement.end_date)
    closed = None
    if melding.status == MeldingStatus.WITHDRAWN and not beschikkingen:
        closed = melding.updated_at.date()
    return retention_for(
        granted=bool(granted), decided_on=decided_on, provision_end=max(ends, default=None),
        provision_running=running, closed_without_decision_on=closed,
    )
