"""A Wmo-consulent searches a client of their municipality, opens it, and cannot open another's."""

import pytest
from playwright.sync_api import expect

from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.testing.browser import assert_accessible, login
from bwmo.testing.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consulent_finds_and_opens_own_client_but_not_another_municipalitys(
    page, live_server, consulent_rheden, rheden, renkum
):
    own = ClientFactory(registration_municipality=rheden, given_names="Sanne", surname="de Vries")
    other = ClientFactory(registration_municipality=renkum, given_names="Sanne", surname="de Groot")

    login(page, live_server, consulent_rheden)
    page.get_by_role("link", name="Cliënten").first.click()
    page.get_by_label("Naam of BSN").fill("Sanne")
    page.get_by_role("button", name="Zoeken").click()

    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Sanne de Vries")).to_be_visible()
    assert results.get_by_role("link", name="Sanne de Groot").count() == 0
    assert_accessible(page)

    results.get_by_role("link", name="Sanne de Vries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sanne de Vries")
    expect(page.get_by_text("******").first).to_be_visible()  # BSN masked
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/clienten/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()

    views = AccessLogEntry.objects.filter(user=consulent_rheden, action=AccessAction.VIEW)
    assert list(views.values_list("client_id", flat=True)) == [own.pk]
    assert not AccessLogEntry.objects.filter(client=other).exclude(action="denied").exists()
