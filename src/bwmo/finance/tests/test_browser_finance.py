"""Beleid of the region goes through the finance screens: overview, pot, statements, scenarios
and the budget import; every page passes axe and the strict CSP (no inline script)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.finance.models import Scenario, Statement
from bwmo.finance.services import pot_year_save
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal


def _chart_drawn(page, canvas_id: str) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate(
        f"() => typeof Chart !== 'undefined' && !!Chart.getChart('{canvas_id}')")


def test_beleid_goes_through_the_finance_screens(page, live_server, world, tmp_path):
    region = world["region"]
    pot_year_save(region=region, year=2025, contribution_total=D("10000.00"),
                  contribution_key="objective", result_key="inhabitants",
                  vangnet_product_codes=["BWI"])
    beleid = user_with_role(Role.BELEID, region)
    login(page, live_server, beleid)

    page.get_by_role("link", name="Financiën").first.click()
    page.get_by_role("combobox", name="Jaar").select_option("2025")
    page.get_by_role("button", name="Toon overzicht").click()
    expect(page.get_by_role("heading", name="Budget tegen realisatie")).to_be_visible()
    expect(page.get_by_text("€ 36.500,00").first).to_be_visible()  # Rheden's realised cost 2025
    assert _chart_drawn(page, "grafiek-budget") and _chart_drawn(page, "grafiek-drivers")
    assert_accessible(page)

    page.get_by_role("navigation", name="Financiën").get_by_role("link", name="Regionale pot").click()
    expect(page.get_by_role("heading", name="Resultaat 2025")).to_be_visible()
    assert _chart_drawn(page, "grafiek-pot")
    assert_accessible(page)

    page.get_by_role("link", name="Afrekeningen").click()
    page.get_by_label("Gemeente").select_option("alle")
    page.get_by_role("button", name="Afrekening uitgeven").click()
    expect(page.get_by_text("De afrekening 2025 is uitgegeven voor 3 gemeente(n).")).to_be_visible()
    assert Statement.objects.filter(year=2025, version=1).count() == 3
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF Rheden versie 1").click()
    assert download.value.suggested_filename == "afrekening-GM0275-2025-v1.pdf"
    assert_accessible(page)

    page.get_by_role("link", name="Scenario's tot 2032").click()
    page.get_by_label("Naam van het scenario").fill("Basis")
    page.get_by_label("Aantal runs").fill("30")
    page.get_by_role("button", name="Doorrekenen en bewaren").click()
    expect(page.get_by_role("heading", name="Scenario: Basis")).to_be_visible()
    for canvas in ("grafiek-clienten", "grafiek-kosten", "grafiek-terugtoets"):
        assert _chart_drawn(page, canvas)
    assert_accessible(page)

    page.get_by_role("link", name="Alle scenario's").click()
    page.get_by_label("Naam van het scenario").fill("Hoog")
    page.get_by_label("Aantal runs").fill("30")
    page.get_by_label("Instroomfactor").fill("7")
    page.get_by_role("button", name="Doorrekenen en bewaren").click()
    expect(page.get_by_text("Instroomfactor moet tussen 0 en 5 liggen, niet 7.").first).to_be_visible()
    assert not Scenario.objects.filter(name="Hoog").exists()
    page.get_by_label("Instroomfactor").fill("1,5")
    page.get_by_role("button", name="Doorrekenen en bewaren").click()
    page.get_by_role("link", name="Alle scenario's").click()
    page.get_by_label("Basis").check()
    page.get_by_label("Hoog").check()
    page.get_by_role("button", name="Naast elkaar zetten").click()
    expect(page.get_by_role("heading", name="Naast elkaar")).to_be_visible()
    assert _chart_drawn(page, "grafiek-vergelijking")
    assert_accessible(page)

    upload = tmp_path / "budgetten.csv"
    upload.write_text("cbs_code;jaar;historisch;objectief;wlz_uitname\n"
                      "GM9999;2026;1,00;1,00;\n", encoding="utf-8")
    page.get_by_role("link", name="Budgetten importeren").click()
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(upload))
    page.get_by_role("button", name="Bestand controleren (proefimport)").click()
    expect(page.get_by_text("Onbekende CBS-code 'GM9999' in deze regio")).to_be_visible()
    assert_accessible(page)
