"""`bwmo iwmo export|import|drop`: iWmo 3.2 message files (docs/iwmo.md)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bwmo.iwmo.incoming import ImportResult, bericht_import
from bwmo.iwmo.outgoing import export_301
from bwmo.regions.models import Region


def write_retour(result: ImportResult, out_dir: Path) -> None:
    if result.retour is None:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / result.retour.filename
    path.write_text(result.retour.content, encoding="utf-8")
    result.retour_file = str(path)


def import_files(paths: list[Path], out_dir: Path) -> list[ImportResult]:
    """Process the files in the given order; each is its own transaction."""
    results = []
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as exc:
            results.append(ImportResult(file=str(path), error=f"Het bestand kan niet worden "
                                                               f"gelezen: {exc.strerror}."))
            continue
        result = bericht_import(content, filename=path.name)
        result.file = str(path)
        write_retour(result, out_dir)
        results.append(result)
    return results


class Command(BaseCommand):
    help = "iWmo 3.2-berichten: toewijzingen (WMO301) uitvoeren, berichten van aanbieders inlezen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Schrijf de nog niet verzonden WMO301-berichten.")
        export.add_argument("--region", required=True, help="korte naam (slug) van de regio")
        export.add_argument("--out", required=True, type=Path, help="map voor de berichten")
        export.add_argument("--all", action="store_true", help="alle actuele toewijzingen opnieuw")
        imp = sub.add_parser("import", help="Lees berichten van aanbieders in, in de gegeven volgorde.")
        imp.add_argument("files", nargs="+", type=Path)
        imp.add_argument("--out", required=True, type=Path, help="map voor de retourberichten")
        drop = sub.add_parser("drop", help="Verwerk alle .xml-bestanden in een map (batch).")
        drop.add_argument("directory", type=Path)
        drop.add_argument("--out", required=True, type=Path, help="map voor de retourberichten")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "export":
            self._export(options)
        elif action == "import":
            self._print(import_files(list(options["files"]), options["out"]))  # type: ignore[arg-type]
        else:
            self._drop(options["directory"], options["out"])  # type: ignore[arg-type]

    def _export(self, options: dict[str, object]) -> None:
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"Er is geen regio met de korte naam {options['region']}.")
        result = export_301(region, options["out"], send_all=bool(options["all"]))  # type: ignore[arg-type]
        for path in result.files:
            self.stdout.write(str(path))
        for reason in result.skipped:
            sys.stderr.write(f"Niet verzonden: {reason}\n")
        sys.stderr.write(f"{len(result.files)} WMO301-bericht(en) geschreven.\n")

    def _drop(self, directory: Path, out_dir: Path) -> None:
        """Directory drop: every *.xml in name order; processed files move to `verwerkt/`."""
        if not directory.is_dir():
            raise CommandError(f"{directory} is geen map.")
        done = directory / "verwerkt"
        paths = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".xml")
        results = import_files(paths, out_dir)
        done.mkdir(exist_ok=True)
        for path in paths:
            path.rename(done / path.name)
        self._print(results)

    def _print(self, results: list[ImportResult]) -> None:
        for result in results:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
