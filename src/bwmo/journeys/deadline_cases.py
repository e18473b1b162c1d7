"""The JSON case format of `bwmo deadline-check`: parse, compute the Wmo terms, render. No Django.

A case (see ``docs/deadlines.md``)::

    {"melding_date": "2026-11-20" | null, "aanvraag_date": "2026-12-01" | null,
     "suspensions": [{"start": "2026-11-25", "end": "2026-12-04"}],   (optional, default [])
     "extension_days": 14}                                              (optional, default 0)

The result per case, in order: ``{"investigation_due": "YYYY-MM-DD" | null, "decision_due":
"YYYY-MM-DD" | null, "explanation": "..."}`` or ``{"error": "Ongeldige casus: ..."}`` listing every
problem with the path of the field. :func:`check_many` never raises.

The terms are those of :mod:`bwmo.journeys.deadlines` (Wmo 2015 art. 2.3.2 and 2.3.5, Awb 4:14
and 4:15, Algemene termijnenwet). With ``melding_date`` null (or equal to the aanvraag) the
aanvraag counts as the melding: investigation due 6 weeks and decision 8 weeks after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from bwmo.core.dates import nl_date

from .deadlines import (
    INVESTIGATION_TERM_DAYS,
    MAX_EXTENSION_DAYS,
    Suspension,
    aanvraag_without_melding,
    decision_term_days,
    due_date,
)

JSONValue = str | int | bool | list["JSONValue"] | dict[str, "JSONValue"] | None

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUIRED = ("melding_date", "aanvraag_date")
_OPTIONAL = ("suspensions", "extension_days")
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


@dataclass(frozen=True)
class DeadlineCase:
    melding_date: dt.date | None
    aanvraag_date: dt.date | None
    suspensions: tuple[Suspension, ...]
    extension_days: int


class _Errors(list[str]):
    def date(self, value: object, path: str, *, nullable: bool) -> dt.date | None:
        if value is None:
            if not nullable:
                self.append(f"{path}: ontbreekt (verwacht JJJJ-MM-DD)")
            return None
        if not isinstance(value, str) or not _ISO.fullmatch(value):
            self.append(f"{path}: {value!r} is geen datum (verwacht JJJJ-MM-DD of null)"
                        if nullable else f"{path}: {value!r} is geen datum (verwacht JJJJ-MM-DD)")
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.append(f"{path}: {value!r} is geen geldige datum (verwacht JJJJ-MM-DD)")
            return None
        if not MIN_DATE <= day <= MAX_DATE:
            self.append(f"{path}: {nl_date(day)} valt buiten {nl_date(MIN_DATE)} t/m "
                        f"{nl_date(MAX_DATE)}")
            return None
        return day

    def keys(self, obj: Mapping[str, object], path: str, required: tuple[str, ...],
             optional: tuple[str, ...]) -> bool:
        before = len(self)
        for key in required:
            if key not in obj:
                self.append(f"{path}{key}: ontbreekt")
        for key in sorted(set(obj) - set(required) - set(optional)):
            self.append(f"{path}{key}: onbekend veld")
        return len(self) == before


def parse_case(value: object) -> DeadlineCase | list[str]:
    """The case, or the Dutch problems found (each prefixed with its field path)."""
    errors = _Errors()
    if not isinstance(value, dict):
        return ["de casus moet een JSON-object ({...}) zijn"]
    if not errors.keys(value, "", _REQUIRED, _OPTIONAL):
        return list(errors)
    melding = errors.date(value["melding_date"], "melding_date", nullable=True)
    aanvraag = errors.date(value["aanvraag_date"], "aanvraag_date", nullable=True)
    if value["melding_date"] is None and value["aanvraag_date"] is None:
        errors.append("melding_date en aanvraag_date zijn allebei null: er is geen termijn")
    if melding is not None and aanvraag is not None and aanvraag < melding:
        errors.append(f"aanvraag_date: de aanvraag ({nl_date(aanvraag)}) ligt vóór de melding "
                      f"({nl_date(melding)})")

    extension = value.get("extension_days", 0)
    if isinstance(extension, bool) or not isinstance(extension, int):
        errors.append(f"extension_days: moet een geheel getal zijn, niet {extension!r}")
        extension = 0
    elif not 0 <= extension <= MAX_EXTENSION_DAYS:
        errors.append(f"extension_days: {extension} ligt niet tussen 0 en {MAX_EXTENSION_DAYS}")

    suspensions: list[Suspension] = []
    raw = value.get("suspensions", [])
    if not isinstance(raw, list):
        errors.append("suspensions: moet een lijst zijn")
        raw = []
    first_day = melding or aanvraag
    for index, item in enumerate(raw):
        path = f"suspensions[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{path}: moet een object met start en end zijn")
            continue
        if not errors.keys(item, f"{path}.", ("start", "end"), ()):
            continue
        start = errors.date(item["start"], f"{path}.start", nullable=False)
        end = errors.date(item["end"], f"{path}.end", nullable=False)
        if start is None or end is None:
            continue
        if end < start:
            errors.append(f"{path}: einddatum {nl_date(end)} ligt vóór begindatum {nl_date(start)}")
            continue
        if first_day is not None and start < first_day:
            errors.append(f"{path}: de opschorting begint op {nl_date(start)}, vóór de start "
                          f"van de termijn ({nl_date(first_day)})")
            continue
        suspensions.append(Suspension(start, end))
    ordered = sorted(suspensions, key=lambda s: s.start)
    for earlier, later in pairwise(ordered):
        assert earlier.end is not None
        if later.start <= earlier.end:
            errors.append(f"suspensions: de opschortingen van {nl_date(earlier.start)} en "
                          f"{nl_date(later.start)} overlappen")
    if errors:
        return list(errors)
    return DeadlineCase(melding, aanvraag, tuple(suspensions), extension)


def compute(case: DeadlineCase) -> dict[str, JSONValue]:
    """Both due dates of a valid case, with a Dutch explanation of each step."""
    start = case.melding_date or case.aanvraag_date
    assert start is not None
    without = aanvraag_without_melding(case.melding_date, case.aanvraag_date)
    parts: list[str] = []
    if without:
        parts.append(f"Aanvraag op {nl_date(case.aanvraag_date)} zonder eerdere melding: de "
                     "aanvraag geldt als melding (onderzoek 6 weken, beschikking 6 + 2 weken).")
    investigation = due_date(start, INVESTIGATION_TERM_DAYS, case.suspensions, case.extension_days)
    parts.append(investigation.explain("Onderzoek"))
    decision_due: str | None = None
    if case.aanvraag_date is None:
        parts.append("Beschikking: nog geen aanvraag; de termijn van 2 weken start bij de "
                     "aanvraag.")
    else:
        days = decision_term_days(case.melding_date, case.aanvraag_date)
        decision = due_date(case.aanvraag_date, days, case.suspensions, case.extension_days)
        parts.append(decision.explain("Beschikking"))
        decision_due = decision.due.isoformat()
    return {
        "investigation_due": investigation.due.isoformat(),
        "decision_due": decision_due,
        "explanation": " ".join(parts),
    }


def check_case(value: object) -> dict[str, JSONValue]:
    parsed = parse_case(value)
    if isinstance(parsed, list):
        return {"error": "Ongeldige casus: " + "; ".join(parsed) + "."}
    return compute(parsed)


def check_many(cases: object) -> list[dict[str, JSONValue]]:
    """One result per case, in order; never raises."""
    if not isinstance(cases, list):
        return [{"error": "Ongeldige invoer: verwacht een JSON-lijst van casussen."}]
    return [check_case(case) for case in cases]
