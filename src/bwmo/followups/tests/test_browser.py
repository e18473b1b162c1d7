"""The new steps in the browser (issue 7): under regional mandate the consulent waits for the
central access, which decides from its "wacht op besluit" worklist; the consulent registers and
decides a bezwaar and holds a due voortgangsgesprek. axe-core on every page visited."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.followups.models import Bezwaar, Review
from bwmo.journeys import services as journey_services
from bwmo.journeys.models import Beschikking
from bwmo.journeys.tests.conftest import ELIGIBLE_BW
from bwmo.placements import services as placement_services
from bwmo.placements.tests.helpers import build_world, client_of, granted
from bwmo.regions.constants import DecisionMaker, ProductCategory, Track
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory, ProductFactory, ProviderFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_under_mandate_the_ct_decides_from_wacht_op_besluit(
    page, live_server, region, rheden, consulent_rheden
):
    region.decision_maker = DecisionMaker.REGIONAL
    region.save()
    ProductFactory(region=region, code="BW", name="Beschermd wonen", track=Track.BW,
                   category=ProductCategory.BW_INTRAMURAAL)
    provider = ProviderFactory(name="Iriszorg Wonen")
    provider.regions.add(region)
    ct = user_with_role(Role.CT_ADVISEUR, region)
    today = timezone.localdate()
    client = ClientFactory(registration_municipality=rheden, origin_municipality=rheden,
                           given_names="Sem", surname="Visser")
    melding = journey_services.melding_register(
        client=client, acting_user=consulent_rheden, today=today,
        data=journey_services.MeldingData(track="BW", source="clinic",
                                          reported_on=today - timedelta(days=10),
                                          municipality=rheden, origin_municipality=rheden))
    journey_services.melding_record_dates(melding=melding, aanvraag_on=today - timedelta(days=3),
                                          investigation_completed_on=None,
                                          acting_user=consulent_rheden, today=today)
    journey_services.toets_record(melding=melding, answers=journey_services.ToetsAnswers(**ELIGIBLE_BW),
                                  notes="", acting_user=consulent_rheden, today=today)

    # the consulent sees who takes the next step
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/toegang/meldingen/{melding.pk}/")
    panel = page.get_by_role("region", name="Stand van zaken")
    expect(panel.get_by_text("Wacht op besluit centrale toegang").first).to_be_visible()
    expect(panel.get_by_text("De centrale toegang van Centraal Gelderland")).to_be_visible()
    assert page.get_by_role("link", name="Beschikking vastleggen").count() == 0
    assert_accessible(page)
    logout(page)

    # the central access finds it on its worklist and decides
    login(page, live_server, ct)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wacht op besluit").click()
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Sem Visser").click()
    assert_accessible(page)
    page.get_by_role("link", name="Beschikking vastleggen").click()
    page.get_by_label("Uitkomst").select_option("granted")
    page.get_by_label("Product").select_option("BW")
    page.get_by_label("Leveringsvorm").select_option("zin")
    page.get_by_label("Zorgaanbieder").select_option(label="Iriszorg Wonen")
    page.get_by_label("Ingangsdatum").fill(today.isoformat())
    page.get_by_label("Einddatum").fill((today + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Beschikking vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschikking: Sem Visser")
    panel = page.get_by_role("region", name="Stand van zaken")
    expect(panel.get_by_text("Toegekend, nog niet geplaatst")).to_be_visible()
    expect(panel.get_by_role("link", name="Plaatsen")).to_be_visible()
    assert_accessible(page)
    assert Beschikking.objects.get().decided_by == ct
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wacht op besluit").click()
    expect(page.get_by_text("Er wachten geen aanvragen op een besluit.")).to_be_visible()


def test_the_consulent_handles_a_bezwaar_and_a_due_voortgangsgesprek(
    page, live_server, region, consulent_rheden
):
    world = build_world(region, places=2)
    today = timezone.localdate()
    client = client_of(world.rheden, given_names="Lotte", surname="de Boer")
    beschikking = granted(client, world.bw, start=today - timedelta(days=200),
                          end=today + timedelta(days=200))
    beschikking.decided_on = today - timedelta(days=10)
    beschikking.save()
    placement = placement_services.placement_start(
        beschikking=beschikking, location=world.location, start_date=today - timedelta(days=190),
        acting_user=consulent_rheden)

    # bezwaar: registered from the beschikking page and decided
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/toegang/beschikkingen/{beschikking.pk}/")
    expect(page.get_by_role("region", name="Bezwaar").get_by_text("De bezwaartermijn loopt")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bezwaar registreren").click()
    page.get_by_label("Bezwaarschrift ontvangen op").fill(today.isoformat())
    page.get_by_label("Gronden van het bezwaar").fill("De cliënt wil liever zelfstandig wonen.")
    assert_accessible(page)
    page.get_by_role("button", name="Bezwaar registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezwaar: Lotte de Boer")
    assert_accessible(page)
    page.get_by_label("Beslissing op bezwaar op").fill(today.isoformat())
    page.get_by_label("Uitkomst").select_option("unfounded")
    page.get_by_label("Motivering beslissing").fill("Het besluit is zorgvuldig voorbereid.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het bezwaar is bijgewerkt.")).to_be_visible()
    assert_accessible(page)
    assert Bezwaar.objects.get().outcome == "unfounded"

    # the voortgangsgesprek is due (more than six months in care)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vervolgstappen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Voortgangsgesprekken").click()
    expect(page.get_by_role("table").get_by_text("te laat")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek vastleggen voor Lotte de Boer").click()
    page.get_by_label("Gesprek gehouden op").fill(today.isoformat())
    page.get_by_label("Uitkomst").select_option("lighter")
    page.get_by_label("Verslag").fill("Doorstroom naar groepswonen voorbereiden.")
    assert_accessible(page)
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plaatsing van Lotte de Boer")
    expect(page.get_by_text("Doorstroom naar lichtere ondersteuning voorbereiden")).to_be_visible()
    assert_accessible(page)
    assert Review.objects.get().placement == placement
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vervolgstappen").click()
    page.get_by_role("link", name="Bezwaren").click()
    page.get_by_role("link", name="Toon beslist bezwaren").click()
    expect(page.get_by_role("table").get_by_role("link", name="Lotte de Boer")).to_be_visible()
    assert_accessible(page)


def test_ct_as_aanmeldpunt_hands_over_and_the_consulent_arranges_crisisopvang(
    page, live_server, region, consulent_rheden
):
    build_world(region, places=2)
    ct = user_with_role(Role.CT_ADVISEUR, region)
    today = timezone.localdate()

    # the central access registers a client from the clinic, in a region where Rheden decides
    login(page, live_server, ct)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werklijst").click()
    page.get_by_role("link", name="Nieuwe cliënt en melding").click()
    page.get_by_label("Voornamen").fill("Noor")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum").fill("1994-02-11")
    page.get_by_label("BSN", exact=False).first.fill("111222333")
    page.get_by_label("Spoor").select_option("BW")
    page.get_by_label("Bron van de melding").select_option("clinic")
    page.get_by_label("Datum melding").fill(today.isoformat())
    page.get_by_label("Gemeente van melding").select_option(label="Rheden (GM0275)")
    page.get_by_label("Gemeente van herkomst").select_option(label="Rheden (GM0275)")
    page.get_by_role("button", name="Melding registreren").click()
    panel = page.get_by_role("region", name="Stand van zaken")
    expect(panel.get_by_text("overgedragen aan de Wmo-consulent van Rheden")).to_be_visible()
    assert_accessible(page)
    logout(page)

    # the consulent takes over: the toets says crisis first, the client is placed at once
    login(page, live_server, consulent_rheden)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Werklijst").click()
    page.get_by_role("table").get_by_role("link", name="Noor Bakker").click()
    page.get_by_role("link", name="Toegangstoets doen").click()
    for question, answer in (
        ("Nederlandse nationaliteit", "ja"), ("psychiatrische problematiek", "ja"),
        ("24-uurs", "ja"), ("Volstaat ambulante", "nee"), ("acute (crisis)situatie", "ja"),
        ("levenslang", "nee"), ("behandeling", "nee"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer.capitalize(), exact=True).check()
    page.get_by_role("button", name="Toets uitvoeren en vastleggen").click()
    panel = page.get_by_role("region", name="Stand van zaken")
    expect(panel.get_by_text("Eerst crisiszorg").first).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link", name="Crisisopvang regelen").click()
    assert_accessible(page)
    page.get_by_label("Plaats voor de crisisopvang").select_option(index=1)
    page.get_by_label("Waarom het spoedeisend is").fill("Na ontslag uit de kliniek geen veilige plek.")
    page.get_by_role("button", name="Direct opvangen").click()
    expect(page.get_by_text("Het gewone onderzoek loopt door.").first).to_be_visible()
    panel = page.get_by_role("region", name="Stand van zaken")
    expect(panel.get_by_text("Crisisopvang loopt tot en met")).to_be_visible()
    expect(panel.get_by_text("Datum van de aanvraag vastleggen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vervolgstappen").click()
    page.get_by_role("link", name="18-/18+").click()
    assert_accessible(page)
