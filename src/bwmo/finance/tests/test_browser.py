"""Beleid opens the woonplaatsbeginsel statement from the menu and chooses a year."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.placements.models import Placement
from bwmo.regions.models import Tariff
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory, LocationFactory, ProductFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beleid_reads_the_statement(page, live_server, region, rheden):
    product = ProductFactory(region=region)
    Tariff.objects.create(product=product, valid_from=date(2020, 1, 1), amount=Decimal("100.00"))
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
    # A new client of Rheden (Rheden is responsible) in a facility in Arnhem
    Placement.objects.create(
        client=client, location=LocationFactory(municipality=region.centrumgemeente),
        product=product, responsible_municipality=rheden,
        start_date=date(2024, 1, 1), end_date=date(2024, 12, 31),
    )
    beleid = user_with_role(Role.BELEID, region)

    login(page, live_server, beleid)
    page.get_by_role("link", name="Woonplaatsbeginsel").first.click()
    page.get_by_role("combobox", name="Jaar").select_option("2024")
    page.get_by_role("button", name="Toon overzicht").click()

    expect(page.get_by_role("heading", name="Per jaar")).to_be_visible()
    expect(page.get_by_text("€ 36.600,00").first).to_be_visible()  # 366 days × € 100 (leap year)
    expect(page.get_by_text("gelijk aan het jaartotaal")).to_be_visible()
    assert client.full_name not in page.content()
    assert_accessible(page)
