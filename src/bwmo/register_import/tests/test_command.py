"""`bwmo register-import`: a Dutch line per row, the totals as the last line (one JSON object)."""

import json

from django.core.management import call_command

import pytest

from bwmo.clients.models import Client
from bwmo.placements.tests.helpers import build_world
from bwmo.register_import.models import RegisterImport

from .test_import import HEADER, _one_row, sound_file

pytestmark = pytest.mark.django_db


def test_dry_run_then_import(region, tmp_path, capsys):
    build_world(region)
    path = tmp_path / "register.csv"
    path.write_text(sound_file(), encoding="utf-8")

    call_command("register-import", str(path), "--region", region.slug, "--dry-run")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("rij 2: in orde — nieuwe cliënt; beschikking Beschermd wonen")
    summary = json.loads(lines[-1])
    assert summary == {"file": "register.csv", "dry_run": True, "applied": False, "rows": 3,
                       "rows_with_problems": 0, "error": None, "import_id": None,
                       "counts": {"clients_created": 2, "clients_existing": 0, "beschikkingen": 3,
                                                 "placements": 2,
                                                 "toewijzingen_history": 1},
                       "seconds": summary["seconds"]}
    assert not Client.objects.exists()

    call_command("register-import", str(path), "--region", region.slug)
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["applied"] and summary["import_id"] == RegisterImport.objects.get().pk
    assert RegisterImport.objects.get().imported_by_command == "bwmo register-import"
    assert Client.objects.count() == 2


def test_a_file_with_problems_exits_1_and_imports_nothing(region, tmp_path, capsys):
    build_world(region)
    path = tmp_path / "register.csv"
    path.write_text("\n".join([HEADER, _one_row(aanbieder="Niemand")]), encoding="utf-8")

    with pytest.raises(SystemExit) as exit_:
        call_command("register-import", str(path), "--region", region.slug)

    assert exit_.value.code == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("rij 2: zorgaanbieder 'Niemand' is onbekend in bwmo")
    assert json.loads(lines[-1])["rows_with_problems"] == 1
    assert not Client.objects.exists()
