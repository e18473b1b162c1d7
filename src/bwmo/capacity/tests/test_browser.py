"""A provider changes the places of its location and sees the free places change."""

from datetime import date

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.capacity.models import PlaceCapacity
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.testing.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_updates_capacity_and_sees_the_free_places(page, live_server, region):
    world = build_world(region, places=2)
    Placement.objects.create(client=client_of(world.rheden), location=world.location,
                             product=world.bw, responsible_municipality=world.rheden,
                             start_date=date(2026, 3, 1))
    today = timezone.localdate()

    login(page, live_server, world.provider_user)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert nav.get_by_role("link", name="Capaciteit").count() == 0  # provider: own locations only
    nav.get_by_role("link", name="Mijn locaties").click()
    row = page.get_by_role("row", name="Beschermd wonen")
    expect(row.get_by_role("cell").nth(3)).to_have_text("1")  # free
    assert_accessible(page)

    page.get_by_role("link", name="Huize Velp").click()
    page.get_by_role("link", name="Aantal plaatsen wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Product").select_option(label="Beschermd wonen (BW)")
    page.get_by_label("Aantal plaatsen").fill("-1")
    page.get_by_label("Geldig vanaf").fill(today.isoformat())
    page.get_by_label("Reden van de wijziging").fill("Nieuwe vleugel")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").get_by_text("kan niet negatief zijn")).to_be_visible()
    assert page.get_by_label("Aantal plaatsen").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert PlaceCapacity.objects.count() == 1

    page.get_by_label("Aantal plaatsen").fill("4")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").get_by_text("4 plaatsen voor Beschermd wonen")).to_be_visible()
    places = page.get_by_role("table").first.get_by_role("row", name="Beschermd wonen")
    expect(places.get_by_role("cell").nth(1)).to_have_text("4")
    expect(places.get_by_role("cell").nth(3)).to_have_text("3")  # free: 4 places, 1 occupied
    history = page.get_by_role("row", name="Nieuwe vleugel")
    expect(history).to_be_visible()
    assert_accessible(page)

    nav.get_by_role("link", name="Mijn locaties").click()
    expect(page.get_by_role("row", name="Beschermd wonen").get_by_role("cell").nth(3)).to_have_text("3")


def test_consulent_capacity_overview_is_accessible(page, live_server, region, consulent_rheden):
    build_world(region, places=2)
    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Capaciteit").click()
    expect(page.get_by_role("row", name="Huize Velp")).to_be_visible()
    assert_accessible(page)
