"""A consulent finds a double registration, merges it, and undoes the merge — in the browser."""

import pytest
from playwright.sync_api import expect

from bwmo.clients.models import Client, ClientMerge
from bwmo.journeys.models import Melding
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consulent_merges_a_double_registration_and_undoes_it(
    page, live_server, consulent_rheden, rheden
):
    with_bsn = ClientFactory(registration_municipality=rheden, given_names="Mohammed",
                             surname="Amrani", surname_prefix="El")
    without = ClientFactory(registration_municipality=rheden, given_names="Mohamed",
                            surname="el Amrani", bsn_encrypted="", bsn_index=None,
                            no_bsn_reason="not_registered", date_of_birth=with_bsn.date_of_birth)
    melding = Melding.objects.create(client=without, track="MO", source="self",
                                     reported_on=without.date_of_birth.replace(year=2026),
                                     municipality=rheden)

    login(page, live_server, consulent_rheden)
    page.get_by_role("link", name="Cliënten").first.click()
    page.get_by_role("link", name="Mogelijke dubbele registraties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mogelijke dubbele registraties")
    expect(page.get_by_text("zelfde achternaam (na weglaten van tussenvoegsels")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Vergelijken").click()
    expect(page.get_by_role("heading", name="Naast elkaar")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mohammed El Amrani").check()
    page.get_by_role("button", name="Dossiers samenvoegen").click()
    expect(page.get_by_text("Bevestig dat u hebt gecontroleerd").first).to_be_visible()  # not confirmed
    assert not ClientMerge.objects.exists()
    page.get_by_label("Ik heb gecontroleerd").check()
    page.get_by_role("button", name="Dossiers samenvoegen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed El Amrani")
    expect(page.get_by_role("heading", name="Samengevoegde dossiers")).to_be_visible()
    assert_accessible(page)
    melding.refresh_from_db()
    assert melding.client == with_bsn

    page.get_by_role("link", name="Samenvoeging ongedaan maken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Samenvoeging ongedaan maken").click()
    expect(page.get_by_text("staat weer op zichzelf")).to_be_visible()
    melding.refresh_from_db()
    assert melding.client == without
    assert Client.objects.get(pk=without.pk).merged_into is None
