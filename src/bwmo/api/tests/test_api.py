"""/api/v1/: per-user tokens, problem+json, API-Version, pagination, filters, scope and access log."""

import json

from django.core.management import call_command

import pytest
from rest_framework.test import APIClient

from bwmo.api.models import ApiToken
from bwmo.audit.models import AccessLogEntry
from bwmo.testing.scenario import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(region):  # type: ignore[no-untyped-def]
    return build_scenario(region)


def _api(user) -> tuple[APIClient, ApiToken]:  # type: ignore[no-untyped-def]
    row, token = ApiToken.issue(user, "test")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api, row


def test_a_token_authenticates_until_it_is_revoked(scenario):
    api, row = _api(scenario.users["consulent_own"])

    ok = api.get("/api/v1/clienten")
    assert ok.status_code == 200 and ok["API-Version"] == "1.0.0"
    assert ok.json()["count"] == 1
    row.revoke()
    refused = api.get("/api/v1/clienten")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["detail"] == "De token is onbekend of ingetrokken."
    assert refused["API-Version"] == "1.0.0"


def test_the_stored_token_is_a_hash_only(scenario):
    row, token = ApiToken.issue(scenario.users["consulent_own"], "koppeling")
    assert token not in (row.key_hash, row.prefix) and len(row.key_hash) == 64
    assert token.startswith(row.prefix)


def test_an_inactive_user_or_wrong_token_is_refused(scenario):
    user = scenario.users["consulent_own"]
    api, _ = _api(user)
    user.is_active = False
    user.save()
    assert api.get("/api/v1/clienten").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Bearer niet-geldig")
    assert bad.get("/api/v1/meldingen").status_code == 401
    assert APIClient().get("/api/v1/meldingen").json()["status"] in (401, 403)


@pytest.mark.parametrize(("url", "param"), [
    ("/api/v1/meldingen?status=onzin", "status"),
    ("/api/v1/meldingen?vanaf=31-12-2026", "vanaf"),
    ("/api/v1/meldingen?gemeente=Arnhem", "gemeente"),
    ("/api/v1/beschikkingen?peildatum=gisteren", "peildatum"),
    ("/api/v1/capaciteit?gemeente=0202", "gemeente"),
    ("/api/v1/wachtlijst?actueel=misschien", "actueel"),
])
def test_malformed_filters_get_a_problem_json_400(scenario, url, param):
    api, _ = _api(scenario.users["consulent_own"])

    response = api.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Ongeldige aanvraag"
    assert [p["name"] for p in body["invalidParams"]] == [param]


@pytest.mark.parametrize("payload", [b"{niet json", b'{"beschikking": "een", "location": []}', b"[]"])
def test_a_malformed_post_gets_a_problem_json_400(scenario, payload):
    api, _ = _api(scenario.users["consulent_own"])

    response = api.post("/api/v1/plaatsingen", payload, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_lists_are_paginated_with_dutch_parameters(scenario):
    api, _ = _api(scenario.users["consulent_own"])
    body = api.get("/api/v1/meldingen?paginaGrootte=1&pagina=1").json()
    assert body["count"] == 1 and len(body["results"]) == 1
    assert api.get("/api/v1/meldingen?pagina=9").status_code == 404


@pytest.mark.parametrize("url", [
    "/api/v1/meldingen", "/api/v1/beschikkingen", "/api/v1/wachtlijst", "/api/v1/clienten",
    "/api/v1/plaatsingen",
])
def test_scope_and_access_log_match_the_screens(scenario, url):
    own, _ = _api(scenario.users["consulent_own"])
    other, _ = _api(scenario.users["consulent_other"])
    beleid, _ = _api(scenario.users["beleid"])

    assert other.get(url).json().get("count", 0) == 0
    assert beleid.get(url).status_code == 404
    assert not AccessLogEntry.objects.filter(client=scenario.client).exists()
    body = own.get(url).json()
    assert body["count"] == 1 and scenario.client.surname in json.dumps(body, ensure_ascii=False)
    assert AccessLogEntry.objects.filter(user=scenario.users["consulent_own"],
                                         client=scenario.client, purpose="api").exists()


def test_detail_routes_are_404_outside_the_scope(scenario):
    own, _ = _api(scenario.users["consulent_own"])
    other, _ = _api(scenario.users["consulent_other"])
    for url in (f"/api/v1/meldingen/{scenario.melding.pk}",
                f"/api/v1/beschikkingen/{scenario.beschikking.pk}",
                f"/api/v1/clienten/{scenario.client.pk}"):
        assert own.get(url).status_code == 200
        missing = other.get(url)
        assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_capaciteit_has_counts_and_no_client_data(scenario):
    api, _ = _api(scenario.users["consulent_own"])
    body = api.get("/api/v1/capaciteit?peildatum=2026-11-01").json()
    row = next(r for r in body["results"] if r["location"] == scenario.location.pk)
    assert (row["places"], row["occupied"], row["free"], row["suppressed"]) == (5, 1, 4, False)
    assert scenario.client.surname not in json.dumps(body, ensure_ascii=False)
    # beleid sees aggregates only: the one client's place is suppressed, as on the overview
    api, _ = _api(scenario.users["beleid"])
    body = api.get("/api/v1/capaciteit?peildatum=2026-11-01").json()
    row = next(r for r in body["results"] if r["location"] == scenario.location.pk)
    assert (row["places"], row["occupied"], row["free"], row["suppressed"]) == (5, None, None, True)


def test_api_token_command_creates_lists_and_revokes(scenario, capsys):
    user = scenario.users["ct_adviseur"]
    call_command("api-token", "create", user.username, "--name", "gemeentelijk systeem")
    token = capsys.readouterr().out.strip()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/meldingen").status_code == 200
    row = ApiToken.objects.get(user=user)
    call_command("api-token", "revoke", str(row.pk))
    assert api.get("/api/v1/meldingen").status_code == 401
