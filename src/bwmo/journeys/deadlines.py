"""Wmo deadlines: the investigation after a melding and the decision on an aanvraag.

The Wmo 2015 gives the municipality two terms (DOMAIN §3.2, §11):

- Onderzoek — "binnen zes weken na ontvangst van een melding" the investigation is finished
  (Wmo 2015 art. 2.3.2 lid 1).
- Beschikking — "binnen twee weken na ontvangst van de aanvraag" the decision is issued
  (Wmo 2015 art. 2.3.5 lid 1). Without an aanvraag there is no decision term yet.

Day counting. A term of N weeks starts the day after the melding (or aanvraag) and its last day
is that date + 7·N days: a melding on Monday 03-03-2025 must be investigated by Monday
14-04-2025 (melding + 42 days), an aanvraag on 01-04-2025 decided by 15-04-2025 (+ 14 days).
Work done on the last day is on time. The extension of the Algemene termijnenwet (a term ending
on a Saturday, Sunday or public holiday runs to the next working day) is deliberately not
applied: the system warns by the strict date, which is never later than the legal one.

Status of one deadline on `today`:
- MET / MET_LATE — done on or before / after the last day (independent of `today`);
- ON_TIME        — still open, more than `due_soon_days` (7) calendar days to go;
- DUE_SOON       — still open and `today` lies in the last 7 days of the term, i.e. from
                   due date − 6 up to and including the due date ("binnenkort"). For the
                   investigation: day 36 up to and including day 42 after the melding;
- OVERDUE        — still open after the last day (day 43 onwards);
- NOT_STARTED    — the decision term when there is no aanvraag yet.
While a deadline is open its status only moves forward in time: ON_TIME → DUE_SOON → OVERDUE.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError

INVESTIGATION_TERM_DAYS = 42  # 6 weeks, Wmo 2015 art. 2.3.2 lid 1
DECISION_TERM_DAYS = 14  # 2 weeks, Wmo 2015 art. 2.3.5 lid 1
DUE_SOON_DAYS = 7


class DeadlineKind(StrEnum):
    INVESTIGATION = "investigation"
    DECISION = "decision"

    @property
    def label(self) -> str:
        return {
            DeadlineKind.INVESTIGATION: "Onderzoek",
            DeadlineKind.DECISION: "Beschikking",
        }[self]

    @property
    def legal_basis(self) -> str:
        return {
            DeadlineKind.INVESTIGATION: "Wmo 2015 art. 2.3.2 lid 1: onderzoek binnen 6 weken na "
            "de melding",
            DeadlineKind.DECISION: "Wmo 2015 art. 2.3.5 lid 1: beschikking binnen 2 weken na de "
            "aanvraag",
        }[self]


class DeadlineState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return {
            DeadlineState.ON_TIME: "op tijd",
            DeadlineState.DUE_SOON: "binnenkort",
            DeadlineState.OVERDUE: "termijn verstreken",
            DeadlineState.MET: "op tijd afgerond",
            DeadlineState.MET_LATE: "te laat afgerond",
            DeadlineState.NOT_STARTED: "nog geen aanvraag",
        }[self]

    @property
    def is_open(self) -> bool:
        return self in (DeadlineState.ON_TIME, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


@dataclass(frozen=True)
class Deadline:
    """One Wmo term on a given day.

    `days_left` is due − today for an open deadline (0 on the last day, negative when overdue),
    ``None`` otherwise. `label` is a Dutch sentence for a case list or case page.
    """

    kind: DeadlineKind
    state: DeadlineState
    start_date: date | None
    due_date: date | None
    completed_on: date | None
    days_left: int | None
    label: str

    @property
    def legal_basis(self) -> str:
        return self.kind.legal_basis

    @property
    def needs_attention(self) -> bool:
        return self.state in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


@dataclass(frozen=True)
class DeadlineStatus:
    today: date
    investigation: Deadline
    decision: Deadline

    @property
    def deadlines(self) -> tuple[Deadline, Deadline]:
        return (self.investigation, self.decision)

    @property
    def is_overdue(self) -> bool:
        return any(d.state is DeadlineState.OVERDUE for d in self.deadlines)

    @property
    def needs_attention(self) -> bool:
        return any(d.needs_attention for d in self.deadlines)


class DeadlineInputError(DomainError):
    """The dates entered cannot be right (e.g. a decision before the aanvraag)."""


def investigation_due(melding_date: date) -> date:
    """Last day of the investigation term: melding + 42 days."""
    return melding_date + timedelta(days=INVESTIGATION_TERM_DAYS)


def decision_due(aanvraag_date: date) -> date:
    """Last day of the decision term: aanvraag + 14 days."""
    return aanvraag_date + timedelta(days=DECISION_TERM_DAYS)


def _days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def _deadline(
    kind: DeadlineKind,
    start: date,
    due: date,
    completed_on: date | None,
    today: date,
    due_soon_days: int,
) -> Deadline:
    name = kind.label
    if completed_on is not None:
        if completed_on <= due:
            state = DeadlineState.MET
            text = (
                f"{name}: afgerond op {nl_date(completed_on)}, op tijd (uiterlijk {nl_date(due)})."
            )
        else:
            state = DeadlineState.MET_LATE
            late = (completed_on - due).days
            text = (
                f"{name}: afgerond op {nl_date(completed_on)}, {_days(late)} te laat "
                f"(uiterlijk {nl_date(due)})."
            )
        return Deadline(kind, state, start, due, completed_on, None, text)
    left = (due - today).days
    if left < 0:
        state = DeadlineState.OVERDUE
        text = f"{name}: termijn verstreken op {nl_date(due)} ({_days(-left)} te laat)."
    else:
        state = DeadlineState.DUE_SOON if left < due_soon_days else DeadlineState.ON_TIME
        remaining = "vandaag is de laatste dag" if left == 0 else f"nog {_days(left)}"
        text = f"{name}: {state.label}, uiterlijk {nl_date(due)} ({remaining})."
    return Deadline(kind, state, start, due, None, left, text)


def _check_dates(
    melding_date: date,
    aanvraag_date: date | None,
    investigation_done: date | None,
    decision_date: date | None,
    today: date,
) -> None:
    problems: list[str] = []
    if melding_date > today:
        problems.append(f"De melding ({nl_date(melding_date)}) ligt in de toekomst.")
    if aanvraag_date is not None and aanvraag_date < melding_date:
        problems.append(
            f"De aanvraag ({nl_date(aanvraag_date)}) ligt vóór de melding "
            f"({nl_date(melding_date)}). Een aanvraag zonder eerdere melding geldt ook als "
            "melding: registreer de melding dan op dezelfde datum."
        )
    if aanvraag_date is not None and aanvraag_date > today:
        problems.append(f"De aanvraag ({nl_date(aanvraag_date)}) ligt in de toekomst.")
    if investigation_done is not None:
        if investigation_done < melding_date:
            problems.append(
                f"Het onderzoek ({nl_date(investigation_done)}) kan niet vóór de melding "
                f"({nl_date(melding_date)}) zijn afgerond."
            )
        if investigation_done > today:
            problems.append(
                f"De afronding van het onderzoek ({nl_date(investigation_done)}) ligt in de "
                "toekomst."
            )
    if decision_date is not None:
        if aanvraag_date is None:
            problems.append(
                "Er is een beschikking zonder aanvraag: vul de datum van de aanvraag in."
            )
        elif decision_date < aanvraag_date:
            problems.append(
                f"De beschikking ({nl_date(decision_date)}) ligt vóór de aanvraag "
                f"({nl_date(aanvraag_date)})."
            )
        if decision_date > today:
            problems.append(f"De beschikking ({nl_date(decision_date)}) ligt in de toekomst.")
    if problems:
        raise DeadlineInputError(*problems)


def wmo_deadlines(
    melding_date: date,
    aanvraag_date: date | None,
    investigation_done: date | None,
    decision_date: date | None,
    today: date,
    *,
    due_soon_days: int = DUE_SOON_DAYS,
) -> DeadlineStatus:
    """Both Wmo deadlines of one case on `today`.

    Raises `DeadlineInputError` (Dutch messages) when the dates contradict each other or lie
    after `today`.
    """
    _check_dates(melding_date, aanvraag_date, investigation_done, decision_date, today)
    investigation = _deadline(
        DeadlineKind.INVESTIGATION,
        melding_date,
        investigation_due(melding_date),
        investigation_done,
        today,
        due_soon_days,
    )
    if aanvraag_date is None:
        decision = Deadline(
            DeadlineKind.DECISION,
            DeadlineState.NOT_STARTED,
            None,
            None,
            None,
            None,
            "Beschikking: nog geen aanvraag; de termijn van 2 weken start bij de aanvraag.",
        )
    else:
        decision = _deadline(
            DeadlineKind.DECISION,
            aanvraag_date,
            decision_due(aanvraag_date),
            decision_date,
            today,
            due_soon_days,
        )
    return DeadlineStatus(today, investigation, decision)
