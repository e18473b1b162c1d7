"""`bwmo register-import FILE --region SLUG [--dry-run] [--user USERNAME]` (docs/register-import.md).

Takes over an existing client register (CSV or Excel). Prints one line per row in Dutch (in orde and
what it becomes, or its problems), then one JSON object with the totals as the last line. Exit
status 1 when the file has problems (nothing imported). Long registers belong here rather than in
the screen: the command is the background route for a batch.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.core.exceptions import DomainError
from bwmo.regions.models import Region
from bwmo.register_import.services import register_import


class Command(BaseCommand):
    help = "Neem een bestaand cliëntregister over (CSV of Excel): eerst een proefimport, dan alles of niets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="het register (.csv of .xlsx)")
        parser.add_argument("--region", required=True, help="korte naam (slug) van de regio")
        parser.add_argument("--dry-run", action="store_true",
                            help="alleen controleren en tonen wat de import zou doen; niets opslaan")
        parser.add_argument("--user", help="gebruikersnaam van functioneel beheer (voor het toegangslog)")

    def handle(self, *args: object, **options: object) -> None:
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"Regio '{options['region']}' bestaat niet.")
        path: Path = options["file"]  # type: ignore[assignment]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Het bestand kan niet worden gelezen: {exc.strerror}.") from None
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Gebruiker '{options['user']}' bestaat niet.")
        try:
            report = register_import(region=region, data=data, filename=path.name, acting_user=user,
                                     today=timezone.localdate(), dry_run=bool(options["dry_run"]))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if report.file_error:
            self.stdout.write(f"bestand: {report.file_error}")
        for row in report.rows:
            if row.problems:
                self.stdout.write(f"rij {row.line}: " + "; ".join(row.problems))
            else:
                self.stdout.write(f"rij {row.line}: in orde" + (f" — {row.result}" if row.result else ""))
        self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        if not report.ok:
            raise SystemExit(1)
