"""The client screens as a consulent uses them: register, bad input, open, edit."""

from django.urls import reverse

import pytest

from bwmo.audit.constants import AccessAction
from bwmo.audit.models import AccessLogEntry
from bwmo.clients.models import Client
from bwmo.testing.factories import ClientFactory


def form_data(**overrides):
    data = {
        "given_names": "Kees", "surname_prefix": "van", "surname": "Dam",
        "date_of_birth": "1987-02-14", "bsn": "111222333", "no_bsn_reason": "",
        "origin_municipality": "",
    }
    data.update(overrides)
    return data


def test_a_consulent_registers_a_client_and_lands_on_the_client_page(client, consulent_rheden, rheden):
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:create"), form_data(origin_municipality=rheden.pk),
                           follow=True)
    assert response.status_code == 200
    created = Client.objects.get()
    assert created.registration_municipality == rheden
    body = response.content.decode()
    assert "Kees van Dam" in body and "******333" in body and "111222333" not in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"bsn": "123456789"}, "elfproef"),
        ({"date_of_birth": "2999-01-01"}, "toekomst"),
        ({"date_of_birth": "31-02-2000"}, "geldige datum"),
        ({"origin_municipality": "999999"}, "gemeente is onbekend"),
        ({"bsn": "", "no_bsn_reason": ""}, "geen BSN"),
    ],
)
def test_bad_input_shows_a_dutch_message_and_saves_nothing(client, consulent_rheden, overrides, message):
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:create"), form_data(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Er is niets opgeslagen" in body
    assert Client.objects.count() == 0
    assert AccessLogEntry.objects.count() == 0


def test_a_duplicate_bsn_is_refused_on_the_form(client, consulent_rheden, rheden):
    client.force_login(consulent_rheden)
    client.post(reverse("clients:create"), form_data())
    response = client.post(reverse("clients:create"), form_data(given_names="Anna"))
    assert "al een cliënt met dit BSN" in response.content.decode()
    assert Client.objects.count() == 1


def test_opening_a_client_writes_one_access_log_entry(client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    client.get(reverse("clients:detail", args=[client_rheden.pk]))
    entry = AccessLogEntry.objects.get(client=client_rheden)
    assert entry.action == AccessAction.VIEW
    assert entry.path == reverse("clients:detail", args=[client_rheden.pk])


def test_search_by_bsn_finds_exactly_that_client(client, consulent_rheden, rheden):
    wanted = ClientFactory(registration_municipality=rheden)
    ClientFactory(registration_municipality=rheden)
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:search"), {"q": wanted.bsn})
    assert list(response.context["page"].object_list) == [wanted]
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH)
    assert wanted.bsn not in entry.path and wanted.bsn not in response.content.decode()


def test_a_bsn_search_without_a_hit_is_logged_without_the_bsn(client, consulent_rheden,
                                                                client_rheden, consulent_renkum):
    """A search that finds nobody in the user's scope (here: a client of another municipality)
    still leaves an entry: who searched, on what kind of criterion, that nothing was shown."""
    client.force_login(consulent_renkum)
    response = client.post(reverse("clients:search"), {"q": client_rheden.bsn})
    assert list(response.context["page"].object_list) == []
    entry = AccessLogEntry.objects.get(user=consulent_renkum, action=AccessAction.SEARCH)
    assert entry.client is None
    assert entry.detail == "Gezocht op BSN: geen resultaat" and entry.criteria == "q"
    logged = " ".join(str(v) for v in AccessLogEntry.objects.values_list(
        "path", "detail", "criteria", "reason"))
    assert client_rheden.bsn not in logged


def test_a_name_search_without_a_hit_is_logged_without_the_name(client, consulent_rheden,
                                                               client_rheden):
    client.force_login(consulent_rheden)
    page = client.get(reverse("clients:search"), {"q": "Onvindbaar"}).context["page"]
    assert list(page.object_list) == []
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH)
    assert (entry.client, entry.detail, entry.criteria) == (None, "Geen resultaat", "q")
    assert "Onvindbaar" not in entry.path + entry.detail


