"""Budgets, import, the regional pot, realised cost and `bwmo report` against the database."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.management import call_command

import pytest
from openpyxl import Workbook, load_workbook

from bwmo.core.exceptions import DomainError
from bwmo.finance.models import Budget, PotYear
from bwmo.finance.realisation import realised_cost
from bwmo.finance.reports import build_report, report_json, report_names, report_xlsx
from bwmo.finance.services import budget_import, budget_save, ingroeipad_set, pot_year_save
from bwmo.placements.models import Placement

D = Decimal
TODAY = date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def test_realised_cost_prices_days_monthly_tariffs_per_month_and_pgb_budgets(world):
    cost = realised_cost(region=world["region"], year=2025)
    rheden, arnhem, renkum = (cost.municipalities[c] for c in ("GM0275", "GM0202", "GM0274"))
    assert (rheden.zin.days, rheden.zin.amount) == (365, D("36500.00"))
    assert [rheden.by_quarter[q].amount for q in (1, 2, 3, 4)] == [
        D("9000.00"), D("9100.00"), D("9200.00"), D("9200.00")]
    # 17/31 × 6.000 = 3.290,32 + February and March whole months
    assert arnhem.zin.amount == D("3290.32") + D("12000.00")
    assert (renkum.pgb.days, renkum.pgb.amount, renkum.zin.amount) == (184, D("9000.00"), D(0))
    assert cost.total == D("36500.00") + D("15290.32") + D("9000.00")


def test_the_budget_report_follows_the_ingroeipad_and_its_totals_reconcile(world):
    report = build_report("budget", region=world["region"], year=2025, today=TODAY)
    table = report.tables[0]
    rows = {row["cbs_code"]: row["budget"] for row in table.rows}
    # 2025: 30 % objective. Arnhem 50.000 × 0,7 + 40.000 × 0,3 = 47.000
    assert rows == {"GM0202": D("47000.00"), "GM0274": D("20000.00"), "GM0275": D("33000.00")}
    assert table.total["budget"] == D("100000.00")


def test_budgets_outside_the_ingroeipad_or_negative_are_refused_and_nothing_is_saved(world):
    region = world["region"]
    with pytest.raises(DomainError, match="2035 valt buiten het ingroeipad"):
        budget_save(region=region, municipality=world["rheden"], year=2035,
                    historical=D("1.00"), objective=D("1.00"))
    with pytest.raises(DomainError, match="mag niet negatief zijn"):
        budget_save(region=region, municipality=world["rheden"], year=2026,
                    historical=D("-1.00"), objective=D("1.00"))
    with pytest.raises(DomainError, match="mag niet dalen"):
        ingroeipad_set(region=region, weights={2025: D("50"), 2026: D("40")})
    assert Budget.objects.count() == 3 and not region.ingroeipad_steps.exists()


CSV = ("cbs_code;jaar;historisch;objectief;wlz_uitname\n"
       "GM0275;2026;1.000,50;2000;\n"
       "GM9999;2026;10;10;0\n"
       "GM0274;2040;10;10;0\n"
       "GM0202;2026;-5;10;0\n"
       "GM0275;2026;1;1;0\n")


def test_the_import_dry_run_reports_each_rows_problem_and_saves_nothing(world):
    region = world["region"]
    report = budget_import(region=region, filename="budget.csv", content=CSV.encode(),
                           dry_run=False)
    assert not report.saved and not report.ok
    problems = {row.line: row.problems for row in report.rows}
    assert problems[2] == [] and report.rows[0].budget == D("1400.30")  # 2026: 40 % objective
    assert problems[3] == ["Onbekende CBS-code 'GM9999' in deze regio"]
    assert problems[4] == ["2040 valt buiten het ingroeipad (2022 t/m 2032)"]
    assert problems[5] == ["Historisch budget mag niet negatief zijn (-5)"]
    assert problems[6] == ["GM0275 2026 staat al eerder in het bestand"]
    assert not Budget.objects.filter(year=2026).exists()


def test_a_clean_excel_import_is_saved_only_without_dry_run(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["cbs_code", "jaar", "historisch", "objectief", "wlz_uitname"])
    sheet.append(["GM0275", 2027, 1234.56, 2000, 10])
    out = BytesIO()
    book.save(out)
    region = world["region"]
    dry = budget_import(region=region, filename="b.xlsx", content=out.getvalue())
    assert dry.ok and not dry.saved and not Budget.objects.filter(year=2027).exists()
    done = budget_import(region=region, filename="b.xlsx", content=out.getvalue(), dry_run=False)
    assert done.saved
    saved = Budget.objects.get(year=2027)
    assert saved.historical_amount == D("1234.56") and saved.wlz_withdrawal == D("10.00")


def test_a_pot_with_a_deficit_splits_it_by_the_configured_key_to_the_cent(world):
    region = world["region"]
    # vangnet BWI cost 15.290,32; contributions 10.000 by objective share → deficit 5.290,32
    pot_year_save(region=region, year=2025, contribution_total=D("10000.00"),
                  contribution_key="objective", result_key="inhabitants",
                  vangnet_product_codes=["BWI"])
    report = build_report("regiopot", region=region, year=2025, today=TODAY)
    summary, municipalities, spending = report.tables
    assert [row["bedrag"] for row in summary.rows] == [D("10000.00"), D("15290.32"),
                                                       D("-5290.32")]
    rows = {row["cbs_code"]: row for row in municipalities.rows}
    assert rows["GM0202"]["inleg"] == D("4000.00")  # 40.000 of 100.000 objective
    assert municipalities.total["verrekening_resultaat"] == D("5290.32")
    assert sum(row["verrekening_resultaat"] for row in municipalities.rows) == D("5290.32")
    assert spending.total["uitgaven"] == D("15290.32")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"contribution_key": "mix", "contribution_mix": (D(50), D(30), D(0))},
     "tellen op tot 80 %, niet tot 100 %"),
    ({"contribution_total": D("-1.00")}, "mag niet negatief zijn"),
    ({"year": 2050}, "2050 valt buiten het ingroeipad"),
    ({"vangnet_product_codes": ["XYZ"]}, "Onbekende producten: XYZ"),
])
def test_bad_pot_input_is_refused_in_dutch_and_nothing_is_saved(world, kwargs, message):
    values = {"region": world["region"], "year": 2025, "contribution_total": D("10.00"),
              "contribution_key": "objective", "result_key": "inhabitants",
              "vangnet_product_codes": ["BWI"], **kwargs}
    with pytest.raises(DomainError, match=message):
        pot_year_save(**values)
    assert not PotYear.objects.exists()


def test_the_report_registry_has_the_finance_reports():
    assert {"budget", "regiopot", "realisatie", "afrekening", "woonplaatsbeginsel"} <= set(
        report_names())


def test_report_command_json_has_decimal_strings_and_matches_the_excel(world, tmp_path):
    out = tmp_path / "budget.json"
    call_command("report", "budget", "--region", "centraal-gelderland", "--year", "2025",
                 "--format", "json", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["report"] == "budget" and data["region"] == "centraal-gelderland"
    table = data["tables"][0]
    assert table["total"]["budget"] == "100000.00"
    assert all(isinstance(row["budget"], str) for row in table["rows"])
    xlsx = tmp_path / "budget.xlsx"
    call_command("report", "budget", "--region", "centraal-gelderland", "--year", "2025",
                 "--format", "xlsx", "--out", str(xlsx))
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    col = header.index("Budget (€)")
    body = [r for r in rows[2:] if r[0] and str(r[0]).startswith("GM")]
    assert [D(str(r[col])) for r in body] == [D(row["budget"]) for row in table["rows"]]
    total = next(r for r in rows if r[0] == "Totaal")
    assert D(str(total[col])) == D("100000")
    check = next(r for r in rows if r[0] == "Controle (som van de regels)")
    assert check[col] == f"=SUM(G3:G{2 + len(body)})"


def test_report_command_pdf_and_quarters(world, tmp_path):
    pdf = tmp_path / "r.pdf"
    call_command("report", "realisatie", "--region", "centraal-gelderland", "--year", "2025",
                 "--quarter", "3", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    report = build_report("realisatie", region=world["region"], year=2025, quarter=3, today=TODAY)
    rows = {row["cbs_code"]: row for row in report.tables[0].rows}
    assert rows["GM0275"]["realisatie"] == D("9200.00")
    assert rows["GM0275"]["budget"] == D("8250.00")  # 33.000 / 4


def test_variance_drivers_add_up_to_the_variance(world):
    report = build_report("realisatie", region=world["region"], year=2025, today=TODAY)
    for row in report.tables[0].rows:
        assert row["volume"] + row["prijs"] + row["mix"] == row["verschil"]
        assert row["verschil"] == row["realisatie"] - row["budget"]
    rheden = next(r for r in report.tables[0].rows if r["cbs_code"] == "GM0275")
    assert rheden["prijs"] == D("0.00")  # same tariff as in 2024


@pytest.mark.parametrize(("args", "message"), [
    (["onzin", "--region", "centraal-gelderland", "--year", "2025"], "Onbekend rapport 'onzin'"),
    (["budget", "--region", "atlantis", "--year", "2025"], "Onbekende regio 'atlantis'"),
    (["budget", "--region", "centraal-gelderland", "--year", "2045"], "2045 valt buiten"),
    (["budget", "--region", "centraal-gelderland", "--year", "2025", "--quarter", "2"],
     "jaaroverzicht en heeft geen kwartalen"),
])
def test_report_command_bad_input_exits_2_with_a_dutch_message(world, args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", *args, "--format", "json")
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_json_output_is_the_same_as_the_screen_figures(world):
    report = build_report("budget", region=world["region"], year=2025, today=TODAY)
    data = report_json(report)
    assert data["tables"][0]["rows"][0]["historisch"] == "50000.00"
    assert report_xlsx(report)[:2] == b"PK"


def test_a_statement_is_issued_with_a_version_and_reproduced_from_its_stored_figures(world):
    from bwmo.finance.statements import (
        statement_is_intact,
        statement_issue,
        statement_pdf,
        statement_tables,
        statement_xlsx,
    )

    region = world["region"]
    pot_year_save(region=region, year=2025, contribution_total=D("10000.00"),
                  contribution_key="objective", result_key="inhabitants",
                  vangnet_product_codes=["BWI"])
    first = statement_issue(region=region, municipality=world["rheden"], year=2025, user=None,
                            today=TODAY)
    lines = {line["post"]: D(line["bedrag"]) for line in first.figures["lines"]}
    assert lines["Inleg regionale pot"] == D("4000.00")
    assert D(first.figures["saldo"]) == sum(lines.values())
    assert first.version == 1 and statement_is_intact(first)
    before = statement_tables(first)[0].total["bedrag"]
    # the data change afterwards: a new version differs, the sent one stays the same
    Placement.objects.filter(responsible_municipality=world["rheden"]).delete()
    second = statement_issue(region=region, municipality=world["rheden"], year=2025, user=None,
                             today=TODAY)
    assert second.version == 2
    first.refresh_from_db()
    assert statement_tables(first)[0].total["bedrag"] == before
    assert statement_pdf(first).startswith(b"%PDF")
    sheet = load_workbook(BytesIO(statement_xlsx(first))).active
    assert "versie 1 van 30-06-2026" in sheet["A1"].value


def test_a_statement_for_a_municipality_outside_the_region_is_refused(world):
    from bwmo.finance.statements import statement_issue
    from bwmo.testing.factories import MunicipalityFactory

    other = MunicipalityFactory(code="GM0363", name="Amsterdam")
    with pytest.raises(DomainError, match="Amsterdam hoort niet bij Centraal Gelderland"):
        statement_issue(region=world["region"], municipality=other, year=2025, user=None,
                        today=TODAY)


def test_a_named_scenario_is_saved_with_bands_backtest_and_nadeel_and_compared(world):
    from bwmo.finance.models import Scenario
    from bwmo.finance.scenarios import compare, scenario_save

    region = world["region"]
    budget_save(region=region, municipality=world["rheden"], year=2032,
                historical=D("1.00"), objective=D("1.00"))
    base = scenario_save(region=region, name="Basis", overrides={}, today=TODAY, runs=50)
    high = scenario_save(region=region, name="Hoge instroom",
                         overrides={"inflow_factor": "2,5"}, today=TODAY, runs=50)
    r = base.results
    assert r["years"] == list(range(2026, 2033))
    rheden = next(m for m in r["municipalities"] if m["code"] == "GM0275")
    for band in ("clients", "cost"):
        values = rheden[band]
        assert all(D(str(a)) <= D(str(b)) <= D(str(c))
                   for a, b, c in zip(values["p10"], values["p50"], values["p90"], strict=True))
    assert all(isinstance(v, str) for v in rheden["cost"]["p50"])  # decimal strings
    assert rheden["nadeel"] is True  # € 1 objective budget in 2032 against a client in care
    assert len(r["backtest"]["quarters"]) == 8
    side_by_side = compare([base, high])
    assert [s["name"] for s in side_by_side] == ["Basis", "Hoge instroom"]
    assert high.parameters["inflow_factor"] == 2.5
    assert Scenario.objects.count() == 2


@pytest.mark.parametrize(("overrides", "message"), [
    ({"inflow_factor": "9"}, "Instroomfactor moet tussen 0 en 5 liggen, niet 9"),
    ({"sigma": "veel"}, "Onzekerheid \\(spreiding\\): 'veel' is geen getal"),
    ({"bogus": 1}, "Onbekende scenarioparameter 'bogus'"),
])
def test_a_scenario_parameter_out_of_range_saves_nothing(world, overrides, message):
    from bwmo.finance.models import Scenario
    from bwmo.finance.scenarios import scenario_save

    with pytest.raises(DomainError, match=message):
        scenario_save(region=world["region"], name="Fout", overrides=overrides, today=TODAY,
                      runs=20)
    assert not Scenario.objects.exists()


def test_the_one_pass_pricing_equals_the_realised_cost_with_pgb_budgets_and_monthly_tariffs(world):
    from bwmo.finance.tests.test_tariffs import assert_realised_by_quarter_is_realised_cost

    cells = assert_realised_by_quarter_is_realised_cost(world["region"], 2024, 2026)
    assert any(pgb for (_c, _y, _q, pgb, _p) in cells)
