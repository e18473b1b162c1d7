"""Wmo deadlines: the investigation after a melding and the decision on an aanvraag.

The Wmo 2015 gives the municipality two terms (DOMAIN §3.2, §11):

- Onderzoek — "binnen zes weken na ontvangst van een melding" the investigation is finished
  (Wmo 2015 art. 2.3.2 lid 1).
- Beschikking — "binnen twee weken na ontvangst van de aanvraag" the decision is issued
  (Wmo 2015 art. 2.3.5 lid 1). Without an aanvraag there is no decision term yet.

- An aanvraag without a prior melding counts as the melding (CRvB): the investigation is due
  6 weeks and the decision 8 weeks (6 + 2) after it. A melding whose aanvraag is recorded on the
  same day is treated so.

Day counting. A term of N weeks starts the day after the melding (or aanvraag) and its last day
is that date + 7·N days: a melding on Monday 03-03-2025 must be investigated by Monday
14-04-2025 (melding + 42 days), an aanvraag on 01-04-2025 decided by 15-04-2025 (+ 14 days).
Work done on the last day is on time. Then, in this order:

1. every recorded opschorting (Awb 4:15; first and last suspended day, both inclusive) that
   starts while the term runs adds its days inside the term (an ongoing one counts up to
   `today`); a suspension that starts after the term ended changes nothing;
2. the one recorded extension (verdaging, Awb 4:14 lid 3 / Wmo 2015 art. 2.3.2) adds its days;
3. the Algemene termijnenwet (`termijnenwet.term_end`): a last day on a Saturday, Sunday or
   general holiday moves to the next working day.

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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bwmo.core.dates import nl_date
from bwmo.core.exceptions import DomainError

from .termijnenwet import free_day_reason, term_end

INVESTIGATION_TERM_DAYS = 42  # 6 weeks, Wmo 2015 art. 2.3.2 lid 1
DECISION_TERM_DAYS = 14  # 2 weeks, Wmo 2015 art. 2.3.5 lid 1
DECISION_WITHOUT_MELDING_DAYS = INVESTIGATION_TERM_DAYS + DECISION_TERM_DAYS  # 6 + 2 weeks
DUE_SOON_DAYS = 7
MAX_EXTENSION_DAYS = 365


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


@dataclass(frozen=True)
class Suspension:
    """An opschorting (Awb 4:15): ``start`` and ``end`` are the first and last suspended day;
    ``end=None`` while it still runs."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class DueDate:
    """How one due date came about, step by step (see the module docstring)."""

    term_start: date
    term_days: int
    suspended_days: int
    extension_days: int
    before_termijnenwet: date
    due: date

    @property
    def moved_for(self) -> str | None:
        """Why the Algemene termijnenwet moved the last day (e.g. "zaterdag"), or ``None``."""
        if self.due == self.before_termijnenwet:
            return None
        return free_day_reason(self.before_termijnenwet)

    def explain(self, name: str) -> str:
        weeks = self.term_days // 7
        parts = [f"{name}: {weeks} weken na {nl_date(self.term_start)} is "
                 f"{nl_date(self.term_start + timedelta(days=self.term_days))}"]
        if self.suspended_days:
            parts.append(f"plus {_days(self.suspended_days)} opschorting")
        if self.extension_days:
            parts.append(f"plus {_days(self.extension_days)} verdaging")
        text = ", ".join(parts)
        if self.suspended_days or self.extension_days:
            text += f" = {nl_date(self.before_termijnenwet)}"
        if self.moved_for is not None:
            what = (f"een {self.moved_for}" if self.moved_for in ("zaterdag", "zondag")
                    else self.moved_for)
            text += (f"; dat is {what}, dus volgens de Algemene termijnenwet de eerstvolgende "
                     f"werkdag {nl_date(self.due)}")
        return text + "."


def due_date(
    term_start: date,
    term_days: int,
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
    today: date | None = None,
) -> DueDate:
    """The last day of a term of ``term_days`` from ``term_start`` (module docstring, 1-3)."""
    due = term_start + timedelta(days=term_days)
    suspended = 0
    for suspension in sorted(suspensions, key=lambda s: s.start):
        end = suspension.end if suspension.end is not None else today
        first = max(suspension.start, term_start + timedelta(days=1))
        if end is None or first > end or first > due:
            continue
        days = (end - first).days + 1
        due += timedelta(days=days)
        suspended += days
    due += timedelta(days=extension_days)
    return DueDate(term_start, term_days, suspended, extension_days, due, term_end(due))


def aanvraag_without_melding(melding_date: date | None, aanvraag_date: date | None) -> bool:
    """An aanvraag with no earlier melding (none, or on the same day) counts as the melding."""
    return aanvraag_date is not None and (melding_date is None or melding_date == aanvraag_date)


def investigation_due(
    melding_date: date, suspensions: Sequence[Suspension] = (), extension_days: int = 0,
    today: date | None = None,
) -> date:
    """Last day of the investigation term: melding + 42 days, then suspensions, extension and
    the Algemene termijnenwet."""
    return due_date(melding_date, INVESTIGATION_TERM_DAYS, suspensions, extension_days,
                    today).due


def decision_term_days(melding_date: date | None, aanvraag_date: date) -> int:
    if aanvraag_without_melding(melding_date, aanvraag_date):
        return DECISION_WITHOUT_MELDING_DAYS
    return DECISION_TERM_DAYS


def decision_due(
    aanvraag_date: date, suspensions: Sequence[Suspension] = (), extension_days: int = 0,
    today: date | None = None, *, melding_date: date | None = None,
) -> date:
    """Last day of the decision term: aanvraag + 14 days (+ 56 without a prior melding), then
    suspensions, extension and the Algemene termijnenwet."""
    days = decision_term_days(melding_date, aanvraag_date)
    return due_date(aanvraag_date, days, suspensions, extension_days, today).due


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
    suspensions: Sequence[Suspension] = (),
    extension_days: int = 0,
) -> DeadlineStatus:
    """Both Wmo deadlines of one case on `today`, after suspensions, the extension and the
    Algemene termijnenwet.

    Raises `DeadlineInputError` (Dutch messages) when the dates contradict each other or lie
    after `today`.
    """
    _check_dates(melding_date, aanvraag_date, investigation_done, decision_date, today)
    investigation = _deadline(
        DeadlineKind.INVESTIGATION,
        melding_date,
        investigation_due(melding_date, suspensions, extension_days, today),
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
            decision_due(aanvraag_date, suspensions, extension_days, today,
                         melding_date=melding_date),
            decision_date,
            today,
            due_soon_days,
        )
    return DeadlineStatus(today, investigation, decision)
