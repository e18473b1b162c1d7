"""`bwmo verify-access-log`: recompute the access log's hash chain; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError

from bwmo.audit import chain


class Command(BaseCommand):
    help = "Controleer de hashketen van het toegangslog; meldt de eerste breuk en stopt met code 1."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--all", action="store_true",
                            help="Ga na een breuk door en meld elke breuk.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = chain.verify(stop_at_first=not options["all"])
        for found in result.breaks:
            where = f"regel {found.entry_id}" if found.entry_id is not None else "tabel"
            self.stderr.write(f"Breuk in het toegangslog bij {where}: {found.problem}")
        if not result.ok:
            raise CommandError(f"Toegangslog niet in orde ({len(result.breaks)} breuk(en), "
                               f"{result.checked} regels gecontroleerd).")
        self.stdout.write(f"Toegangslog in orde: {result.checked} regels, laatste hash {result.head}")
