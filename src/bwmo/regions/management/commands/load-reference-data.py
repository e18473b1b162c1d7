from django.core.management.base import BaseCommand

from bwmo.regions.services import reference_data_load


class Command(BaseCommand):
    help = "Laadt gemeenten (CBS), inwoners en grenzen (CBS 2023) en de BW/MO-regio's uit de seeds."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        report = reference_data_load()
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Let op: {warning}"))
        self.stdout.write(self.style.SUCCESS(
            f"{report.municipalities} gemeenten ({report.with_population} met inwonertal), "
            f"{report.regions} regio's, {report.products} nieuwe producten geladen."
        ))
