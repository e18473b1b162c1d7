"""Reading the JSON list file of a bulk-check command (`responsibility-check`, `deadline-check`).

A file that cannot be read, is not JSON or is not a JSON list is a usage error: a Dutch message
(:class:`UsageError`), which the commands print on stderr with exit code 2, without a traceback.
"""

import json
import sys
from pathlib import Path
from typing import NoReturn

USAGE_ERROR = 2


class UsageError(Exception):
    """The input file cannot be used; ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is geen geldige JSON-waarde")


def read_json_list(name: str, what: str = "casussen") -> list[object]:
    """The JSON list in file ``name`` (``-``: standard input); raises :class:`UsageError`."""
    text = _read(name)
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{name} bevat geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): "
            f"{_dutch_json_error(exc.msg)}."
        ) from exc
    except ValueError as exc:
        raise UsageError(f"{name} bevat geen geldige JSON: {exc}.") from exc
    if not isinstance(value, list):
        raise UsageError(
            f"{name} moet een JSON-lijst van {what} bevatten ([...]), niet "
            f"{_json_kind(value)}. Zet een enkele casus tussen [ en ]."
        )
    return value


def _read(name: str) -> str:
    try:
        if name == "-":
            return sys.stdin.read()
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UsageError(f"Het bestand {name} bestaat niet.") from exc
    except IsADirectoryError as exc:
        raise UsageError(f"{name} is een map, geen bestand.") from exc
    except PermissionError as exc:
        raise UsageError(f"Geen toestemming om {name} te lezen.") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name} is geen tekstbestand in UTF-8.") from exc
    except OSError as exc:
        raise UsageError(f"{name} kan niet worden gelezen ({exc.strerror or exc}).") from exc


_JSON_ERRORS = {
    "Expecting value": "waarde verwacht",
    "Expecting property name enclosed in double quotes": (
        "veldnaam tussen dubbele aanhalingstekens verwacht"
    ),
    "Expecting ',' delimiter": "komma verwacht",
    "Expecting ':' delimiter": "dubbele punt verwacht",
    "Extra data": "extra tekst na het einde van de JSON",
    "Unterminated string starting at": "tekst zonder afsluitend aanhalingsteken",
    "Invalid control character at": "ongeldig stuurteken in tekst",
    "Invalid \\escape": "ongeldige escape in tekst",
}


def _dutch_json_error(message: str) -> str:
    return _JSON_ERRORS.get(message, message)


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "een object ({...})"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, bool):
        return "een booleaanse waarde"
    if isinstance(value, int | float):
        return "een getal"
    if value is None:
        return "null"
    return type(value).__name__
