"""The region's contract manager records a contract, a GGD inspection and an overlegtafel with the
provider's figures; the provider then sees its own contract and quality status, read-only."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contract_manager_keeps_contract_quality_and_talks(page, live_server, region):
    world = build_world(region, places=2)
    world.provider.regions.add(region)
    Placement.objects.create(client=client_of(world.rheden), location=world.location,
                             product=world.bw, responsible_municipality=world.rheden,
                             start_date=date(2026, 3, 1))
    manager = user_with_role(Role.BELEID, region)

    login(page, live_server, manager)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contracten").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw contract").click()
    assert_accessible(page)
    page.get_by_label("Zorgaanbieder").select_option(label="De Brug Zorg")
    page.get_by_label("Kenmerk").fill("BW-2026-01")
    page.get_by_label("Vorm").select_option(label="Aanbesteding")
    page.get_by_label("Ingangsdatum").fill("2026-01-01")
    page.get_by_label("Einddatum zonder verlenging").fill("2027-12-31")
    page.get_by_label("Verlengingsoptie 1 (maanden)").fill("24")
    page.get_by_label("Product").select_option(label="Beschermd wonen")
    page.get_by_label("Tarief (€)").fill("151,20")
    page.get_by_label("Tarief geldig vanaf").fill("2026-01-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vul een datum in.").first).to_be_visible()  # "geldig tot en met" is missing
    assert_accessible(page)
    page.get_by_label("Tarief geldig tot en met").fill("2026-12-31")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Contract BW-2026-01")).to_be_visible()
    expect(page.get_by_role("row", name="Beschermd wonen").get_by_text("€ 151,20")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="kwaliteit en gesprekken").click()
    page.get_by_role("link", name="GGD-inspectie vastleggen").click()
    page.get_by_label("Datum inspectie").fill("2026-03-02")
    page.get_by_label("Ernstige tekortkomingen").check()
    page.get_by_label("Bevindingen", exact=True).fill("Medicatieveiligheid onvoldoende geborgd.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Kwaliteit op").get_by_text("Onvoldoende")).to_be_visible()
    expect(page.get_by_text("een nieuw pgb met deze aanbieder is nu niet mogelijk")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Gesprek vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Overlegtafel (kwartaal)").check()
    page.locator("#id_year").fill("2026")
    page.get_by_label("Kwartaal", exact=True).select_option(label="kwartaal 2")
    page.get_by_role("button", name="Opslaan").click()
    figures = page.locator(".bwmo-figure")
    expect(figures.filter(has_text="in zorg aan het eind van het kwartaal")).to_have_text(re.compile("^" + re.escape("1")))
    expect(figures.filter(has_text="plaatsen").first).to_have_text(re.compile("^" + re.escape("2")))
    assert_accessible(page)

    page.locator("summary", has_text="Actie toevoegen").click()
    page.locator("#id_description").fill("Verbeterplan medicatie bespreken")
    page.locator("#id_owner").fill("De Brug Zorg")
    page.locator("#id_due_on").fill("2026-12-31")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_role("row", name="Verbeterplan medicatie bespreken")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, world.provider_user)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Contracten").click()
    expect(page.get_by_role("link", name="BW-2026-01")).to_be_visible()
    assert page.get_by_role("link", name="Nieuw contract").count() == 0
    expect(page.get_by_role("row", name="Verbeterplan medicatie bespreken")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="BW-2026-01").click()
    expect(page.get_by_text("Tarief toevoegen")).to_have_count(0)
    assert_accessible(page)
