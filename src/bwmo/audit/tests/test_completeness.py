"""What the access log records beyond reads and writes: refused requests, logins and logouts,
the origin of each request, and the export of one client's log for an inzageverzoek."""

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from openpyxl import load_workbook

from bwmo.accounts.constants import Role
from bwmo.audit.models import AccessLogEntry
from bwmo.testing.factories import ClientFactory, MunicipalityFactory, RegionFactory, user_with_role


def test_a_request_outside_the_scope_is_logged_as_denied(client, consulent_renkum, client_rheden):
    client.force_login(consulent_renkum)
    response = client.get(reverse("clients:detail", args=[client_rheden.pk]),
                          REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 404
    entry = AccessLogEntry.objects.get(user=consulent_renkum, action="denied")
    assert entry.client == client_rheden
    assert entry.object_type == "clients:detail" and entry.object_id == str(client_rheden.pk)
    assert entry.origin == "192.0.2.7"
    assert "404" in entry.detail


def test_a_denied_request_for_a_client_that_does_not_exist_is_logged_the_same(client,
                                                                              consulent_renkum):
    client.force_login(consulent_renkum)
    assert client.get(reverse("clients:detail", args=[987654])).status_code == 404
    entry = AccessLogEntry.objects.get(user=consulent_renkum, action="denied")
    assert entry.client is None and entry.object_id == "987654"


def test_a_route_without_client_data_is_not_logged_as_denied(client, consulent_renkum):
    client.force_login(consulent_renkum)
    assert client.get("/bestaat-niet/").status_code == 404
    assert not AccessLogEntry.objects.filter(action="denied").exists()


def test_login_failed_login_and_logout_are_logged(client, consulent_rheden):
    url = reverse("accounts:login")
    client.post(url, {"username": "consulent.rheden", "password": "fout"}, REMOTE_ADDR="192.0.2.9")
    client.post(url, {"username": "consulent.rheden", "password": "correct-horse-battery-staple"},
                REMOTE_ADDR="192.0.2.9")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="192.0.2.9")
    rows = list(AccessLogEntry.objects.order_by("id").values_list(
        "action", "username", "user_id", "purpose", "origin"))
    assert rows == [
        ("login_failed", "consulent.rheden", None, "authentication", "192.0.2.9"),
        ("login", "consulent.rheden", consulent_rheden.pk, "authentication", "192.0.2.9"),
        ("logout", "consulent.rheden", consulent_rheden.pk, "authentication", "192.0.2.9"),
    ]


def test_a_bsn_typed_as_username_is_not_logged(client, client_rheden):
    client.post(reverse("accounts:login"), {"username": client_rheden.bsn, "password": "x"})
    entry = AccessLogEntry.objects.get(action="login_failed")
    assert client_rheden.bsn not in entry.username


def test_a_service_called_without_request_still_logs_the_origin(client, consulent_rheden,
                                                                client_rheden):
    client.force_login(consulent_rheden)
    client.get(reverse("clients:detail", args=[client_rheden.pk]), REMOTE_ADDR="2001:db8::1")
    assert AccessLogEntry.objects.get(action="view").origin == "2001:db8::1"


@pytest.fixture
def officer(region):
    return user_with_role(Role.PRIVACY_OFFICER, region)


@pytest.fixture
def seen_elsewhere(client_rheden):
    """The client's data was also accessed by a user of another region."""
    other = RegionFactory(centrumgemeente=MunicipalityFactory(name="Zwolle"))
    stranger = user_with_role(Role.CT_ADVISEUR, other)
    from bwmo.audit.constants import AccessAction, Purpose
    from bwmo.audit.services import access_log_write

    return access_log_write(user=stranger, action=AccessAction.VIEW, purpose=Purpose.ADVICE,
                            client=client_rheden)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_privacy_officer_exports_a_clients_log_across_regions(
        client, officer, client_rheden, consulent_rheden, seen_elsewhere, file_format):
    client.force_login(consulent_rheden)
    client.get(reverse("clients:detail", args=[client_rheden.pk]))
    client.force_login(officer)
    response = client.post(reverse("audit:client-export"), {
        "bsn": client_rheden.bsn, "reason": "Inzageverzoek 2026-0042", "file_format": file_format})
    assert response.status_code == 200
    assert f"toegangslog-client-{client_rheden.pk}.{file_format}" in response["Content-Disposition"]
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[str(c or "") for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Tijdstip (UTC)", "Gebruiker", "Rol"]
    users = [row[1] for row in rows[1:]]
    assert seen_elsewhere.username in users  # another region's access is in it
    assert "consulent.rheden" in users
    export = AccessLogEntry.objects.get(user=officer, action="export")
    assert export.client == client_rheden
    assert export.purpose == "data_subject_request"
    assert export.reason == "Inzageverzoek 2026-0042"
    assert client_rheden.bsn not in response.content.decode("utf-8", "ignore")


def test_a_client_unknown_to_the_officers_region_is_not_exported(client, officer):
    other = RegionFactory(centrumgemeente=MunicipalityFactory(name="Deventer"))
    stranger = ClientFactory(registration_municipality=other.centrumgemeente)
    client.force_login(officer)
    response = client.post(reverse("audit:client-export"), {
        "client_number": stranger.pk, "reason": "Verzoek", "file_format": "csv"})
    assert response.status_code == 200
    assert "Er is geen cliënt met dit nummer of BSN bij uw regio bekend." in response.content.decode()
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_the_export_needs_a_reason_and_is_for_the_privacy_officer_only(client, officer,
                                                                       consulent_rheden,
                                                                       client_rheden):
    client.force_login(officer)
    response = client.post(reverse("audit:client-export"),
                           {"client_number": client_rheden.pk, "file_format": "csv"})
    assert "Vul het kenmerk of de omschrijving van het verzoek in." in response.content.decode()
    client.force_login(consulent_rheden)
    assert client.get(reverse("audit:client-export")).status_code == 404


def test_the_inzage_export_asks_for_password_and_code_after_ten_minutes(client, officer,
                                                                         client_rheden):
    url = reverse("audit:client-export")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(officer)
        assert client.get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        response = client.post(url, {"client_number": client_rheden.pk, "reason": "Verzoek",
                                     "file_format": "csv"})
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
        assert not AccessLogEntry.objects.filter(action="export").exists()
