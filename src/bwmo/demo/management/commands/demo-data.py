"""`bwmo demo-data --region <slug> --seed 42 --scale <factor>`: see bwmo.demo.generator."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bwmo.demo.generator import DemoDataError, demo_data_generate


class Command(BaseCommand):
    help = (
        "Maakt realistische demogegevens voor één regio (deterministisch per seed). De grootte is "
        "die van Centraal Gelderland × (inwoners regio / inwoners Centraal Gelderland) × --scale. "
        "Een tweede run voor dezelfde regio voegt niets toe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="korte naam van de regio")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args: object, **options: object) -> None:
        verbose = int(options["verbosity"]) > 1  # type: ignore[call-overload]
        try:
            report = demo_data_generate(
                region_slug=str(options["region"]), seed=int(options["seed"]),  # type: ignore[call-overload]
                scale=float(options["scale"]),  # type: ignore[arg-type]
                today=timezone.localdate(),
                log=self.stdout.write if verbose else None,
            )
        except DemoDataError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if verbose:
            for name, seconds in report.timings.items():
                self.stdout.write(f"  {name}: {seconds:.1f} s")
        if report.skipped:
            self.stdout.write(report.message)
            return
        parts = ", ".join(f"{count} {name}" for name, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Demogegevens voor {report.region} gemaakt in {report.seconds:.1f} s: {parts}."
        ))
        self.stdout.write("De tarieven, zorgaanbieders, woningcorporaties en cliënten zijn "
                          "fictief (demowaarden). Inloggen: zie 'bwmo demo-logins'.")
