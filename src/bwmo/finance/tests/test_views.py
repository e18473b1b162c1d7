"""The finance screens: who may open and change them, and that their figures are those of
`bwmo report … --format json` and of the Excel exports."""

import json
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import Workbook, load_workbook

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.finance.models import Budget, Scenario, Statement
from bwmo.finance.services import budget_save, pot_year_save
from bwmo.finance.templatetags.finance_tags import dutch_number
from bwmo.testing.factories import OrganisationFactory, UserFactory, user_with_role

D = Decimal
pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def finance(world):
    region = world["region"]
    pot_year_save(region=region, year=YEAR, contribution_total=D("10000.00"),
                  contribution_key="objective", result_key="mix",
                  result_mix=(D(50), D(50), D(0)), vangnet_product_codes=["BWI"])
    for code in ("GM0202", "GM0275", "GM0274"):
        budget_save(region=region, municipality=region.municipalities.get(code=code),
                    year=2032, historical=D("30000.00"), objective=D("30000.00"))
    municipal_org = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, region=region,
                                        municipality=world["rheden"], name="Gemeente Rheden")
    users = {
        "beleid_regio": user_with_role(Role.BELEID, region),
        "beleid_rheden": UserFactory(organisation=municipal_org, role=Role.BELEID),
        **{role.value: user_with_role(role, region) for role in Role if role != Role.BELEID},
    }
    return {**world, "users": users}


def _scenario(region, name="Basis", **overrides):  # type: ignore[no-untyped-def]
    from bwmo.finance.scenarios import scenario_save

    return scenario_save(region=region, name=name, overrides=overrides,
                         today=timezone.localdate(), runs=20)


def _statement(region, municipality):  # type: ignore[no-untyped-def]
    from bwmo.finance.statements import statement_issue

    return statement_issue(region=region, municipality=municipality, year=YEAR, user=None,
                           today=timezone.localdate())


READS = ("overview", "pot", "statements", "scenarios")
CHANGERS = {"beleid_regio"}
READERS = {"beleid_regio", "beleid_rheden"}


def _urls(f) -> dict[str, str]:  # type: ignore[no-untyped-def]
    scenario = _scenario(f["region"])
    statement = _statement(f["region"], f["rheden"])
    return {
        "overview": reverse("finance:overview") + f"?jaar={YEAR}",
        "pot": reverse("finance:pot") + f"?jaar={YEAR}",
        "statements": reverse("finance:statements") + f"?jaar={YEAR}",
        "statement-download": reverse("finance:statement-download", args=[statement.pk, "pdf"]),
        "scenarios": reverse("finance:scenarios") + f"?vergelijk={scenario.pk}",
        "scenario": reverse("finance:scenario", args=[scenario.pk]),
        "scenario-export": reverse("finance:scenario-export", args=[scenario.pk]),
        "scenario-compare-export": reverse("finance:scenario-compare-export")
        + f"?vergelijk={scenario.pk}",
        "report-export": reverse("finance:report-export", args=["realisatie", YEAR, "xlsx"]),
        "budget-import": reverse("finance:budget-import"),
        "pot-edit": reverse("finance:pot-edit") + f"?jaar={YEAR}",
        "statements-export": reverse("finance:statements-export") + f"?jaar={YEAR}",
        "ingroeipad": reverse("finance:ingroeipad"),
    }


def test_every_finance_route_for_every_role(client, finance):
    urls = _urls(finance)
    for key, user in finance["users"].items():
        client.force_login(user)
        for name, url in urls.items():
            allowed = CHANGERS if name in ("budget-import", "pot-edit", "ingroeipad") else READERS
            status = client.get(url).status_code
            expected = 200 if key in allowed else 404
            assert status == expected, f"{key} on {name}: {status}, expected {expected}"


def test_the_menu_shows_financien_to_beleid_only(client, finance):
    client.force_login(finance["users"]["beleid_rheden"])
    assert "Financiën" in client.get(reverse("home")).content.decode()
    client.force_login(finance["users"]["functioneel_beheer"])
    assert "Financiën" not in client.get(reverse("home")).content.decode()


