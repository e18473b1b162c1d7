"""Functioneel beheer takes over a register in the browser: a file with a problem first, then the
corrected file through dry run and import. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from bwmo.accounts.constants import Role
from bwmo.clients.models import Client
from bwmo.placements.tests.helpers import build_world
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import user_with_role

from .test_import import HEADER, _one_row, sound_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, name: str, content: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Register (CSV of Excel)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}])
    page.get_by_role("button", name="Proefimport").click()
    page.wait_for_load_state()


def test_functioneel_beheer_takes_over_a_register(page, live_server, region):
    build_world(region)
    login(page, live_server, user_with_role(Role.FUNCTIONEEL_BEHEER, region))
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Register overnemen").click()
    expect(page.get_by_role("heading", name="Register overnemen")).to_be_visible()
    assert_accessible(page)

    _check(page, "fout.csv", "\n".join([HEADER, _one_row(product="XYZ")]))
    expect(page.get_by_role("row", name="2").get_by_text("product 'XYZ' is geen product")).to_be_visible()
    expect(page.get_by_text("Er is niets overgenomen.")).to_be_visible()
    assert page.get_by_role("button", name="rijen overnemen").count() == 0
    assert_accessible(page)

    _check(page, "register.csv", sound_file())
    expect(page.get_by_text("3 rijen, waarvan 0 met een probleem.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="BS-2021-014").get_by_text("(doorstroom)")).to_be_visible()
    assert_accessible(page)
    assert not Client.objects.exists()

    page.get_by_role("button", name="Alle 3 rijen overnemen").click()
    # the import runs as a background job (bwmo.jobs): its page reaches "klaar" and links back
    expect(page.get_by_role("heading", name="Status: klaar")).to_be_visible()
    expect(page.get_by_text("Het register is overgenomen: 3 beschikkingen van 2 cliënten.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Naar de overname van het register").click()
    page.wait_for_load_state()
    expect(page.get_by_role("row").filter(has_text="register.csv")).to_be_visible()
    assert_accessible(page)
    assert Client.objects.count() == 2
