"""`bwmo responsibility-check FILE.json`: decide a file of responsibility cases.

A thin entry point around :func:`bwmo.responsibility.cases.decide_many`: read the file, print one
JSON decision per case, in the same order (format: docs/responsibility.md). A case the engine
refuses yields an ``{"error": ...}`` object in its place; that is a normal outcome (exit code 0).
A file that cannot be read, is not JSON or is not a JSON list is a usage error: a Dutch message on
stderr and exit code 2, without a traceback.
"""

import json
import sys

from django.core.management.base import BaseCommand

from bwmo.responsibility.cases import decide_many
from bwmo.responsibility.jsonfile import USAGE_ERROR, UsageError, read_json_list


class Command(BaseCommand):
    help = (
        "Bepaalt voor elke casus in een JSON-bestand (een lijst van casussen) de verantwoordelijke "
        "gemeente en drukt de besluiten als JSON-lijst af, in dezelfde volgorde. Gebruik '-' om "
        "van standaardinvoer te lezen. Zie docs/responsibility.md voor het formaat."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", metavar="BESTAND", help="JSON-bestand met een lijst casussen")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            cases = read_json_list(options["file"])
        except UsageError as exc:
            self.stderr.write(exc.message)
            sys.exit(USAGE_ERROR)
        decisions = decide_many(cases)
        self.stdout.write(json.dumps(decisions, ensure_ascii=False, indent=2))
