"""A consulent completes a dossier in the browser: briefadres, budget holder, a gespreksverslag and
an onderzoeksverslag (PDF), and downloads it; then takes the melding on and finds it in "Mijn
zaken" and on the home page. axe-core runs on every page visited."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import ClientDocument
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.scenario import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_consulent_completes_the_dossier_and_takes_on_the_melding(page, live_server, region, tmp_path):
    scenario = build_scenario(region)
    client = scenario.client
    consulent = scenario.users["consulent_own"]
    login(page, live_server, consulent)

    page.goto(f"{live_server.url}/clienten/{client.pk}/")
    nav = page.get_by_role("navigation", name="Onderdelen van het dossier")
    for label in ("Persoon", "Vertegenwoordiging", "Meldingen en beschikkingen", "Documenten",
                  "Notities", "Historie", "Bewaartermijn"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    nav.get_by_role("link", name="Bewaartermijn").click()
    retention = page.get_by_role("region", name="Bewaartermijn")
    expect(retention).to_contain_text("Er loopt nog een zaak of voorziening")
    expect(retention.get_by_role("table")).to_contain_text("Melding van")
    assert_accessible(page)

    # Address: first a wrong postcode (all errors at once, focus on the summary), then right
    page.get_by_role("link", name="Adres en contact wijzigen").click()
    page.get_by_label("Briefadres (postadres, geen woonadres)").check()
    page.get_by_label("Per adres (p/a)").fill("Stichting Nachtopvang")
    page.get_by_label("Postcode").fill("68")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "formulierfouten"
    expect(page.get_by_role("alert")).to_contain_text("Vul de straat in")
    expect(page.get_by_role("alert")).to_contain_text("Nederlandse postcode")
    assert_accessible(page)
    page.get_by_label("Straat").fill("Stationsplein")
    page.get_by_label("Huisnummer en toevoeging").fill("12")
    page.get_by_label("Postcode").fill("6811 ab")
    page.get_by_label("Woonplaats").fill("Arnhem")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("p/a Stichting Nachtopvang")).to_be_visible()
    expect(page.get_by_text("6811 AB").first).to_be_visible()

    # Budget holder
    page.get_by_role("link", name="Vertegenwoordiger of contactpersoon toevoegen").click()
    page.get_by_label("Rol").select_option(label="Beschermingsbewindvoerder")
    page.get_by_label("Naam").fill("Bewind B.V.")
    page.get_by_role("group", name="Is deze persoon de budgethouder van het pgb?").get_by_label("Ja").check()
    page.get_by_label("Telefoonnummer").fill("026 1234567")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("budgethouder pgb")).to_be_visible()

    # Gespreksverslag
    page.get_by_role("link", name="Notitie schrijven").click()
    page.get_by_label("Onderwerp").fill("Eerste gesprek")
    page.locator("#id_text").fill("Cliënt slaapt sinds maart bij vrienden.")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Gespreksverslag: Eerste gesprek")).to_be_visible()

    # Onderzoeksverslag as PDF; a renamed program is refused first
    fake = tmp_path / "verslag.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    real = tmp_path / "onderzoek.pdf"
    real.write_bytes(PDF)
    page.get_by_role("link", name="Document toevoegen").click()
    page.get_by_label("Soort document").select_option(label="Onderzoeksverslag")
    page.get_by_label("Titel").fill("Onderzoeksverslag september")
    page.get_by_label("Bestand").set_input_files(str(fake))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Dit bestandstype kan niet")
    assert_accessible(page)
    page.get_by_label("Bestand").set_input_files(str(real))
    page.get_by_role("button", name="Opslaan").click()
    link = page.get_by_role("link", name="Onderzoeksverslag september downloaden")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert ClientDocument.objects.count() == 1
    assert AccessLogEntry.objects.filter(
        user=consulent, client=client, detail="Document gedownload: Onderzoeksverslag september"
    ).count() == 1

    # Case owner
    page.goto(f"{live_server.url}/toegang/meldingen/{scenario.melding.pk}/")
    page.get_by_role("button", name="Zelf in behandeling nemen").click()
    expect(page.get_by_text("behandelt deze melding").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mijn zaken").first.click()
    expect(page.get_by_role("link", name=client.full_name)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start").first.click()
    expect(page.get_by_role("list", name="Wat aandacht vraagt")).to_be_visible()
    assert_accessible(page)
