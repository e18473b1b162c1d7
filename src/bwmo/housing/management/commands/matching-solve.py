"""`bwmo matching-solve FILE.json`: run the matching engine on a problem file, print the result as JSON.

Format: docs/matching.md. A file that cannot be read, is not JSON or does not follow the format is a
usage error: a Dutch message on stderr, exit code 2, no traceback. A problem without any possible
match is a normal outcome: an empty, explained result and exit code 0.
"""

import json
import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand

from bwmo.housing.matching import ProblemError, solve
from bwmo.housing.problem_json import dump, parse

USAGE_ERROR = 2


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is geen geldige JSON-waarde")


class Command(BaseCommand):
    help = (
        "Lost een koppelingsprobleem (uitstromers en woningen, JSON) exact op en drukt het voorstel "
        "als JSON af. Gebruik '-' om van standaardinvoer te lezen. Zie docs/matching.md."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", metavar="BESTAND", help="JSON-bestand met het probleem")
        parser.add_argument(
            "--time-limit", type=float, default=60.0, help="maximale rekentijd in seconden (standaard 60)"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            self._fail(f"Bestand niet gevonden: {name}")
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"Bestand {name} kan niet worden gelezen: {exc}")
        try:
            doc = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            self._fail(f"{name} bevat geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}).")
        except ValueError as exc:
            self._fail(f"{name} bevat geen geldige JSON: {exc}.")
        try:
            problem = parse(doc)
            result = solve(problem, time_limit=options["time_limit"])
        except ProblemError as exc:
            self._fail(f"{name} is geen geldig koppelingsprobleem: {exc}.")
        self.stdout.write(json.dumps(dump(result), ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(USAGE_ERROR)