def test_a_name_search_is_redirected_to_a_pageable_address(client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:search"), {"q": "Jansen"})
    assert response.status_code == 302 and response.url.endswith("?q=Jansen")
    page = client.get(response.url).context["page"]
    assert list(page.object_list) == [client_rheden]


def test_editing_with_an_invalid_bsn_changes_nothing(client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    before = client_rheden.bsn
    response = client.post(reverse("clients:edit", args=[client_rheden.pk]),
                           form_data(bsn="123456789", surname="Anders"))
    assert "elfproef" in response.content.decode()
    client_rheden.refresh_from_db()
    assert client_rheden.bsn == before and client_rheden.surname != "Anders"


def test_correcting_a_name_keeps_the_bsn_without_typing_it_again(client, consulent_rheden,
                                                                 client_rheden):
    bsn = client_rheden.bsn
    client.force_login(consulent_rheden)
    form = client.get(reverse("clients:edit", args=[client_rheden.pk])).content.decode()
    assert bsn not in form  # the BSN is not put into the page
    assert "Laat leeg om het huidige BSN" in form

    response = client.post(reverse("clients:edit", args=[client_rheden.pk]),
                           form_data(bsn="", surname="Jansen-de Vries", surname_prefix=""))

    assert response.status_code == 302
    client_rheden.refresh_from_db()
    assert client_rheden.surname == "Jansen-de Vries"
    assert client_rheden.bsn == bsn and client_rheden.no_bsn_reason == ""


def test_a_reason_for_no_bsn_is_refused_for_a_client_with_a_bsn(client, consulent_rheden,
                                                                client_rheden):
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:edit", args=[client_rheden.pk]),
                           form_data(bsn="", no_bsn_reason="unknown"))
    assert "Deze cliënt heeft een BSN" in response.content.decode()
    client_rheden.refresh_from_db()
    assert client_rheden.no_bsn_reason == "" and client_rheden.surname != "Dam"


def test_a_bsn_in_a_link_is_not_searched(client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    response = client.get(reverse("clients:search"), {"q": client_rheden.bsn})
    assert response.context["page"] is None
    assert "zoekformulier" in response.content.decode()
    assert not AccessLogEntry.objects.exists()


def test_pages_with_client_data_are_not_cached(client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    response = client.get(reverse("clients:detail", args=[client_rheden.pk]))
    assert "no-store" in response["Cache-Control"]


def test_registering_a_likely_duplicate_warns_before_saving(client, consulent_rheden, rheden):
    existing = ClientFactory(given_names="Kees", surname_prefix="van", surname="Dam",
                             date_of_birth="1987-02-14", registration_municipality=rheden,
                             responsible_municipality=rheden)
    client.force_login(consulent_rheden)
    data = form_data(given_names="Kes", bsn="", no_bsn_reason="not_registered")
    page = client.post(reverse("clients:create"), data).content.decode()
    assert "Deze persoon staat misschien al geregistreerd" in page
    assert f"dossier {existing.pk}" in page and "Toch als nieuwe cliënt registreren" in page
    assert Client.objects.count() == 1  # nothing saved
    assert AccessLogEntry.objects.filter(client=existing, purpose="duplicate_check").exists()

    response = client.post(reverse("clients:create"), {**data, "toch_registreren": "ja"})
    assert response.status_code == 302 and Client.objects.count() == 2


def test_no_warning_for_a_different_person(client, consulent_rheden, rheden):
    ClientFactory(given_names="Anna", surname="Jansen", date_of_birth="1990-05-01",
                  registration_municipality=rheden, responsible_municipality=rheden)
    ClientFactory(given_names="Kees", surname_prefix="van", surname="Dam",
                  date_of_birth="1987-02-14", registration_municipality=rheden,
                  responsible_municipality=rheden)  # same name, another BSN: another person
    client.force_login(consulent_rheden)
    response = client.post(reverse("clients:create"), form_data())
    assert response.status_code == 302
