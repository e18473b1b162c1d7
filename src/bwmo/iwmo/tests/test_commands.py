"""`bwmo iwmo export/import/drop` answer exactly as docs/iwmo.md specifies."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest
import time_machine

from bwmo.iwmo import xml
from bwmo.iwmo.models import Levering, Toewijzing

from . import messages as m
from .conftest import AGB

pytestmark = pytest.mark.django_db
KEYS = {"file", "message", "applied", "retour_file", "retour_codes", "error"}


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("iwmo", *args, stdout=out)
    return [line for line in out.getvalue().splitlines() if line]


@time_machine.travel(date(2026, 12, 2), tick=False)
def test_export_then_import_answers_one_json_line_per_file(chain, tmp_path):
    written = _run("export", "--region", chain.region.slug, "--out", str(tmp_path / "uit"))
    assert len(written) == 1
    xml.parse((tmp_path / "uit").joinpath(written[0].split("/")[-1]).read_bytes())
    nummer = Toewijzing.objects.get().nummer
    start = tmp_path / "start.xml"
    start.write_bytes(m.start_305(agb=AGB, gemeente="0275", bsn=chain.client.bsn, nummer=nummer,
                                  begindatum=date(2026, 10, 1), ident="A1", day=date(2026, 12, 1)))
    broken = tmp_path / "kapot.xml"
    broken.write_bytes(b"<wmo305:Bericht xmlns:wmo305='http://www.istandaarden.nl/iwmo/3_2/wmo305/schema'/>")

    lines = _run("import", str(start), str(start), str(broken), "--out", str(tmp_path / "retour"))

    first, second, third = (json.loads(line) for line in lines)
    assert set(first) == set(second) == set(third) == KEYS
    assert first["applied"] is True and first["retour_codes"] == [] and first["error"] is None
    assert first["message"] == "WMO305"
    assert xml.parse(Path(first["retour_file"]).read_bytes())[0] == "WMO306"
    assert second["applied"] is False and second["retour_codes"] == ["9056"]
    assert third == {"file": str(broken), "message": None, "applied": False, "retour_file": None,
                     "retour_codes": [], "error": third["error"]}
    assert third["error"] and Levering.objects.count() == 1


@time_machine.travel(date(2026, 12, 2), tick=False)
def test_directory_drop_processes_every_file_in_name_order(chain, tmp_path):
    _run("export", "--region", chain.region.slug, "--out", str(tmp_path / "uit"))
    nummer = Toewijzing.objects.get().nummer
    drop = tmp_path / "in"
    drop.mkdir()
    (drop / "1-start.xml").write_bytes(m.start_305(
        agb=AGB, gemeente="0275", bsn=chain.client.bsn, nummer=nummer,
        begindatum=date(2026, 10, 1), ident="B1", day=date(2026, 12, 1)))
    (drop / "2-stop.xml").write_bytes(m.stop_307(
        agb=AGB, gemeente="0275", bsn=chain.client.bsn, nummer=nummer,
        begindatum=date(2026, 10, 1), einddatum=date(2026, 11, 30), reden="19", ident="B2",
        day=date(2026, 12, 1)))

    lines = [json.loads(line) for line in _run("drop", str(drop), "--out", str(tmp_path / "r"))]

    assert [line["applied"] for line in lines] == [True, True]
    assert Levering.objects.get().einddatum == date(2026, 11, 30)
    assert sorted(p.name for p in (drop / "verwerkt").iterdir()) == ["1-start.xml", "2-stop.xml"]
