from django.urls import reverse

import pytest

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.testing.factories import user_with_role


def test_the_privacy_officer_finds_who_opened_a_client(client, region, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    client.get(reverse("clients:detail", args=[client_rheden.pk]))
    officer = user_with_role(Role.PRIVACY_OFFICER, region)
    client.force_login(officer)

    by_client = client.post(reverse("audit:log"), {"bsn": client_rheden.bsn})
    by_user = client.post(reverse("audit:log"), {"username": "consulent.rheden"})

    for response in (by_client, by_user):
        entries = [e for e in response.context["page"].object_list if e.action == "view"]
        assert [e.username for e in entries] == ["consulent.rheden"]
        assert entries[0].client == client_rheden
    assert client_rheden.bsn not in by_client.content.decode()


def test_the_privacy_officers_own_search_is_logged_without_what_was_typed(
        client, region, consulent_rheden, client_rheden):
    officer = user_with_role(Role.PRIVACY_OFFICER, region)
    client.force_login(officer)
    client.post(reverse("audit:log"), {"bsn": client_rheden.bsn})
    client.post(reverse("audit:log"), {"username": "consulent.rheden"})
    searches = list(AccessLogEntry.objects.filter(user=officer, action="search").order_by("id"))
    assert [(e.client, e.criteria, e.purpose) for e in searches] == [
        (client_rheden, "bsn", "supervision"), (None, "username", "supervision")]
    logged = " ".join(str(v) for e in searches for v in (e.path, e.detail, e.criteria))
    assert client_rheden.bsn not in logged and "consulent.rheden" not in logged


def test_the_log_screen_is_not_found_for_other_roles(client, consulent_rheden):
    client.force_login(consulent_rheden)
    assert client.get(reverse("audit:log")).status_code == 404


def test_an_invalid_bsn_in_the_log_search_gets_a_message(client, region):
    client.force_login(user_with_role(Role.PRIVACY_OFFICER, region))
    response = client.post(reverse("audit:log"), {"bsn": "123"})
    body = response.content.decode()
    assert "9 cijfers" in body
    # the summary of the errors comes before the form, where a screen reader user starts
    assert body.index('id="formulierfouten"') < body.index('<form method="post" class="bwmo-filter"')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"client_number": "99999999999999999999"}, "Dit cliëntnummer bestaat niet"),
        ({"date_from": "0001-01-01"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
        ({"date_to": "9999-12-31"}, "Vul een datum tussen 01-01-1900 en 31-12-2999 in"),
    ],
)
def test_an_impossible_number_or_date_gets_a_message_not_an_error_page(client, region, data, message):
    client.force_login(user_with_role(Role.PRIVACY_OFFICER, region))
    response = client.post(reverse("audit:log"), data)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("address", ["/api/v1/clienten?q={bsn}", "/api/v1/clienten?q={spaced}&pagina=1"])
def test_a_bsn_in_the_address_never_reaches_the_access_log(client, consulent_rheden, client_rheden,
                                                           address):
    bsn = client_rheden.bsn
    client.force_login(consulent_rheden)
    url = address.format(bsn=bsn, spaced=f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}")
    response = client.get(url)
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(client=client_rheden)
    assert entry.path == "/api/v1/clienten"
    assert entry.criteria == "q"


def test_a_search_logs_the_criteria_and_the_clients_found_never_the_search_text(
        client, consulent_rheden, client_rheden):
    client.force_login(consulent_rheden)
    client.get(f"/clienten/?q={client_rheden.surname}&date_of_birth=1990-05-17&pagina=1")
    entry = AccessLogEntry.objects.get(client=client_rheden)
    assert entry.action == "search"
    assert entry.path == "/clienten/"
    assert entry.criteria == "date_of_birth,q"
    logged = " ".join(str(v) for v in AccessLogEntry.objects.values_list(
        "path", "detail", "criteria", "reason"))
    assert client_rheden.surname not in logged
    assert "1990-05-17" not in logged
