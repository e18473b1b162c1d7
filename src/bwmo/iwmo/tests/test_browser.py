"""The provider portal in a browser: the provider fetches its WMO301, sends start (305), stop (307)
and a declaratie (323) as files and fetches each retour; a broken file gets a Dutch report. Every
page passes axe-core (WCAG 2.1 A/AA) and the strict CSP."""

from datetime import date
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from bwmo.iwmo import xml
from bwmo.iwmo.models import Bericht, Levering, Prestatie
from bwmo.iwmo.outgoing import export_301
from bwmo.testing.browser import assert_accessible, login

from . import messages as m
from .conftest import AGB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send(page, name: str, content: bytes) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Berichtbestanden (XML)").set_input_files(
        files=[{"name": name, "mimeType": "text/xml", "buffer": content}])
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state()


def test_provider_round_trips_301_305_307_323_in_the_berichtenbox(page, live_server, chain, tmp_path):
    today = timezone.localdate()
    export_301(chain.region, tmp_path, today=today)
    provider = chain.users["provider_own"]

    login(page, live_server, provider)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Berichtenbox iWmo").click()
    expect(page.get_by_role("heading", name="Berichtenbox iWmo")).to_be_visible()
    assert_accessible(page)

    toewijzing = Bericht.objects.get(kind="WMO301")
    row = page.get_by_role("row").filter(has_text="Toewijzing")
    expect(row.get_by_text("nieuw")).to_be_visible()
    with page.expect_download() as download:
        row.get_by_role("link", name=toewijzing.download_name).click()
    content = Path(download.value.path()).read_bytes()
    r = xml.Reader(*xml.parse(content))  # a valid WMO301 (schema-checked on parse)
    assert r.kind == "WMO301"
    nummer = r.int("m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:ToewijzingNummer")

    # a file that is not an iWmo message: a Dutch report, nothing stored
    _send(page, "kapot.xml", b"<niet")
    expect(page.get_by_text("niet verwerkt.").first).to_be_visible()
    expect(page.get_by_text("geen geldige XML")).to_be_visible()
    assert_accessible(page)

    bsn = chain.client.bsn
    steps = [
        ("1-start.xml", m.start_305(agb=AGB, gemeente="0275", bsn=bsn, nummer=nummer,
                                    begindatum=date(2026, 10, 1), ident="B1", day=today), "WMO306"),
        ("2-stop.xml", m.stop_307(agb=AGB, gemeente="0275", bsn=bsn, nummer=nummer,
                                  begindatum=date(2026, 10, 1), einddatum=date(2026, 11, 30),
                                  reden="19", ident="B2", day=today), "WMO308"),
        ("3-declaratie.xml", m.declaratie_323(
            agb=AGB, gemeente="0275", ident="B3", day=today, nummer="DB11",
            periode=(date(2026, 11, 1), date(2026, 11, 30)),
            lines=[{"bsn": bsn, "ref": "RB11", "toewijzing": nummer, "begin": date(2026, 11, 1),
                    "end": date(2026, 11, 30), "volume": 30, "tarief": 15000}]), "WMO325"),
    ]
    for name, message, retour_kind in steps:
        _send(page, name, message)
        result = page.get_by_role("listitem").filter(has_text=name).first
        expect(result).to_contain_text("verwerkt.")
        expect(result).not_to_contain_text("niet verwerkt")
        with page.expect_download() as download:
            result.get_by_role("link", name=f"Retourbericht {retour_kind} ophalen").click()
        assert xml.parse(Path(download.value.path()).read_bytes())[0] == retour_kind
        assert_accessible(page)

    assert Levering.objects.get().einddatum == date(2026, 11, 30)
    assert Prestatie.objects.get().granted
    # the same declaratie again: the retour code for a reused identification, nothing applied twice
    _send(page, "3-declaratie.xml", steps[2][1])
    again = page.get_by_role("listitem").filter(has_text="3-declaratie.xml").first
    expect(again).to_contain_text("niet verwerkt")
    expect(again).to_contain_text("9056")
    assert Prestatie.objects.count() == 1
    assert_accessible(page)
