"""The quality status of a provider on a day (DOMAIN §12; Toekomstvisie beschermd wonen IJssel-Vecht
§1.1 and §2.4.3): pure rules over the keurmerk checklist, GGD inspections and rechtmatigheid signals.

- The keurmerk is complete when every requirement of the region has evidence valid on the day.
  A missing or expired requirement makes the status *onvoldoende* and blocks PGB with the provider.
- A GGD inspection with serious findings that is not closed makes the status *onvoldoende*; open
  minor findings make it *aandachtspunten*; a follow-up past its due date is named as well.
- An open rechtmatigheid signal of the sociale recherche about PGB blocks PGB with the provider
  (status *aandachtspunten* when the keurmerk and inspections are in order).
- A provider that functioneel beheer declared insufficient by hand stays insufficient.

The PGB condition "de kwaliteit van de aanbieder is voldoende" holds when nothing blocks PGB.
"""

from dataclasses import dataclass, field
from datetime import date

from bwmo.core.dates import nl_date

SUFFICIENT = "sufficient"
ATTENTION = "attention"
INSUFFICIENT = "insufficient"
LEVEL_LABELS = {SUFFICIENT: "Voldoende", ATTENTION: "Aandachtspunten", INSUFFICIENT: "Onvoldoende"}
_ORDER = {SUFFICIENT: 0, ATTENTION: 1, INSUFFICIENT: 2}


@dataclass(frozen=True)
class Requirement:
    key: int
    title: str


@dataclass(frozen=True)
class Evidence:
    requirement: int
    valid_until: date | None  # None: no end date
    recorded_on: date


@dataclass(frozen=True)
class Inspection:
    inspected_on: date
    serious: bool
    has_findings: bool
    follow_up_due: date | None
    closed_on: date | None


@dataclass(frozen=True)
class Signal:
    received_on: date
    concerns_pgb: bool
    closed_on: date | None


@dataclass(frozen=True)
class QualityStatus:
    level: str
    reasons: tuple[str, ...] = ()
    pgb_allowed: bool = True
    pgb_reasons: tuple[str, ...] = ()
    expiring: tuple[str, ...] = field(default=())  # keurmerk items that expire within the warning period

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]


def _worse(a: str, b: str) -> str:
    return a if _ORDER[a] >= _ORDER[b] else b


def _open_on(opened: date, closed: date | None, day: date) -> bool:
    return opened <= day and (closed is None or closed > day)


def quality_status(
    *,
    day: date,
    requirements: list[Requirement],
    evidence: list[Evidence],
    inspections: list[Inspection],
    signals: list[Signal],
    declared_insufficient: bool = False,
    warn_days: int = 60,
) -> QualityStatus:
    level = SUFFICIENT
    reasons: list[str] = []
    pgb_reasons: list[str] = []
    expiring: list[str] = []

    if declared_insufficient:
        level = INSUFFICIENT
        reasons.append("Functioneel beheer heeft de kwaliteit van deze aanbieder onvoldoende verklaard.")
        pgb_reasons.append(reasons[-1])

    for requirement in requirements:
        valid = [
            e for e in evidence
            if e.requirement == requirement.key and e.recorded_on <= day
            and (e.valid_until is None or e.valid_until >= day)
        ]
        if not valid:
            lapsed = [e for e in evidence if e.requirement == requirement.key and e.recorded_on <= day]
            if lapsed:
                last = max(e.valid_until for e in lapsed if e.valid_until is not None)
                text = f"Keurmerk: '{requirement.title}' is verlopen op {nl_date(last)}."
            else:
                text = f"Keurmerk: voor '{requirement.title}' is geen bewijs vastgelegd."
            level = INSUFFICIENT
            reasons.append(text)
            pgb_reasons.append(text)
            continue
        until = [e.valid_until for e in valid]
        if None not in until:
            last_valid = max(u for u in until if u is not None)
            if (last_valid - day).days <= warn_days:
                expiring.append(
                    f"Keurmerk: '{requirement.title}' verloopt op {nl_date(last_valid)}."
                )

    for inspection in inspections:
        if not _open_on(inspection.inspected_on, inspection.closed_on, day):
            continue
        if inspection.serious:
            text = (f"GGD-inspectie van {nl_date(inspection.inspected_on)}: ernstige tekortkomingen, "
                    "nog niet afgesloten.")
            level = INSUFFICIENT
            reasons.append(text)
            pgb_reasons.append(text)
        elif inspection.has_findings:
            level = _worse(level, ATTENTION)
            reasons.append(f"GGD-inspectie van {nl_date(inspection.inspected_on)}: aandachtspunten, "
                           "nog niet afgesloten.")
        if inspection.follow_up_due is not None and inspection.follow_up_due < day:
            level = _worse(level, ATTENTION)
            reasons.append(f"De opvolging van de GGD-inspectie van {nl_date(inspection.inspected_on)} "
                           f"had op {nl_date(inspection.follow_up_due)} klaar moeten zijn.")

    for signal in signals:
        if not _open_on(signal.received_on, signal.closed_on, day):
            continue
        level = _worse(level, ATTENTION)
        text = f"Open signaal rechtmatigheid van {nl_date(signal.received_on)}"
        if signal.concerns_pgb:
            text += " over pgb: geen nieuw pgb met deze aanbieder tot het signaal is afgehandeld."
            pgb_reasons.append(text)
        else:
            text += "."
        reasons.append(text)

    return QualityStatus(
        level=level, reasons=tuple(reasons), pgb_allowed=not pgb_reasons,
        pgb_reasons=tuple(pgb_reasons), expiring=tuple(expiring),
    )
