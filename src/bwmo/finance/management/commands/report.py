"""`bwmo report NAME --region SLUG --year YYYY [--quarter N] [--municipality CBS] --format json|xlsx|pdf [--out FILE]`.

Builds a finance report from the registry in :mod:`bwmo.finance.reports` (the same figures as the
screens) and writes it to FILE, or to standard output. JSON amounts are decimal strings. Bad input
(unknown report or region, a year outside the ingroeipad, a quarter for a year report) gives a
Dutch message on stderr and exit code 2; nothing is written. Format: docs/finance.md.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from bwmo.core.exceptions import DomainError
from bwmo.finance.reports import render_report, report_names
from bwmo.regions.models import Region

USAGE_ERROR = 2


class Command(BaseCommand):
    help = ("Maakt een rapport (budget, regiopot, realisatie, afrekening, woonplaatsbeginsel, "
            "kwartaalmonitor) van een regio voor een jaar of kwartaal, als JSON, Excel of PDF.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", metavar="NAAM", help="rapport: " + ", ".join(report_names()))
        parser.add_argument("--region", required=True, metavar="SLUG", help="korte naam regio")
        parser.add_argument("--year", required=True, type=int, metavar="JJJJ")
        parser.add_argument("--quarter", type=int, metavar="N", help="kwartaal 1-4")
        parser.add_argument("--municipality", metavar="CBS",
                            help="CBS-code van een gemeente (kwartaalmonitor)")
        parser.add_argument("--format", required=True, choices=("json", "xlsx", "pdf"))
        parser.add_argument("--out", metavar="BESTAND", help="standaard: standaarduitvoer")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            slugs = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
            self._fail(f"Onbekende regio '{options['region']}'. Kies uit: {slugs or 'geen'}.")
        try:
            data = render_report(options["name"], options["format"], region=region,
                                 year=options["year"], quarter=options["quarter"],
                                 municipality=options["municipality"])
        except DomainError as exc:
            self._fail(exc.message)
        if options["out"]:
            try:
                Path(options["out"]).write_bytes(data)
            except OSError as exc:
                self._fail(f"Kan {options['out']} niet schrijven: {exc.strerror}.")
        elif options["format"] == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(USAGE_ERROR)
