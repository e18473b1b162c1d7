"""A consulent records an opschorting and the verdaging on a melding in the browser; the due
dates on the melding move. axe-core on every page visited."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.audit.models import AccessLogEntry
from bwmo.journeys.models import DeadlineSuspension, Melding
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consulent_suspends_and_extends_the_terms_of_a_melding(
    page, live_server, consulent_rheden, rheden
):
    today = timezone.localdate()
    reported = today - timedelta(days=10)
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden)
    melding = Melding.objects.create(client=client, track="BW", source="huisarts",
                                     reported_on=reported, municipality=rheden,
                                     origin_municipality=rheden)
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/toegang/meldingen/{melding.pk}/")
    assert_accessible(page)

    page.get_by_role("link", name="Termijn opschorten of opschorting beëindigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Termijn opschorten")
    assert_accessible(page)
    start, end = reported + timedelta(days=2), reported + timedelta(days=5)
    page.get_by_label("Opgeschort vanaf").fill(start.isoformat())
    page.get_by_label("Opgeschort tot en met").fill(end.isoformat())
    page.get_by_label("Reden").fill("Wachten op het verslag van de huisarts.")
    page.get_by_role("button", name="Opschorting opslaan").click()
    expect(page.get_by_text("De opschorting is vastgelegd.")).to_be_visible()
    expect(page.get_by_text(f"Opgeschort (Awb 4:15) van {start:%d-%m-%Y}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Termijn verdagen").click()
    assert_accessible(page)
    page.get_by_label("Verdaging in dagen").fill("0")
    page.get_by_label("Reden").fill("Het advies van de centrale toegang volgt later.")
    page.get_by_role("button", name="Verdaging opslaan").click()
    expect(page.get_by_text("Er is iets niet goed ingevuld")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Verdaging in dagen").fill("14")
    page.get_by_role("button", name="Verdaging opslaan").click()
    expect(page.get_by_text("De verdaging is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("met 14 dagen")).to_be_visible()
    assert page.get_by_role("link", name="Termijn verdagen").count() == 0
    assert_accessible(page)

    melding.refresh_from_db()
    assert melding.extension_days == 14
    assert DeadlineSuspension.objects.get(melding=melding).end == end
    assert AccessLogEntry.objects.filter(client=client, detail__contains="verdaging").exists()
