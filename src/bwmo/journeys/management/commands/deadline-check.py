"""`bwmo deadline-check FILE.json`: compute the Wmo due dates of a file of cases.

A thin entry point around :func:`bwmo.journeys.deadline_cases.check_many`: read the file, print
one JSON result per case, in the same order (format: docs/deadlines.md). A bad case yields an
``{"error": ...}`` object in its place (exit code 0). A file that cannot be read, is not JSON or
is not a JSON list is a usage error: a Dutch message on stderr and exit code 2.
"""

import json
import sys

from django.core.management.base import BaseCommand

from bwmo.journeys.deadline_cases import check_many
from bwmo.responsibility.jsonfile import USAGE_ERROR, UsageError, read_json_list


class Command(BaseCommand):
    help = (
        "Berekent voor elke casus in een JSON-bestand (een lijst van casussen) de uiterste datum "
        "van het onderzoek en van de beschikking (Wmo 2015, Awb, Algemene termijnenwet) en drukt "
        "de uitkomsten als JSON-lijst af, in dezelfde volgorde. Gebruik '-' om van "
        "standaardinvoer te lezen. Zie docs/deadlines.md voor het formaat."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", metavar="BESTAND", help="JSON-bestand met een lijst casussen")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            cases = read_json_list(options["file"])
        except UsageError as exc:
            self.stderr.write(exc.message)
            sys.exit(USAGE_ERROR)
        self.stdout.write(json.dumps(check_many(cases), ensure_ascii=False, indent=2))