def test_only_beleid_of_the_region_issues_statements_and_runs_scenarios(client, finance):
    issue = {"jaar": str(YEAR), "gemeente": "alle"}
    run = {"naam": "Poging", "runs": "20"}
    for key in ("beleid_rheden", "functioneel_beheer", "wmo_consulent"):
        client.force_login(finance["users"][key])
        assert client.post(reverse("finance:statements"), issue).status_code == 404
        assert client.post(reverse("finance:scenarios"), run).status_code == 404
        assert client.post(reverse("finance:budget-import"), {}).status_code == 404
        assert client.post(reverse("finance:pot-edit"), POT).status_code == 404
        assert client.post(reverse("finance:ingroeipad"), {}).status_code == 404
    assert not Statement.objects.exists() and not Scenario.objects.exists()


def test_a_municipality_sees_only_its_own_statements(client, finance):
    own = _statement(finance["region"], finance["rheden"])
    other = _statement(finance["region"], finance["renkum"])
    client.force_login(finance["users"]["beleid_rheden"])
    page = client.get(reverse("finance:statements") + f"?jaar={YEAR}").content.decode()
    assert "Rheden (GM0275)" in page and "Renkum (GM0274)" not in page
    assert "Afrekening uitgeven" not in page
    assert client.get(reverse("finance:statement-download", args=[own.pk, "xlsx"])).status_code == 200
    assert client.get(
        reverse("finance:statement-download", args=[other.pk, "xlsx"])).status_code == 404
    book = load_workbook(BytesIO(client.get(
        reverse("finance:statements-export") + f"?jaar={YEAR}").content))
    listed = [row for row in book.active.iter_rows(min_row=3, values_only=True)
              if str(row[0]).startswith("GM")]
    assert [row[0] for row in listed] == ["GM0275"]
    assert D(str(listed[0][5])) == D(own.figures["saldo"])


# ------------------------------------------------------------------------------------------------
# The figures on the screens are those of `bwmo report … --format json`
# ------------------------------------------------------------------------------------------------


class TableParser(HTMLParser):
    """The cells of every <table data-table=NAME>: {name: [[(key, text), …], …]} (body rows and
    the total row, in order)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self.totals: dict[str, list[tuple[str, str]]] = {}
        self._table: str | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: str | None = None
        self._text = ""
        self._in_foot = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-table"):
            self._table = attrs["data-table"]
            self.tables[self._table] = []
        elif self._table and tag == "tfoot":
            self._in_foot = True
        elif self._table and tag == "tr":
            self._row = []
        elif self._row is not None and tag == "td" and "data-key" in attrs:
            self._cell, self._text = attrs["data-key"], ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "td" and self._cell is not None:
            self._row.append((self._cell, " ".join(self._text.split())))  # type: ignore[union-attr]
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            if self._row:
                if self._in_foot:
                    self.totals[self._table] = self._row
                else:
                    self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table, self._in_foot = None, False

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._cell is not None:
            self._text += data


def _shown(value, kind: str) -> str:  # type: ignore[no-untyped-def]
    """How the screen shows a JSON value (decimal strings for money)."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return "€ " + dutch_number(D(value), 2)
    if kind == "percent":
        return dutch_number(D(value), 2) + " %"
    if kind == "int":
        return dutch_number(value, 0)
    if kind == "decimal":
        return str(value).replace(".", ",")
    return str(value)


def _command_json(name: str, region, year: int, tmp_path, quarter=None) -> dict:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{name}.json"
    args = [name, "--region", region.slug, "--year", str(year), "--format", "json",
            "--out", str(out)]
    if quarter:
        args += ["--quarter", str(quarter)]
    call_command("report", *args)
    return json.loads(out.read_text(encoding="utf-8"))


def _assert_screen_equals_json(html: str, data: dict) -> None:
    parser = TableParser()
    parser.feed(html)
    for table in data["tables"]:
        kinds = {c["key"]: c["type"] for c in table["columns"]}
        shown = parser.tables[table["name"]]
        assert len(shown) == len(table["rows"]), table["name"]
        for row, cells in zip(table["rows"], shown, strict=True):
            assert [key for key, _ in cells] == list(kinds)
            assert {key: text for key, text in cells} == {
                key: _shown(row[key], kinds[key]) for key in kinds}, table["name"]
        if table["total"] is not None:
            assert dict(parser.totals[table["name"]]) == {
                key: _shown(table["total"][key], kinds[key]) for key in kinds}


