"""The whole klantreis in the browser: melding → advice → toets → beschikking → the client is on
the responsible municipality's list, and a consulent of another municipality cannot open it.
Every main screen is checked with axe-core (WCAG 2.1 AA)."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.constants import EventKind
from bwmo.clients.models import ClientEvent
from bwmo.journeys.models import Beschikking, Melding
from bwmo.regions.constants import ProductCategory, Track
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ProductFactory, ProviderFactory, consulent_for, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_melding_to_beschikking_and_the_responsible_municipalitys_list(
    page, live_server, region, consulent_rheden, consulent_renkum, rheden, renkum
):
    ProductFactory(region=region, code="BW", name="Beschermd wonen", track=Track.BW,
                   category=ProductCategory.BW_INTRAMURAAL)
    provider = ProviderFactory(name="Iriszorg Wonen")
    provider.regions.add(region)
    ct = user_with_role(Role.CT_ADVISEUR, region)
    consulent_arnhem = consulent_for(region.centrumgemeente, username="consulent.arnhem")
    today = timezone.localdate()
    reported = today - timedelta(days=3)

    # 1. Melding: a new client, reported at Rheden, who lived in Renkum
    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werklijst").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe cliënt en melding").click()
    page.get_by_label("Voornamen").fill("Sem")
    page.get_by_label("Achternaam").fill("Visser")
    page.get_by_label("Geboortedatum").fill("1996-08-14")
    page.get_by_label("BSN", exact=False).first.fill("111222333")
    page.get_by_label("Spoor").select_option("BW")
    page.get_by_label("Bron van de melding").select_option("clinic")
    page.get_by_label("Datum melding").fill(reported.isoformat())
    page.get_by_label("Gemeente van melding").select_option(label="Rheden (GM0275)")
    page.get_by_label("Gemeente van herkomst").select_option(label="Renkum (GM0274)")
    page.get_by_label("Hulpvraag en problematiek").fill("Na opname in de kliniek geen woonplek.")
    assert_accessible(page)
    page.get_by_role("button", name="Melding registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding beschermd wonen: Sem Visser")
    expect(page.get_by_text("Nieuwe cliënt: gemeente van herkomst").first).to_be_visible()
    assert page.get_by_text("new_client_origin").count() == 0
    assert_accessible(page)
    melding = Melding.objects.get()

    # 2. Advice asked by the consulent …
    page.get_by_role("link", name="Advies vragen aan de centrale toegang").click()
    page.get_by_label("Vraag aan de centrale toegang").fill("Is beschermd wonen passend na de kliniek?")
    page.get_by_role("button", name="Adviesvraag versturen").click()
    expect(page.get_by_text("nog geen advies")).to_be_visible()
    logout(page)

    # … and given by the central access
    login(page, live_server, ct)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adviesvragen").click()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Sem Visser").click()
    page.get_by_role("textbox", name="Advies (verplicht)").fill("Beschermd wonen")
    page.get_by_label("Onderbouwing").fill("Na de opname is dag en nacht toezicht nodig; ambulant "
                                          "is eerder mislukt.")
    assert_accessible(page)
    page.get_by_role("button", name="Advies vastleggen").click()
    expect(page.get_by_text("Er zijn geen open adviesvragen.")).to_be_visible()
    logout(page)

    # 3. Aanvraag and toets by the consulent
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/toegang/meldingen/{melding.pk}/")
    expect(page.get_by_text("ambulant is eerder mislukt")).to_be_visible()
    page.get_by_role("link", name="Datum aanvraag en afronding onderzoek vastleggen").click()
    page.get_by_label("Datum aanvraag").fill(reported.isoformat())
    page.get_by_label("Onderzoek afgerond op").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Datums opslaan").click()
    page.get_by_role("link", name="Toegangstoets doen").click()
    for question, answer in (
        ("Nederlandse nationaliteit", "ja"), ("psychiatrische problematiek", "ja"),
        ("24-uurs", "ja"), ("Volstaat ambulante", "nee"), ("acute (crisis)situatie", "nee"),
        ("levenslang", "nee"), ("behandeling", "nee"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer.capitalize(), exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Toets uitvoeren en vastleggen").click()
    expect(page.get_by_text("Voldoet aan alle criteria voor beschermd wonen").first).to_be_visible()
    assert_accessible(page)

    # 4. Beschikking
    page.get_by_role("link", name="Beschikking vastleggen").click()
    page.get_by_label("Uitkomst").select_option("granted")
    page.get_by_label("Product").select_option("BW")
    page.get_by_label("Leveringsvorm").select_option("zin")
    page.get_by_label("Zorgaanbieder").select_option(label="Iriszorg Wonen")
    page.get_by_label("Ingangsdatum").fill(today.isoformat())
    page.get_by_label("Einddatum").fill((today + timedelta(days=365)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Beschikking vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschikking: Sem Visser")
    expect(page.get_by_text("Renkum (GM0274)").first).to_be_visible()
    expect(page.get_by_text("Nieuwe cliënt: gemeente van herkomst").first).to_be_visible()
    assert page.get_by_text("new_client_origin").count() == 0
    assert_accessible(page)
    beschikking = Beschikking.objects.get()
    assert beschikking.responsible_municipality == renkum

    page.get_by_role("link", name="Brief bekijken en afdrukken").click()
    expect(page.get_by_text("U kunt binnen zes weken bezwaar maken")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als pdf (A4)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert AccessLogEntry.objects.filter(action=AccessAction.PRINT,
                                         client=beschikking.client).count() == 1
    assert ClientEvent.objects.filter(kind=EventKind.PRINTED, client=beschikking.client).exists()
    logout(page)

    # 5. The responsible municipality (Renkum) has the client on its list
    login(page, live_server, consulent_renkum)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werklijst").click()
    page.get_by_role("link", name="Besluiten en cliënten in zorg").click()
    expect(page.get_by_role("table").get_by_role("link", name="Sem Visser")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Sem Visser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschikking: Sem Visser")
    logout(page)

    # 6. A consulent of another municipality (Arnhem) cannot open it
    login(page, live_server, consulent_arnhem)
    for path in (f"/toegang/meldingen/{melding.pk}/", f"/toegang/beschikkingen/{beschikking.pk}/",
                 f"/clienten/{beschikking.client_id}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
    assert not AccessLogEntry.objects.filter(user=consulent_arnhem, client=beschikking.client
                                             ).exclude(action="denied").exists()
