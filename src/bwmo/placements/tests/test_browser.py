"""A Wmo-consulent places a client from the waiting list; every screen passes axe (WCAG 2.1 AA)."""

import re
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.placements import services
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.testing.browser import assert_accessible, login

from .helpers import build_world, client_of, granted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consulent_places_a_client_from_the_waiting_list(page, live_server, region,
                                                         consulent_rheden):
    world = build_world(region, places=1)
    today = timezone.localdate()
    jan = client_of(world.rheden, given_names="Jan", surname="Jansen")
    beschikking = granted(jan, world.bw, start=today - timedelta(days=20),
                          end=today + timedelta(days=300))
    services.waiting_list_add(beschikking=beschikking, entered_on=today - timedelta(days=16),
                              acting_user=consulent_rheden, today=today)

    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wachtlijst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtlijst")
    row = page.get_by_role("row", name="Jan Jansen")
    expect(row.get_by_text("2 weken en 2 dagen")).to_be_visible()
    assert_accessible(page)

    row.get_by_role("link", name=re.compile(r"^Plaatsen\s+Jan Jansen$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsen vanaf de wachtlijst")
    assert_accessible(page)
    choice = page.get_by_role("group", name="Locatie").get_by_role("row", name="Huize Velp")
    expect(choice.get_by_role("cell").nth(4)).to_have_text("1")  # free places now
    choice.get_by_label("Huize Velp").check()
    page.get_by_label("Start zorg").fill(today.isoformat())
    page.get_by_label("Perspectief op zelfstandig wonen").check()
    page.get_by_role("button", name="Plaatsen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsing van Jan Jansen")
    expect(page.get_by_role("status").get_by_text("is geplaatst bij Huize Velp")).to_be_visible()
    assert_accessible(page)
    placement = Placement.objects.get(client=jan)
    assert placement.perspective_independent
    assert WaitingListEntry.objects.get(client=jan).removal_reason == "placed"

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wachtlijst").click()
    expect(page.get_by_text("Er staat niemand op de wachtlijst")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Capaciteit").click()
    overview = page.get_by_role("row", name="Huize Velp")
    expect(overview.get_by_text("vol")).to_be_visible()
    assert_accessible(page)


def test_a_second_consulent_gets_a_clear_message_when_the_place_is_gone(
    page, live_server, region, consulent_rheden
):
    world = build_world(region, places=1)
    today = timezone.localdate()
    piet = client_of(world.rheden, given_names="Piet", surname="Peters")
    beschikking = granted(piet, world.bw, start=today - timedelta(days=5),
                          end=today + timedelta(days=300))

    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/plaatsing/beschikking/{beschikking.pk}/plaatsen/")
    page.get_by_role("group", name="Locatie").get_by_role("radio").first.check()
    page.get_by_label("Start zorg").fill(today.isoformat())
    other = client_of(world.rheden)  # meanwhile a colleague fills the last place
    services.placement_start(beschikking=granted(other, world.bw, start=today), location=world.location,
                             start_date=today, acting_user=consulent_rheden)
    page.get_by_role("button", name="Plaatsen").click()

    alert = page.get_by_role("alert")
    expect(alert.get_by_text("Er is geen vrije plaats")).to_be_visible()
    expect(alert.get_by_text("Er is niets opgeslagen")).to_be_visible()
    assert_accessible(page)
    assert not Placement.objects.filter(client=piet).exists()


def test_signals_and_spreading_screens_are_accessible(page, live_server, region, consulent_rheden):
    world = build_world(region, places=2)
    today = timezone.localdate()
    jan = client_of(world.rheden, given_names="Jan", surname="Jansen")
    services.placement_start(
        beschikking=granted(jan, world.bw, start=today - timedelta(days=60),
                            end=today + timedelta(days=10)),
        location=world.location, start_date=today - timedelta(days=50),
        perspective_independent=True, acting_user=consulent_rheden,
    )
    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Signalen").click()
    expect(page.get_by_role("row", name="Jan Jansen")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Spreiding").click()
    expect(page.get_by_role("img", name="Staafdiagram plaatsen per 10.000 inwoners")).to_be_visible()
    expect(page.get_by_role("row", name="Rheden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Plaatsingen").click()
    expect(page.get_by_role("link", name="Jan Jansen")).to_be_visible()
    assert_accessible(page)
