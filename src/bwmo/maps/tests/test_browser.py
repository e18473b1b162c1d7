"""The map and the basisinfrastructuur in a real browser: axe on each page, the map by keyboard,
a municipality's policy officer fills in its basistakenpakket."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.basisinfrastructuur.models import LocalProvision
from bwmo.regions.constants import ProductCategory
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    PlaceCapacityFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SQUARE = {"type": "Polygon", "coordinates": [[[5.85, 51.95], [6.0, 51.95], [6.0, 52.05],
                                              [5.85, 52.05], [5.85, 51.95]]]}
SQUARE_EAST = {"type": "Polygon", "coordinates": [[[6.0, 51.95], [6.15, 51.95], [6.15, 52.05],
                                                   [6.0, 52.05], [6.0, 51.95]]]}


def test_map_by_keyboard_with_table(page, live_server, region, rheden):
    region.centrumgemeente.boundary = SQUARE
    region.centrumgemeente.save()
    rheden.boundary = SQUARE_EAST
    rheden.save()
    bw = ProductFactory(region=region, code="BW", category=ProductCategory.BW_INTRAMURAAL)
    mo = ProductFactory(region=region, code="MO", name="Nachtopvang", track="MO",
                        category=ProductCategory.MO)
    boog = LocationFactory(name="De Boog", municipality=region.centrumgemeente,
                           latitude="52.0", longitude="5.9")
    PlaceCapacityFactory(location=boog, product=bw, places=20, valid_from=date(2020, 1, 1))
    velp = LocationFactory(name="Opvang Velp", municipality=rheden, location_type="mo",
                           latitude="52.0", longitude="6.05")
    PlaceCapacityFactory(location=velp, product=mo, places=12, valid_from=date(2020, 1, 1))
    beleid = UserFactory(organisation=OrganisationFactory(
        name="Regio", kind=OrganisationKind.REGION, region=region, municipality=None),
        role=Role.BELEID)

    login(page, live_server, beleid)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kaart").click()
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-overlay-pane path").count() == 2  # two municipalities drawn
    assert_accessible(page)
    # keyboard: Tab from the map to the markers, Enter opens the location's details
    page.get_by_role("region", name="Kaart van de locaties en de spreiding van plaatsen").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and ("De Boog" in focused or "Opvang Velp" in focused)
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    expect(popup).to_contain_text("plaatsen")
    page.keyboard.press("Escape")
    # the same figures as a table
    row = page.get_by_role("table").first.get_by_role("row", name="Rheden")
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("minstens anderhalf keer")
    expect(page.get_by_role("row", name="Opvang Velp")).to_be_visible()

    page.get_by_label("Soort plaats").select_option(label="MO")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert_accessible(page)


def test_municipality_fills_in_its_basistakenpakket(page, live_server, region, rheden):
    org = OrganisationFactory(name="Gemeente Rheden", kind=OrganisationKind.MUNICIPALITY,
                              region=region, municipality=rheden)
    beleid = UserFactory(organisation=org, role=Role.BELEID)
    login(page, live_server, beleid)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Basisinfrastructuur").click()
    expect(page.get_by_role("row", name="Rheden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="(wijzigen)").click()
    assert_accessible(page)
    page.get_by_label("Housing First", exact=True).select_option(label="Aanwezig")
    page.get_by_label("Toelichting bij Housing First").fill("Sinds 2024, 10 woningen")
    page.get_by_label("Een (t)huis om naar terug te keren na opvang", exact=True).select_option(
        label="Niet ingevuld")
    page.get_by_label("Toelichting bij Een (t)huis om naar terug te keren na opvang").fill("x")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").get_by_text("Er is niets opgeslagen")).to_be_visible()
    assert_accessible(page)
    assert not LocalProvision.objects.exists()
    page.get_by_label("Toelichting bij Een (t)huis om naar terug te keren na opvang").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").get_by_text("Basistakenpakket van Rheden opgeslagen")).to_be_visible()
    expect(page.get_by_role("row", name="Housing First").get_by_text("Aanwezig")).to_be_visible()
    assert_accessible(page)
    assert LocalProvision.objects.get().note == "Sinds 2024, 10 woningen"
