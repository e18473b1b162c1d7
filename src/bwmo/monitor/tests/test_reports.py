"""`bwmo report kwartaalmonitor`: JSON with every figure by name, Excel per theme, PDF."""

import json
from io import BytesIO, StringIO

from django.core.management import call_command

import pytest

from bwmo.monitor.definitions import DEFINITIONS, THEMES
from bwmo.monitor.facts import load_facts
from bwmo.monitor.kpis import Quarter, Scope, compute_kpis

from .scenario import build_history

pytestmark = pytest.mark.django_db


def _run(*args: str) -> bytes:
    out = StringIO()
    call_command("report", "kwartaalmonitor", *args, stdout=out)
    return out.getvalue().encode()


def test_json_holds_every_kpi_by_its_name(region, rheden, tmp_path):
    build_history(region, clients=40)
    target = tmp_path / "m.json"
    call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2024",
                 "--quarter", "2", "--format", "json", "--out", str(target))
    data = json.loads(target.read_text())
    assert data["kind"] == "update" and data["quarter"] == 2
    names = {d.name for d in DEFINITIONS}
    assert names <= set(data["kpis"])
    documented = (__import__("pathlib").Path(__file__).resolve().parents[4] / "docs" /
                  "kpi.md").read_text()
    for name in data["kpis"]:
        assert f"`{name}`" in documented, name
    expected = compute_kpis(load_facts(), Scope(region.slug), Quarter(2024, 2))
    assert data["kpis"]["clienten_in_zorg"]["value"] == expected.value("clienten_in_zorg")
    assert data["kpis"]["terugval_na_nazorg"] == {
        "title": "Terugval na nazorg", "value": None, "unit": "procent", "available": False,
        "note": "nog niet beschikbaar", "breakdown": {}}
    assert len(data["trend"]["quarters"]) == 8 and data["trend"]["quarters"][-1] == "2024-K2"
    assert data["cohorts"] is None  # the update has no bestandsanalyse

    call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2024",
                 "--quarter", "1", "--municipality", rheden.code, "--format", "json",
                 "--out", str(target))
    extended = json.loads(target.read_text())
    assert extended["kind"] == "uitgebreid" and extended["municipality"] == rheden.code
    assert extended["cohorts"] and extended["data_quality"]["quarters"][-1] == "2024-K1"
    assert extended["kpis"]["clienten_in_zorg"]["value"] == compute_kpis(
        load_facts(), Scope(region.slug, rheden.code), Quarter(2024, 1)).value("clienten_in_zorg")


def test_excel_has_one_sheet_per_theme_and_pdf_renders(region, tmp_path):
    from openpyxl import load_workbook

    build_history(region, clients=30)
    xlsx = tmp_path / "m.xlsx"
    call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2025",
                 "--quarter", "1", "--format", "xlsx", "--out", str(xlsx))
    book = load_workbook(BytesIO(xlsx.read_bytes()))
    assert list(THEMES) == book.sheetnames[:len(THEMES)]
    assert {"Per gemeente", "Datakwaliteit", "Bestandsanalyse"} <= set(book.sheetnames)
    pdf = tmp_path / "m.pdf"
    call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2025",
                 "--quarter", "3", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_bad_input_is_a_dutch_error(region, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2024",
                     "--format", "json")
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        call_command("report", "kwartaalmonitor", "--region", region.slug, "--year", "2024",
                     "--quarter", "2", "--municipality", "GM0363", "--format", "json")
    assert "hoort niet bij" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("report", "budget", "--region", region.slug, "--year", "2024",
                     "--municipality", "GM0275", "--format", "json")
