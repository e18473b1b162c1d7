"""The JSON case format of the responsibility engine: parse, validate, decide, render. No Django.

A *case* is one JSON object (see ``docs/responsibility.md`` for the full format)::

    {"id": "optional, echoed back",
     "region": {"municipalities": ["GM0202", "GM0275"], "centrumgemeente": "GM0202",
                "decentralisation_date": "2022-01-01",
                "outside_region_payer": "centrumgemeente",        (optional)
                "mo_decentralised_from": null,                    (optional)
                "rule_sets": [{"from": "2027-01-01", "rule_set": "woonplaatsbeginsel_36288"}]},
     "melding": {"date": "2023-03-01", "municipality": "GM0275", "origin": "GM0275",
                 "track": "BW"},
     "history": [{"kind": "use", "track": "BW", "municipality": "GM0202",
                  "start": "2022-06-01", "end": "2022-12-31"}]}

:func:`decide_many` takes any JSON value (normally a list of cases) and returns one JSON object
per case: the decision (``responsible``, ``client_status``, ``rule``, ``explanation``, ``facts``)
or ``{"error": "<Dutch message>"}``. It never raises: a case that is not valid JSON-wise or that
the engine finds invalid (:func:`bwmo.responsibility.engine.check_case`) yields an error object,
listing every problem found, each prefixed with the path of the field concerned.

Strictness: unknown fields are errors (a typo such as ``outside_region_payor`` must not silently
fall back to a default); dates are ``YYYY-MM-DD`` strings; ``melding.origin`` is required but may
be ``null`` (unknown); ``history[].end`` may be left out only for an application (a single day),
a use without an end needs an explicit ``null`` (ongoing).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .engine import (
    Decision,
    EntryKind,
    HistoryEntry,
    InvalidCaseError,
    JSONValue,
    Melding,
    OutsideRegionPayer,
    RegionConfig,
    RuleSet,
    RuleSetPeriod,
    Track,
    check_case,
    decide,
    gm_code_error,
)

__all__ = [
    "Case",
    "CaseError",
    "case_to_json",
    "decide_case",
    "decide_many",
    "decision_to_json",
    "parse_case",
]

_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = object()
_E = TypeVar("_E", bound=StrEnum)

_CASE_REQUIRED = ("region", "melding", "history")
_CASE_OPTIONAL = ("id", "description")
_REGION_REQUIRED = ("municipalities", "centrumgemeente", "decentralisation_date")
_REGION_OPTIONAL = ("name", "outside_region_payer", "mo_decentralised_from", "rule_sets")
_RULE_SET_REQUIRED = ("from", "rule_set")
_MELDING_REQUIRED = ("date", "municipality", "origin", "track")
_HISTORY_REQUIRED = ("kind", "track", "municipality", "start")
_HISTORY_OPTIONAL = ("end", "responsible")


@dataclass(frozen=True)
class Case:
    region: RegionConfig
    melding: Melding
    history: tuple[HistoryEntry, ...]
    case_id: str | int | None = None


class CaseError(ValueError):
    """A JSON case that cannot be decided; ``messages`` are Dutch, one per problem."""

    def __init__(self, messages: Sequence[str], case_id: str | int | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = tuple(messages)
        self.case_id = case_id


def _kind(value: object) -> str:
    """A short Dutch name for the JSON type of ``value`` (never the value: it may be huge)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "een booleaanse waarde"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list | tuple):
        return "een lijst"
    if isinstance(value, dict):
        return "een object"
    return type(value).__name__


