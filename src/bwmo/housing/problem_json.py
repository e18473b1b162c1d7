"""The JSON format of `bwmo matching-solve` (docs/matching.md), in and out.

:func:`parse` turns a decoded JSON document into a :class:`~bwmo.housing.matching.Problem` or raises
:class:`~bwmo.housing.matching.ProblemError` with a Dutch message that says where the input is wrong.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from bwmo.housing.matching import (
    Contingent,
    Dwelling,
    Problem,
    ProblemError,
    Result,
    Uitstromer,
    validate,
)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "een waar/onwaar-waarde"
    if isinstance(value, dict):
        return "een object"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, str):
        return "een tekst"
    if value is None:
        return "null"
    return "een getal"


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ProblemError(f"{where} moet een object ({{...}}) zijn, niet {_kind(value)}")
    return value


def _field(obj: dict, key: str, where: str) -> Any:
    if key not in obj:
        raise ProblemError(f"{where}: het veld {key!r} ontbreekt")
    return obj[key]


def _text(obj: dict, key: str, where: str) -> str:
    value = _field(obj, key, where)
    if not isinstance(value, str) or not value.strip():
        raise ProblemError(f"{where}: {key!r} moet een niet-lege tekst zijn")
    return value


def _int(obj: dict, key: str, where: str) -> int:
    value = _field(obj, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(f"{where}: {key!r} moet een geheel getal zijn, niet {_kind(value)}")
    return value


def _bool(obj: dict, key: str, where: str) -> bool:
    value = _field(obj, key, where)
    if not isinstance(value, bool):
        raise ProblemError(f"{where}: {key!r} moet true of false zijn")
    return value


def _decimal(obj: dict, key: str, where: str) -> Decimal:
    value = _field(obj, key, where)
    if not isinstance(value, str):
        raise ProblemError(f'{where}: {key!r} moet een bedrag als tekst zijn, bijvoorbeeld "650.00"')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ProblemError(f'{where}: {key!r} is geen bedrag: "{value}"') from None
    if not amount.is_finite():
        raise ProblemError(f'{where}: {key!r} is geen bedrag: "{value}"')
    return amount


def _strings(obj: dict, key: str, where: str) -> list[str]:
    value = _field(obj, key, where)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProblemError(f"{where}: {key!r} moet een lijst van teksten zijn")
    return value


def _list(doc: dict, key: str) -> list:
    value = _field(doc, key, "het probleem")
    if not isinstance(value, list):
        raise ProblemError(f"{key!r} moet een lijst zijn, niet {_kind(value)}")
    return value


def parse(doc: Any) -> Problem:
    doc = _object(doc, "het bestand")
    people = []
    for n, raw in enumerate(_list(doc, "uitstromers"), start=1):
        where = f"uitstromer {n}"
        obj = _object(raw, where)
        people.append(
            Uitstromer(
                id=_text(obj, "id", where),
                household_size=_int(obj, "household_size", where),
                max_rent=_decimal(obj, "max_rent", where),
                preferred=tuple(_strings(obj, "preferred", where)),
                only_preferred=_bool(obj, "only_preferred", where),
                needs=frozenset(_strings(obj, "needs", where)),
                waiting_days=_int(obj, "waiting_days", where),
            )
        )
    dwellings = []
    for n, raw in enumerate(_list(doc, "dwellings"), start=1):
        where = f"woning {n}"
        obj = _object(raw, where)
        dwellings.append(
            Dwelling(
                id=_text(obj, "id", where),
                municipality=_text(obj, "municipality", where),
                neighbourhood=_text(obj, "neighbourhood", where),
                association=_text(obj, "association", where),
                max_household=_int(obj, "max_household", where),
                rent=_decimal(obj, "rent", where),
                features=frozenset(_strings(obj, "features", where)),
            )
        )
    caps_raw = _object(_field(doc, "neighbourhood_caps", "het probleem"), "'neighbourhood_caps'")
    caps = {}
    for name, cap in caps_raw.items():
        if isinstance(cap, bool) or not isinstance(cap, int):
            raise ProblemError(f"draagkracht van buurt {name!r} moet een geheel getal zijn")
        caps[name] = cap
    contingents = []
    for n, raw in enumerate(_list(doc, "contingents"), start=1):
        where = f"contingent {n}"
        obj = _object(raw, where)
        contingents.append(
            Contingent(
                association=_text(obj, "association", where),
                municipality=_text(obj, "municipality", where),
                remaining=_int(obj, "remaining", where),
            )
        )
    problem = Problem(tuple(people), tuple(dwellings), caps, tuple(contingents))
    validate(problem)
    return problem


def dump(result: Result) -> dict:
    """The output object of docs/matching.md."""
    return {
        "assignments": [
            {"uitstromer": a.uitstromer, "dwelling": a.dwelling, "explanation": a.explanation}
            for a in result.assignments
        ],
        "unmatched": [{"uitstromer": u.uitstromer, "reason": u.reason} for u in result.unmatched],
        "housed": result.housed,
        "housed_preferred": result.housed_preferred,
        "optimal": result.optimal,
        "seconds": result.seconds,
    }