@pytest.mark.parametrize(("url_name", "reports", "query", "quarter"), [
    ("finance:overview", ("realisatie", "budget"), "", None),
    ("finance:overview", ("realisatie",), "&kwartaal=3", 3),
    ("finance:pot", ("regiopot",), "", None),
    ("finance:statements", ("afrekening",), "&vandaag=1", None),
])
def test_screen_figures_equal_the_report_command_json(client, finance, tmp_path, url_name,
                                                      reports, query, quarter):
    client.force_login(finance["users"]["beleid_regio"])
    html = client.get(reverse(url_name) + f"?jaar={YEAR}{query}").content.decode()
    for name in reports:
        _assert_screen_equals_json(
            html, _command_json(name, finance["region"], YEAR, tmp_path, quarter))
    assert "€ 36.500,00" in html or url_name != "finance:overview" or quarter


def test_a_broken_screen_would_fail_the_comparison(finance, tmp_path):
    """The comparison itself can fail: one changed cent is found."""
    data = _command_json("budget", finance["region"], YEAR, tmp_path)
    html = ('<table data-table="budget"><tbody><tr>'
            + "".join(f'<td data-key="{c["key"]}">{_shown(v, c["type"])}</td>'
                      for c, v in zip(data["tables"][0]["columns"],
                                      data["tables"][0]["rows"][0].values(), strict=True))
            + "</tr></tbody></table>")
    data["tables"][0]["rows"] = data["tables"][0]["rows"][:1]
    data["tables"][0]["total"] = None
    _assert_screen_equals_json(html, data)
    data["tables"][0]["rows"][0]["budget"] = str(D(data["tables"][0]["rows"][0]["budget"]) + D("0.01"))
    with pytest.raises(AssertionError):
        _assert_screen_equals_json(html, data)


