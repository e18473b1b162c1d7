"""POST /api/v1/plaatsingen: the same rules, scope and access log as the screens."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from bwmo.audit.constants import Purpose
from bwmo.audit.models import AccessLogEntry
from bwmo.placements.models import Placement
from bwmo.testing.factories import LocationFactory

from .helpers import build_world, client_of, granted

URL = "/api/v1/plaatsingen"


@pytest.fixture
def world(region):
    return build_world(region, places=1)


@pytest.fixture
def api():
    return APIClient()


def test_an_api_client_places_a_client(api, world, consulent_rheden):
    jan = client_of(world.rheden, surname="Jansen")
    beschikking = granted(jan, world.bw)
    api.force_authenticate(consulent_rheden)

    response = api.post(URL, {"beschikking": beschikking.pk, "location": world.location.pk,
                              "start_date": "2026-03-02"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["client"]["surname"] == "Jansen" and body["product"] == "BW"
    assert body["start_date"] == "2026-03-02" and body["end_date"] is None
    assert Placement.objects.filter(client=jan).exists()
    assert AccessLogEntry.objects.filter(client=jan, purpose=Purpose.API).exists()


def test_no_free_place_answers_409_with_a_dutch_message(api, world, consulent_rheden):
    api.force_authenticate(consulent_rheden)
    first, second = client_of(world.rheden), client_of(world.rheden)
    for person in (first, second):
        response = api.post(URL, {"beschikking": granted(person, world.bw).pk,
                                  "location": world.location.pk, "start_date": "2026-03-02"},
                            format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "geen_vrije_plaats"
    assert "Er is geen vrije plaats" in response.json()["detail"]
    assert not Placement.objects.filter(client=second).exists()


@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ({"start_date": "2026-02-01"}, 400, "vóór de ingangsdatum"),
        ({"start_date": "morgen"}, 400, "start_date"),
        ({"location": 999999}, 400, "Deze locatie bestaat niet"),
        ({"beschikking": 999999}, 400, "Deze beschikking bestaat niet"),
    ],
)
def test_bad_input_answers_with_a_clear_message(api, world, consulent_rheden, payload, status,
                                                text):
    beschikking = granted(client_of(world.rheden), world.bw)
    api.force_authenticate(consulent_rheden)
    data = {"beschikking": beschikking.pk, "location": world.location.pk,
            "start_date": "2026-03-02"}
    data.update(payload)
    response = api.post(URL, data, format="json")
    assert response.status_code == status
    assert text in response.content.decode()
    assert Placement.objects.count() == 0


def test_a_beschikking_outside_the_scope_is_not_found(api, world, consulent_renkum):
    beschikking = granted(client_of(world.rheden), world.bw)
    api.force_authenticate(consulent_renkum)
    response = api.post(URL, {"beschikking": beschikking.pk, "location": world.location.pk,
                              "start_date": "2026-03-02"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "beschikking_onbekend"


def test_a_provider_cannot_place_at_another_providers_location(api, world):
    elsewhere = LocationFactory(municipality=world.rheden)
    beschikking = granted(client_of(world.rheden), world.bw, provider=world.provider)
    api.force_authenticate(world.provider_user)
    response = api.post(URL, {"beschikking": beschikking.pk, "location": elsewhere.pk,
                              "start_date": "2026-03-02"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "locatie_onbekend"


def test_beleid_cannot_use_the_placement_api(api, world, users_by_role):
    api.force_authenticate(users_by_role["beleid"])
    assert api.get(URL).status_code == 404
    assert api.post(URL, {}, format="json").status_code == 404


def test_the_list_shows_only_placements_in_scope_and_logs_each_client(
    api, world, consulent_rheden, consulent_renkum
):
    jan = client_of(world.rheden, surname="Jansen")
    Placement.objects.create(client=jan, location=world.location, product=world.bw,
                             responsible_municipality=world.rheden, start_date=date(2026, 3, 1))
    api.force_authenticate(consulent_renkum)
    assert api.get(URL).json()["count"] == 0
    api.force_authenticate(consulent_rheden)
    body = api.get(URL).json()
    assert body["count"] == 1 and body["results"][0]["client"]["surname"] == "Jansen"
    assert AccessLogEntry.objects.filter(user=consulent_rheden, client=jan).count() == 1
