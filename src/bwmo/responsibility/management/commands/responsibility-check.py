"""`bwmo responsibility-check FILE.json`: decide a file of responsibility cases.

A thin entry point around :func:`bwmo.responsibility.cases.decide_many`: read the file, print one
JSON decision per case, in the same order (format: docs/responsibility.md). A case the engine
refuses yields an ``{"error": ...}`` object in its place; that is a normal outcome (exit code 0).
A file that cannot be read, is not JSON or is not a JSON list is a usage error: a Dutch message on
stderr and exit code 2, without a traceback.
"""

import json
import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand

from bwmo.responsibility.cases import decide_many

USAGE_ERROR = 2


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is geen geldige JSON-waarde")


class Command(BaseCommand):
    help = (
        "Bepaalt voor elke casus in een JSON-bestand (een lijst van casussen) de verantwoordelijke "
        "gemeente en drukt de besluiten als JSON-lijst af, in dezelfde volgorde. Gebruik '-' om "
        "van standaardinvoer te lezen. Zie docs/responsibility.md voor het formaat."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", metavar="BESTAND", help="JSON-bestand met een lijst casussen")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        name = options["file"]
        text = self._read(name)
        try:
            cases = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            self._fail(
                f"{name} bevat geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): "
                f"{_dutch_json_error(exc.msg)}."
            )
        except ValueError as exc:
            self._fail(f"{name} bevat geen geldige JSON: {exc}.")
        if not isinstance(cases, list):
            self._fail(
                f"{name} moet een JSON-lijst van casussen bevatten ([...]), niet "
                f"{_json_kind(cases)}. Zet een enkele casus tussen [ en ]."
            )
        decisions = decide_many(cases)
        self.stdout.write(json.dumps(decisions, ensure_ascii=False, indent=2))

    def _read(self, name: str) -> str:
        try:
            if name == "-":
                return sys.stdin.read()
            return Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            self._fail(f"Het bestand {name} bestaat niet.")
        except IsADirectoryError:
            self._fail(f"{name} is een map, geen bestand.")
        except PermissionError:
            self._fail(f"Geen toestemming om {name} te lezen.")
        except UnicodeDecodeError:
            self._fail(f"{name} is geen tekstbestand in UTF-8.")
        except OSError as exc:
            self._fail(f"{name} kan niet worden gelezen ({exc.strerror or exc}).")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(USAGE_ERROR)


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
