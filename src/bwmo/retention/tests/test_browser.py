"""The privacy officer approves a destruction and places a legal hold, in the browser; the
central access reviews a double BSN. axe on every page, and the CSP check of the harness."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.clients.models import DuplicateReferral
from bwmo.retention.constants import ItemStatus
from bwmo.retention.models import DestructionItem, LegalHold
from bwmo.retention.services import destruction_propose
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory, MunicipalityFactory, RegionFactory, user_with_role

from .test_destruction import DUE_ON, _refused_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_officer_approves_a_destruction_and_places_a_hold(page, live_server, region,
                                                                   rheden):
    due = _refused_client(region, rheden)
    other = _refused_client(region, rheden, date_of_birth=date(1971, 2, 3))
    with time_machine.travel(DUE_ON, tick=False):
        destruction_propose(today=DUE_ON)
    officer = user_with_role(Role.PRIVACY_OFFICER, region)
    login(page, live_server, officer)
    counters = page.get_by_role("list", name="Wat aandacht vraagt")
    expect(counters).to_contain_text("2 Voorstellen tot vernietiging te beoordelen")
    assert_accessible(page)
    counters.get_by_role("link", name="Voorstellen tot vernietiging te beoordelen").click()
    page.get_by_role("heading", name="Bewaartermijnen en vernietiging").wait_for()
    assert_accessible(page)

    first = page.locator("section", has=page.get_by_role(
        "heading", name=f"Cliënt {due.pk}: {due.full_name}"))
    first.get_by_label("Goedkeuren: vernietigen bij de volgende run").check()
    first.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Goedgekeurd: de gegevens worden bij de volgende run vernietigd.").wait_for()
    assert DestructionItem.objects.get(client=due).status == ItemStatus.APPROVED
    assert_accessible(page)

    page.get_by_role("button", name="Bewaarplicht instellen").click()  # empty: refused
    page.get_by_text("Er is iets niet goed ingevuld. Er is niets opgeslagen.").wait_for()
    assert_accessible(page)
    page.get_by_label("Cliëntnummer").first.fill(str(other.pk))
    page.get_by_label("Reden van de bewaarplicht").fill("Beroep bij de rechtbank, AWB 25/123")
    page.get_by_role("button", name="Bewaarplicht instellen").click()
    page.get_by_text(f"Bewaarplicht ingesteld voor cliënt {other.pk}.").wait_for()
    assert LegalHold.objects.get().client == other
    assert DestructionItem.objects.get(client=other).status == ItemStatus.LAPSED
    assert_accessible(page)


def test_central_access_reviews_a_double_bsn(page, live_server, region, rheden, consulent_rheden):
    elsewhere = RegionFactory(centrumgemeente=MunicipalityFactory(code="GM0193", name="Zwolle"))
    existing = ClientFactory(registration_municipality=elsewhere.centrumgemeente)
    new = ClientFactory(registration_municipality=rheden, given_names="Sanne", surname="Visser")
    DuplicateReferral.objects.create(new_client=new, existing_client=existing, region=region,
                                     referred_by=consulent_rheden)
    login(page, live_server, user_with_role(Role.CT_ADVISEUR, region))
    page.get_by_role("link", name="Dubbel BSN").first.click()
    page.get_by_role("heading", name="Dubbel BSN beoordelen").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"Sanne Visser ({new.pk})").click()
    page.get_by_role("button", name="Afhandelen").click()
    page.get_by_text("Kies de uitkomst van de beoordeling.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Zelfde persoon, dossier elders").check()
    page.get_by_label("Toelichting").fill("Afgestemd met Zwolle")
    page.get_by_role("button", name="Afhandelen").click()
    page.get_by_text("De doorverwijzing is afgehandeld.").wait_for()
    assert DuplicateReferral.objects.get().outcome == "other_registration"
    assert_accessible(page)
