"""Registering a person who is likely already registered: the warning, by keyboard, with axe."""

import re

import pytest
from playwright.sync_api import expect

from bwmo.clients.models import Client
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_registration_form_warns_about_a_likely_duplicate(page, live_server, rheden,
                                                             consulent_rheden):
    ClientFactory(given_names="Kees", surname="Dam", date_of_birth="1987-02-14",
                  registration_municipality=rheden, responsible_municipality=rheden,
                  bsn_encrypted="", bsn_index=None, no_bsn_reason="not_registered")
    login(page, live_server, consulent_rheden)
    page.goto(f"{live_server.url}/clienten/nieuw/")
    page.get_by_label("Voornamen").fill("Kees")
    page.get_by_label("Achternaam").fill("Dam")
    page.get_by_label("Geboortedatum").fill("1987-02-14")
    page.get_by_label("BSN", exact=True).fill("111222333")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Deze persoon staat misschien al geregistreerd")).to_be_visible()
    assert Client.objects.count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Toch als nieuwe cliënt registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape("Kees Dam")))
    assert Client.objects.count() == 2
