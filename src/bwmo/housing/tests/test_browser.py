"""The whole outflow in the browser (issue 10): the provider registers an uitstromer → the
association offers a dwelling → the transfer point runs the matching → the uitstroomtafel confirms
→ the association accepts → the provider registers the outflow → three months later the 3-month
aftercare check is due. axe-core on every page visited."""

from datetime import datetime, time, timedelta

from django.utils import timezone

import pytest
import time_machine
from playwright.sync_api import expect

from bwmo.housing.models import Aftercare, Proposal
from bwmo.testing.browser import assert_accessible, login

from .helpers import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def menu(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_from_uitstromer_to_the_3_month_aftercare_check(page, live_server, region):
    world = build_world(region)
    today = timezone.localdate()
    placement = world.placement(given_names="Noor", surname="de Wit")
    name = "Noor de Wit"

    # 1. the provider registers the uitstromer
    login(page, live_server, world.provider_user)
    menu(page, "Uitstromers")
    assert_accessible(page)
    page.get_by_role("link", name=f"{name} aanmelden").click()
    page.get_by_label("Klaar voor uitstroom per").fill(today.isoformat())
    page.get_by_label("Huishoudgrootte (personen)").fill("1")
    page.get_by_label("Maximale huur per maand (€)").fill("675,00")
    page.get_by_label("Begane grond of lift").check()
    page.get_by_label("Ondersteuning na uitstroom").fill("Ambulante begeleiding 3 uur per week.")
    page.get_by_label("Ingeschreven als woningzoekende op").fill((today - timedelta(days=200)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelden bij transferpunt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uitstromer: {name}")
    assert_accessible(page)
    logout(page)

    # 2. the association offers a dwelling, first with a malformed rent
    login(page, live_server, world.association_user)
    menu(page, "Woningaanbod")
    assert_accessible(page)
    page.get_by_role("link", name="Woning aanbieden").click()
    page.get_by_label("Buurt (CBS)").select_option(label="Velp-Noord (BU02750101), Rheden")
    page.get_by_label("Adres").fill("Hoofdstraat 12, Velp")
    page.get_by_label("Kamers").fill("2")
    page.get_by_label("Maximale huishoudgrootte").fill("2")
    page.get_by_label("Kale huur per maand (€)").fill("veel")
    page.get_by_label("Begane grond of lift").check()
    page.get_by_label("Beschikbaar per").fill(today.isoformat())
    page.get_by_role("button", name="Woning aanbieden").click()
    expect(page.get_by_text("Vul een bedrag in, bijvoorbeeld 650,00.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kale huur per maand (€)").fill("612,40")
    page.get_by_role("button", name="Woning aanbieden").click()
    expect(page.get_by_role("cell", name="Hoofdstraat 12, Velp", exact=True)).to_be_visible()
    logout(page)

    # 3. the transfer point runs the matching
    login(page, live_server, world.transfer_point)
    menu(page, "Matching")
    assert_accessible(page)
    page.get_by_role("button", name="Matching uitvoeren").click()
    # the run is a background job (bwmo.jobs); its page reaches "klaar" and links to the result
    expect(page.get_by_role("heading", level=1)).to_have_text("Matchingsronde transferpunt")
    expect(page.get_by_role("heading", name="Status: klaar")).to_be_visible()
    expect(page.get_by_text("1 van 1 uitstromers voorgesteld")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Naar de voorstellen van deze ronde").click()
    page.wait_for_load_state()
    proposal = Proposal.objects.get()
    expect(page.get_by_role("cell", name=proposal.explanation)).to_be_visible()
    assert_accessible(page)

    # 4. the uitstroomtafel confirms
    menu(page, "Uitstroomtafel")
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name=name).click()
    page.get_by_label("Bevestigen").check()
    page.get_by_label("Reden").fill("Woning begane grond, begeleiding door de eigen aanbieder geregeld.")
    assert_accessible(page)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Er wachten geen voorstellen op de uitstroomtafel.")).to_be_visible()
    logout(page)

    # 5. the association accepts the confirmed candidate
    login(page, live_server, world.association_user)
    menu(page, "Kandidaten")
    assert_accessible(page)
    page.get_by_role("link", name=name).click()
    expect(page.get_by_label("Accepteren")).to_be_visible()
    expect(page.get_by_text("Ambulante begeleiding")).to_have_count(0)  # no care information
    page.get_by_label("Accepteren").check()
    assert_accessible(page)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("cell", name="Geaccepteerd door corporatie, wacht op uitstroom")).to_be_visible()
    logout(page)

    # 6. the provider registers the outflow
    login(page, live_server, world.provider_user)
    menu(page, "Uitstromers")
    page.get_by_role("link", name=name).click()
    page.get_by_role("link", name="Uitstroom registreren").click()
    page.get_by_label("Verhuisdatum (eerste dag in de woning)").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Uitstroom registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nazorg: {name}")
    assert_accessible(page)
    placement.refresh_from_db()
    assert placement.end_date == today - timedelta(days=1)
    assert placement.outflow_destination == "independent_housing"
    logout(page)

    # 7. three months later the 3-month check is due
    later = today + timedelta(days=92)
    with time_machine.travel(timezone.make_aware(datetime.combine(later, time(10))), tick=True):
        login(page, live_server, world.transfer_point)
        menu(page, "Nazorg")
        assert_accessible(page)
        due = page.get_by_role("listitem").filter(has_text=name)
        expect(due.first).to_contain_text("3 maanden")
        due.first.get_by_role("link", name=name).click()
        page.get_by_label("Moment").select_option(label="3 maanden")
        page.get_by_label("Uitkomst").select_option(label="Gaat goed")
        with page.expect_navigation():
            page.get_by_role("button", name="Check vastleggen").click()
        assert Aftercare.objects.get().checks.filter(moment=3).exists()
        assert_accessible(page)
