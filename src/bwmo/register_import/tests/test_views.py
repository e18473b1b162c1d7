"""The screen: functioneel beheer of the region uploads, sees the dry run per row, then imports;
every other role gets 404 for GET and POST and changes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client
from bwmo.placements.tests.helpers import build_world
from bwmo.register_import.models import RegisterImport
from bwmo.testing.scenario import build_scenario

from .test_import import HEADER, _one_row, sound_file

pytestmark = pytest.mark.django_db
URL = reverse("register_import:import")


def _upload(content: str, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


@pytest.fixture
def scenario(region):  # type: ignore[no-untyped-def]
    s = build_scenario(region)
    build_world(region)
    return s


def test_dry_run_then_import_on_the_screen(client, scenario):
    beheer = scenario.users["functioneel_beheer"]
    client.force_login(beheer)
    before = Client.objects.count()

    page = client.post(URL, {"file": _upload(sound_file())})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Uitkomst van de proefimport" in html and "3 rijen, waarvan 0 met een probleem" in html
    assert "plaatsing bij Huize Velp (doorstroom)" in html
    assert "Jansen" not in html  # no names on the screen
    assert Client.objects.count() == before
    checksum = page.context["checksum"]
    assert checksum

    done = client.post(URL, {"stap": "importeren", "controle": checksum}, follow=True)

    assert "Het register is overgenomen: 3 beschikkingen van 2 cliënten." in done.content.decode()
    assert Client.objects.count() == before + 2
    run = RegisterImport.objects.get()
    assert run.imported_by == beheer
    assert AccessLogEntry.objects.filter(user=beheer, object_type="overname register").count() == 2
    # the session no longer holds the file: a second confirm imports nothing
    again = client.post(URL, {"stap": "importeren", "controle": checksum}, follow=True)
    assert "doe eerst de proefimport" in again.content.decode()
    assert RegisterImport.objects.count() == 1


def test_a_file_with_a_problem_offers_no_import(client, scenario):
    client.force_login(scenario.users["functioneel_beheer"])

    page = client.post(URL, {"file": _upload("\n".join([HEADER, _one_row(product="XYZ")]))})

    html = page.content.decode()
    assert "product &#x27;XYZ&#x27; is geen product van regio" in html
    assert "Er is niets overgenomen." in html and "rijen overnemen" not in html
    assert page.context["checksum"] == ""


def test_a_wrong_kind_of_file_is_a_form_error(client, scenario):
    client.force_login(scenario.users["functioneel_beheer"])
    page = client.post(URL, {"file": _upload("x", name="register.pdf")})
    assert "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)." in page.content.decode()


@pytest.mark.parametrize("user_key", sorted(set(
    ["consulent_own", "consulent_other", "ct_adviseur", "provider_own", "provider_other",
     "woningcorporatie", "beleid", "privacy_officer"])))
def test_other_roles_get_404_and_change_nothing(client, scenario, user_key):
    client.force_login(scenario.users[user_key])
    before = (Client.objects.count(), AccessLogEntry.objects.count())

    assert client.get(URL).status_code == 404
    assert client.post(URL, {"file": _upload(sound_file())}).status_code == 404
    assert client.post(URL, {"stap": "importeren", "controle": "x"}).status_code == 404

    assert (Client.objects.count(), AccessLogEntry.objects.count()) == before
    assert not RegisterImport.objects.exists()