def test_the_excel_export_has_numbers_and_totals_that_match_the_json(client, finance, tmp_path):
    client.force_login(finance["users"]["beleid_regio"])
    response = client.get(reverse("finance:report-export", args=["realisatie", YEAR, "xlsx"]))
    book = load_workbook(BytesIO(response.content))
    data = _command_json("realisatie", finance["region"], YEAR, tmp_path)
    table = data["tables"][0]
    sheet = book[table["title"]]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[1], rows[2:2 + len(table["rows"])]
    total, check = rows[2 + len(table["rows"])], rows[3 + len(table["rows"])]
    column = header.index("Realisatie (€)")
    assert all(isinstance(row[column], int | float | Decimal) for row in body)
    assert D(str(total[column])) == D(table["total"]["realisatie"])
    assert str(check[column]).startswith("=SUM(")
    assert sum(D(str(row[column])) for row in body) == D(table["total"]["realisatie"])
    pdf = client.get(reverse("finance:report-export", args=["regiopot", YEAR, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("url", [
    "/financien/rapport/onbekend/2025/xlsx/", "/financien/rapport/budget/2025/docx/",
    "/financien/rapport/realisatie/2025/xlsx/?kwartaal=5",
    "/financien/rapport/budget/2025/xlsx/?kwartaal=2",
])
def test_a_bad_export_request_is_404(client, finance, url):
    client.force_login(finance["users"]["beleid_regio"])
    assert client.get(url).status_code == 404


# ------------------------------------------------------------------------------------------------
# Statements, scenarios and the budget import through the screens
# ------------------------------------------------------------------------------------------------


def test_issuing_statements_for_all_municipalities_gives_versions_and_downloads(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    url = reverse("finance:statements")
    response = client.post(url, {"jaar": str(YEAR), "gemeente": "alle"}, follow=True)
    assert "is uitgegeven voor 3 gemeente(n)" in response.content.decode()
    client.post(url, {"jaar": str(YEAR), "gemeente": "GM0275"})
    rheden = Statement.objects.filter(municipality=finance["rheden"]).order_by("version")
    assert [s.version for s in rheden] == [1, 2]
    first = rheden[0]
    pdf = client.get(reverse("finance:statement-download", args=[first.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    sheet = load_workbook(BytesIO(client.get(
        reverse("finance:statement-download", args=[first.pk, "xlsx"])).content)).active
    assert "versie 1" in sheet["A1"].value
    # a statement whose stored figures were changed afterwards is not served
    Statement.objects.filter(pk=first.pk).update(figures={**first.figures, "saldo": "0.00"})
    assert client.get(reverse("finance:statement-download", args=[first.pk, "pdf"])).status_code == 404
    assert "klopt niet" in client.get(url + f"?jaar={YEAR}").content.decode()


def test_issuing_for_a_year_without_a_pot_saves_nothing(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    response = client.post(reverse("finance:statements"), {"jaar": "2024", "gemeente": "alle"})
    assert "Kies een jaar uit de lijst." in response.content.decode()
    assert not Statement.objects.exists()


def test_running_comparing_and_exporting_scenarios(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    response = client.post(reverse("finance:scenarios"), {
        "naam": "Hoge instroom", "runs": "30", "inflow_factor": "1,5"})
    high = Scenario.objects.get(name="Hoge instroom")
    assert response.url == reverse("finance:scenario", args=[high.pk])
    assert high.parameters["inflow_factor"] == 1.5
    base = _scenario(finance["region"])
    page = client.get(response.url).content.decode()
    for text in ("Nadeelregio", "Terugtoets 8 kwartalen", 'id="grafiek-kosten-data"',
                 'id="grafiek-terugtoets-data"', "vendor/chartjs/chart.umd.min.js"):
        assert text in page
    parser = TableParser()
    parser.feed(page)
    assert len(parser.tables["backtest"]) == 8
    assert len(parser.tables["nadeelregio"]) == 3
    compare = client.get(reverse("finance:scenarios")
                         + f"?vergelijk={base.pk}&vergelijk={high.pk}").content.decode()
    parser = TableParser()
    parser.feed(compare)
    assert [dict(row)["scenario"] for row in parser.tables["vergelijking"]] == [
        "Basis", "Hoge instroom"]
    book = load_workbook(BytesIO(client.get(
        reverse("finance:scenario-compare-export") + f"?vergelijk={base.pk}&vergelijk={high.pk}"
    ).content))
    assert [row[0] for row in book.active.iter_rows(min_row=3, values_only=True)][:2] == [
        "Basis", "Hoge instroom"]
    assert client.get(reverse("finance:scenario-export", args=[high.pk])).content[:2] == b"PK"


@pytest.mark.parametrize(("data", "message"), [
    ({"naam": "Te hoog", "runs": "20", "inflow_factor": "9"},
     "Instroomfactor moet tussen 0 en 5 liggen, niet 9"),
    ({"naam": "Geen getal", "runs": "20", "sigma": "veel"}, "is geen getal"),
    ({"naam": "Te weinig", "runs": "2"}, "Kies minstens 10 runs."),
    ({"naam": "", "runs": "20"}, "Geef het scenario een naam."),
])
def test_a_scenario_out_of_range_shows_a_dutch_error_and_saves_nothing(client, finance, data,
                                                                      message):
    client.force_login(finance["users"]["beleid_regio"])
    response = client.post(reverse("finance:scenarios"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scenario.objects.exists()


def _csv(*rows: str) -> SimpleUploadedFile:
    text = "cbs_code;jaar;historisch;objectief;wlz_uitname\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile("budgetten.csv", text.encode(), content_type="text/csv")


def test_the_budget_import_dry_run_shows_each_rows_problem_and_saves_nothing(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    before = Budget.objects.count()
    url = reverse("finance:budget-import")
    page = client.post(url, {"bestand": _csv(
        "GM0275;2026;1000,00;2000,00;", "GM9999;2026;1,00;1,00;", "GM0274;2040;1,00;1,00;",
        "GM0202;2026;-5;1,00;")}).content.decode()
    assert "Onbekende CBS-code &#x27;GM9999&#x27; in deze regio" in page
    assert "2040 valt buiten het ingroeipad" in page
    assert "mag niet negatief zijn" in page
    assert "regels opslaan" not in page
    # saving without a clean dry run does nothing
    client.post(url, {"stap": "opslaan"})
    assert Budget.objects.count() == before


def test_a_clean_budget_import_is_saved_after_the_dry_run(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    url = reverse("finance:budget-import")
    page = client.post(url, {"bestand": _csv("GM0275;2026;1000,00;2000,00;10,00",
                                             "GM0274;2026;500;500;")}).content.decode()
    assert "Alle 2 regels opslaan" in page
    assert not Budget.objects.filter(year=2026).exists()
    response = client.post(url, {"stap": "opslaan"}, follow=True)
    assert "2 budgetregels zijn opgeslagen" in response.content.decode()
    saved = Budget.objects.get(municipality=finance["rheden"], year=2026)
    assert saved.historical_amount == D("1000.00") and saved.wlz_withdrawal == D("10.00")


def test_the_budget_import_refuses_other_file_kinds(client, finance):
    client.force_login(finance["users"]["beleid_regio"])
    book = Workbook()
    book.active.append(["cbs_code", "jaar"])
    out = BytesIO()
    book.save(out)
    page = client.post(reverse("finance:budget-import"), {"bestand": SimpleUploadedFile(
        "budget.xlsx", out.getvalue())}).content.decode()
    assert "Kolommen ontbreken: historisch, objectief" in page
    page = client.post(reverse("finance:budget-import"), {"bestand": SimpleUploadedFile(
        "budget.txt", b"x")}).content.decode()
    assert "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)." in page


POT = {"jaar": "2026", "inleg": "12000,00", "inleg_sleutel": "inhabitants",
       "resultaat_sleutel": "mix", "resultaat_inwoners": "50", "resultaat_objectief": "50",
       "resultaat_historisch": "0", "vangnet": ["BWI"]}


def test_setting_up_the_pot_of_a_year(client, finance):
    from bwmo.finance.models import PotYear

    client.force_login(finance["users"]["beleid_regio"])
    response = client.post(reverse("finance:pot-edit"), POT)
    assert response.url == reverse("finance:pot") + "?jaar=2026"
    pot = PotYear.objects.get(region=finance["region"], year=2026)
    assert (pot.contribution_total, pot.result_key, pot.result_mix_objective) == (
        D("12000.00"), "mix", D("50"))
    assert list(pot.vangnet_products.values_list("code", flat=True)) == ["BWI"]
    page = client.get(reverse("finance:pot-edit") + "?jaar=2026").content.decode()
    assert 'value="12000,00"' in page


@pytest.mark.parametrize(("change", "message"), [
    ({"resultaat_objectief": "30"}, "tellen op tot 80 %, niet tot 100 %"),
    ({"inleg": "-1,00"}, "De inleg in de regionale pot mag niet negatief zijn."),
    ({"jaar": "2040"}, "Kies een jaar op het ingroeipad van de regio."),
    ({"vangnet": ["XYZ"]}, "Kies producten uit de lijst."),
])
def test_a_bad_pot_shows_a_dutch_error_and_saves_nothing(client, finance, change, message):
    from bwmo.finance.models import PotYear

    client.force_login(finance["users"]["beleid_regio"])
    response = client.post(reverse("finance:pot-edit"), {**POT, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PotYear.objects.filter(year__in=(2026, 2040)).exists()


def test_the_ingroeipad_is_configurable_per_year_and_may_not_go_down(client, finance):
    from bwmo.finance.services import ingroeipad_for

    client.force_login(finance["users"]["beleid_regio"])
    url = reverse("finance:ingroeipad")
    weights = {f"gewicht_{year}": str((year - 2022) * 10) for year in range(2022, 2033)}
    bad = {**weights, "gewicht_2027": "20"}
    page = client.post(url, bad).content.decode()
    assert "Het gewicht objectief mag niet dalen: 2027 heeft 20 %, het jaar ervoor 40 %." in page
    assert ingroeipad_for(finance["region"])[2027] == D("50.00")
    page = client.post(url, {**weights, "gewicht_2030": "120"}).content.decode()
    assert "Vul een percentage van 0 tot en met 100 in." in page or "tussen 0 en 100" in page
    faster = {**weights, "gewicht_2025": "40", "gewicht_2026": "50"}
    assert client.post(url, faster).status_code == 302
    assert ingroeipad_for(finance["region"])[2025] == D("40.00")