def _show(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


class _Reader:
    """Walks one JSON case and collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def record(
        self, value: object, path: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.fail(path, f"moet een object zijn, niet {_kind(value)}")
            return None
        for key in required:
            if key not in value:
                self.fail(f"{path}.{key}" if path != "casus" else key, "ontbreekt")
        allowed = set(required) | set(optional)
        unknown = sorted(str(key) for key in value if key not in allowed)
        for key in unknown:
            self.fail(path, f"onbekend veld {_show(key)}")
        return {key: item for key, item in value.items() if isinstance(key, str)}

    def text(self, value: object, path: str) -> str | None:
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.fail(path, f"moet tekst zijn, niet {_kind(value)}")
            return None
        return value

    def code(self, value: object, path: str) -> str | None:
        """A municipality code (``GM`` + 4 digits)."""
        text = self.text(value, path)
        if text is None:
            return None
        error = gm_code_error(text[:40], path)
        if error is not None:
            self.errors.append(error)
            return None
        return text

    def date(self, value: object, path: str) -> dt.date | None:
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.fail(path, f"moet een datum (JJJJ-MM-DD) zijn, niet {_kind(value)}")
            return None
        if _DATE_PATTERN.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(path, f"{_show(value)} is geen geldige datum (verwacht JJJJ-MM-DD)")
        return None

    def choice(self, value: object, path: str, enum: type[_E]) -> _E | None:
        if value is _MISSING:
            return None
        allowed = [member.value for member in enum]
        if isinstance(value, str) and value in allowed:
            return enum(value)
        options = ", ".join(repr(option) for option in allowed)
        shown = _show(value) if isinstance(value, str) else _kind(value)
        self.fail(path, f"moet een van {options} zijn, niet {shown}")
        return None

    def array(self, value: object, path: str) -> list[object] | None:
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self.fail(path, f"moet een lijst zijn, niet {_kind(value)}")
            return None
        return value


def _get(obj: Mapping[str, object], key: str) -> object:
    return obj.get(key, _MISSING)


def _parse_region(reader: _Reader, value: object) -> RegionConfig | None:
    obj = reader.record(value, "region", _REGION_REQUIRED, _REGION_OPTIONAL)
    if obj is None:
        return None
    ok = len(reader.errors)
    if "name" in obj:
        reader.text(obj["name"], "region.name")

    municipalities: list[str] = []
    raw_list = reader.array(_get(obj, "municipalities"), "region.municipalities")
    for index, item in enumerate(raw_list or []):
        code = reader.code(item, f"region.municipalities[{index}]")
        if code is not None:
            municipalities.append(code)
    centrumgemeente = reader.code(_get(obj, "centrumgemeente"), "region.centrumgemeente")
    decentralisation = reader.date(
        _get(obj, "decentralisation_date"), "region.decentralisation_date"
    )

    payer: OutsideRegionPayer | None = OutsideRegionPayer.ORIGIN
    if "outside_region_payer" in obj:
        payer = reader.choice(
            obj["outside_region_payer"], "region.outside_region_payer", OutsideRegionPayer
        )

    mo_from: dt.date | None = None
    if obj.get("mo_decentralised_from") is not None:
        mo_from = reader.date(obj["mo_decentralised_from"], "region.mo_decentralised_from")

    periods: list[RuleSetPeriod] = []
    raw_periods = reader.array(_get(obj, "rule_sets"), "region.rule_sets")
    for index, item in enumerate(raw_periods or []):
        path = f"region.rule_sets[{index}]"
        period = reader.record(item, path, _RULE_SET_REQUIRED)
        if period is None:
            continue
        start = reader.date(_get(period, "from"), f"{path}.from")
        rule_set = reader.choice(_get(period, "rule_set"), f"{path}.rule_set", RuleSet)
        if start is not None and rule_set is not None:
            periods.append(RuleSetPeriod(start, rule_set))

    if len(reader.errors) != ok or centrumgemeente is None or decentralisation is None:
        return None
    if payer is None:
        return None
    return RegionConfig(
        municipalities=tuple(municipalities),
        centrumgemeente=centrumgemeente,
        decentralisation_date=decentralisation,
        outside_region_payer=payer,
        mo_decentralised_from=mo_from,
        rule_sets=tuple(periods),
    )


def _parse_melding(reader: _Reader, value: object) -> Melding | None:
    obj = reader.record(value, "melding", _MELDING_REQUIRED)
    if obj is None:
        return None
    ok = len(reader.errors)
    day = reader.date(_get(obj, "date"), "melding.date")
    municipality = reader.code(_get(obj, "municipality"), "melding.municipality")
    origin: str | None = None
    if obj.get("origin") is not None:
        origin = reader.code(obj["origin"], "melding.origin")
    track = reader.choice(_get(obj, "track"), "melding.track", Track)
    if len(reader.errors) != ok or day is None or municipality is None or track is None:
        return None
    return Melding(date=day, municipality=municipality, origin=origin, track=track)


def _parse_history(reader: _Reader, value: object) -> tuple[HistoryEntry, ...] | None:
    raw = reader.array(value, "history")
    if raw is None:
        return None
    ok = len(reader.errors)
    entries: list[HistoryEntry] = []
    for index, item in enumerate(raw):
        path = f"history[{index}]"
        obj = reader.record(item, path, _HISTORY_REQUIRED, _HISTORY_OPTIONAL)
        if obj is None:
            continue
        kind = reader.choice(_get(obj, "kind"), f"{path}.kind", EntryKind)
        track = reader.choice(_get(obj, "track"), f"{path}.track", Track)
        municipality = reader.code(_get(obj, "municipality"), f"{path}.municipality")
        start = reader.date(_get(obj, "start"), f"{path}.start")
        end: dt.date | None = None
        if "end" not in obj:
            if kind is EntryKind.USE:
                reader.fail(
                    f"{path}.end", "ontbreekt (gebruik null voor gebruik dat nog loopt)"
                )
        elif obj["end"] is not None:
            end = reader.date(obj["end"], f"{path}.end")
        responsible: str | None = None
        if obj.get("responsible") is not None:
            responsible = reader.code(obj["responsible"], f"{path}.responsible")
            if responsible is None:
                continue
        if kind is None or track is None or municipality is None or start is None:
            continue
        entries.append(HistoryEntry(kind, track, municipality, start, end, responsible))
    if len(reader.errors) != ok:
        return None
    return tuple(entries)


def parse_case(value: object) -> Case:
    """Parse and validate one JSON case; raises :class:`CaseError` listing every problem."""
    reader = _Reader()
    obj = reader.record(value, "casus", _CASE_REQUIRED, _CASE_OPTIONAL)
    if obj is None:
        raise CaseError(reader.errors)
    case_id: str | int | None = None
    raw_id = obj.get("id")
    if raw_id is not None:
        if isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
            case_id = raw_id
        else:
            reader.fail("id", f"moet tekst of een geheel getal zijn, niet {_kind(raw_id)}")
    if "description" in obj:
        reader.text(obj["description"], "description")
    region = _parse_region(reader, obj["region"]) if "region" in obj else None
    melding = _parse_melding(reader, obj["melding"]) if "melding" in obj else None
    history = _parse_history(reader, obj["history"]) if "history" in obj else None
    if reader.errors or region is None or melding is None or history is None:
        raise CaseError(reader.errors or ["casus onvolledig"], case_id)
    errors = check_case(region, melding, history)
    if errors:
        raise CaseError(errors, case_id)
    return Case(region=region, melding=melding, history=history, case_id=case_id)


def decision_to_json(decision: Decision) -> dict[str, JSONValue]:
    return {
        "responsible": decision.responsible,
        "client_status": decision.client_status.value,
        "rule": decision.rule.value,
        "explanation": decision.explanation,
        "facts": copy.deepcopy(decision.facts),
    }


def _error(messages: Sequence[str], case_id: str | int | None) -> dict[str, JSONValue]:
    result: dict[str, JSONValue] = {} if case_id is None else {"id": case_id}
    result["error"] = "Ongeldige casus: " + "; ".join(messages) + "."
    return result


def decide_case(value: object) -> dict[str, JSONValue]:
    """Decide one JSON case; never raises. Returns the decision or ``{"error": ...}``."""
    try:
        case = parse_case(value)
        decision = decide(case.region, case.melding, case.history)
    except CaseError as error:
        return _error(error.messages, error.case_id)
    except InvalidCaseError as error:  # pragma: no cover - parse_case already ran check_case
        return _error(error.messages, None)
    except Exception as error:  # a batch must never stop on one bad case
        name = type(error).__name__
        return {"error": f"Interne fout bij het beoordelen van deze casus ({name})."}
    result: dict[str, JSONValue] = {} if case.case_id is None else {"id": case.case_id}
    result.update(decision_to_json(decision))
    return result


def decide_many(cases: object) -> list[dict[str, JSONValue]]:
    """Decide a JSON list of cases, one result object per case, in order. Never raises.

    Any other JSON value yields a single error object.
    """
    if not isinstance(cases, list):
        kind = _kind(cases)
        return [{"error": f"Ongeldige invoer: verwacht een JSON-lijst van casussen, niet {kind}."}]
    return [decide_case(case) for case in cases]


def _date_or_none(day: dt.date | None) -> JSONValue:
    return day.isoformat() if day is not None else None


def case_to_json(
    region: RegionConfig,
    melding: Melding,
    history: Sequence[HistoryEntry],
    case_id: str | int | None = None,
) -> dict[str, JSONValue]:
    """The JSON form of a case; ``parse_case(case_to_json(...))`` gives the same dataclasses."""
    region_json: dict[str, JSONValue] = {
        "municipalities": list(region.municipalities),
        "centrumgemeente": region.centrumgemeente,
        "decentralisation_date": region.decentralisation_date.isoformat(),
        "outside_region_payer": region.outside_region_payer.value,
        "mo_decentralised_from": _date_or_none(region.mo_decentralised_from),
        "rule_sets": [
            {"from": period.start.isoformat(), "rule_set": period.rule_set.value}
            for period in region.rule_sets
        ],
    }
    result: dict[str, JSONValue] = {} if case_id is None else {"id": case_id}
    result["region"] = region_json
    result["melding"] = {
        "date": melding.date.isoformat(),
        "municipality": melding.municipality,
        "origin": melding.origin,
        "track": melding.track.value,
    }
    result["history"] = [
        {
            "kind": entry.kind.value,
            "track": entry.track.value,
            "municipality": entry.municipality,
            "start": entry.start.isoformat(),
            "end": _date_or_none(entry.end),
            **({} if entry.responsible is None else {"responsible": entry.responsible}),
        }
        for entry in history
    ]
    return result
