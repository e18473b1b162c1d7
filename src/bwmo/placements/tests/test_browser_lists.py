"""Lists that page, sort and export; the ontvangstbevestiging; the Beheer link. axe on each page."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.journeys.models import Melding
from bwmo.placements.models import Placement
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import user_with_role

from .helpers import build_world, client_of, granted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consulent_sorts_filters_and_finds_the_export(page, live_server, region,
                                                      consulent_rheden):
    world = build_world(region, places=10)
    today = timezone.localdate()
    for surname in ("Aalbers", "Zuidema", "Mulder"):
        person = client_of(world.rheden, given_names="Kees", surname=surname)
        beschikking = granted(person, world.bw, start=today - timedelta(days=20), end=None)
        Placement.objects.create(client=person, beschikking=beschikking, location=world.location,
                                 product=world.bw, responsible_municipality=world.rheden,
                                 start_date=today - timedelta(days=10))

    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Plaatsingen").click()
    expect(page.get_by_text("3 resultaten")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("columnheader").filter(has_text="Cliënt").get_by_role("link").click()
    expect(page).to_have_url(re.compile("sortering=-client"))
    header = page.get_by_role("columnheader").filter(has_text="Cliënt")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.locator("tbody tr td:first-child")).to_have_text(["Kees Zuidema", "Kees Mulder", "Kees Aalbers"])
    assert_accessible(page)

    page.get_by_label("Naam cliënt").fill("Mul")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="Excel-bestand")).to_be_visible()
    expect(page.get_by_role("link", name="CSV-bestand")).to_be_visible()
    assert_accessible(page)


def test_consulent_prints_the_ontvangstbevestiging(page, live_server, region, consulent_rheden):
    world = build_world(region)
    person = client_of(world.rheden, given_names="Anna", surname="de Vries")
    melding = Melding.objects.create(client=person, track="BW", source="huisarts",
                                     reported_on=timezone.localdate(), municipality=world.rheden)
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/toegang/meldingen/{melding.pk}/")
    page.get_by_role("link", name="Ontvangstbevestiging maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape("Brief: ontvangstbevestiging")))
    expect(page.get_by_text("Geen postadres bekend")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als pdf (A4)").click()
    assert download.value.suggested_filename.startswith("ontvangstbevestiging-")

    page.goto(f"{live_server.url}/toegang/besluiten/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_functioneel_beheer_reaches_the_admin_through_the_menu(page, live_server, region):
    user = user_with_role(Role.FUNCTIONEEL_BEHEER, region)
    user.is_staff = True
    user.save()
    login(page, live_server, user)
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    expect(page).to_have_url(re.compile("/beheer/"))
    assert "bwmo beheer" in page.title()  # admin.site.site_title, in Dutch
