"""Garbage in every field of every placement and capacity form: never a server error, and a
refused post changes nothing."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from bwmo.capacity.models import PlaceCapacity
from bwmo.clients.models import ClientEvent
from bwmo.placements import services
from bwmo.placements.models import Placement, WaitingListEntry

from .helpers import build_world, client_of, granted

GARBAGE = ["", "abc", "x" * 5000, "0001-01-01", "9999-12-31", "-1", "1.5", "\x00",
           "99999999999999999999", "2026-02-30", "<script>"]


def state():
    return (
        Placement.objects.count(), list(Placement.objects.values_list("end_date", flat=True)),
        WaitingListEntry.objects.filter(removed_on__isnull=True).count(),
        PlaceCapacity.objects.count(), ClientEvent.objects.count(),
    )


@pytest.fixture
def setup(region, consulent_rheden):
    world = build_world(region, places=3)
    today = timezone.localdate()
    PlaceCapacity.objects.create(location=world.location, product=world.zwib, places=2,
                                 valid_from=date(2026, 1, 1))
    placed_client = client_of(world.rheden)
    placement = services.placement_start(
        beschikking=granted(placed_client, world.bw, start=today - timedelta(days=40), end=None),
        location=world.location, start_date=today - timedelta(days=30),
        acting_user=consulent_rheden,
    )
    lighter = granted(placed_client, world.zwib, start=today - timedelta(days=5), end=None)
    waiting_client = client_of(world.rheden)
    waiting_beschikking = granted(waiting_client, world.bw, start=today - timedelta(days=5),
                                  end=None)
    entry = services.waiting_list_add(beschikking=waiting_beschikking,
                                      entered_on=today - timedelta(days=3),
                                      acting_user=consulent_rheden, today=today)
    fresh = granted(client_of(world.rheden), world.bw, start=today - timedelta(days=5), end=None)
    valid = {
        ("placements:beschikking_place", fresh.pk): {
            "location": world.location.pk, "start_date": today.isoformat()},
        ("placements:beschikking_waiting", fresh.pk): {
            "location": "", "entered_on": today.isoformat(), "priority": "normal",
            "priority_reason": ""},
        ("placements:waiting_place", entry.pk): {
            "location": world.location.pk, "start_date": today.isoformat()},
        ("placements:waiting_remove", entry.pk): {
            "reason": "withdrawn", "removed_on": today.isoformat()},
        ("placements:end", placement.pk): {
            "end_date": today.isoformat(), "destination": "unknown"},
        ("placements:doorstroom", placement.pk): {
            "beschikking": lighter.pk, "location": world.location.pk,
            "start_date": today.isoformat()},
        ("placements:housing", placement.pk): {
            "perspective_independent": "on", "registered_woningzoekende_on": today.isoformat()},
    }
    return world, valid


def test_no_form_answers_garbage_with_a_server_error(client, setup, consulent_rheden):
    _, valid = setup
    client.force_login(consulent_rheden)
    problems = []
    for (name, pk), data in valid.items():
        url = reverse(name, kwargs={"pk": pk})
        for field in data:
            for value in GARBAGE:
                before = state()
                with transaction.atomic():
                    response = client.post(url, {**data, field: value})
                    if response.status_code == 200:  # refused: the form is shown again
                        assert state() == before, f"{name} {field}={value[:20]!r} changed data"
                    transaction.set_rollback(True)
                if response.status_code >= 500:
                    problems.append(f"{name} {field}={value[:20]!r} -> {response.status_code}")
    assert not problems


def test_capacity_form_and_filters_never_answer_with_a_server_error(client, setup,
                                                                     consulent_rheden):
    world, _ = setup
    url = reverse("capacity:change", kwargs={"pk": world.location.pk})
    data = {"product": world.bw.pk, "places": "4", "valid_from": "2026-11-24", "reason": "Meer"}
    client.force_login(world.provider_user)
    for field in data:
        for value in GARBAGE:
            with transaction.atomic():
                response = client.post(url, {**data, field: value})
                transaction.set_rollback(True)
            assert response.status_code < 500, (field, value[:20])
    for user in (world.provider_user, consulent_rheden):
        client.force_login(user)
        for name in ("capacity:overview", "capacity:spreading", "capacity:my_locations",
                     "placements:list", "placements:waiting_list", "placements:signals"):
            for value in GARBAGE:
                response = client.get(reverse(name), {"peildatum": value, "product": value,
                                                      "gemeente": value})
                assert response.status_code in (200, 404), (name, value[:20])
        response = client.get(reverse("capacity:location_detail", kwargs={"pk": world.location.pk}),
                              {"peildatum": "9999-12-31"})
        assert response.status_code == 200


def test_the_api_answers_garbage_with_400(setup, consulent_rheden):
    world, valid = setup
    beschikking_pk = next(pk for (name, pk) in valid if name == "placements:beschikking_place")
    api = APIClient()
    api.force_authenticate(consulent_rheden)
    data = {"beschikking": beschikking_pk, "location": world.location.pk,
            "start_date": "2026-11-24"}
    for field in data:
        for value in GARBAGE:
            response = api.post("/api/v1/plaatsingen", {**data, field: value}, format="json")
            assert response.status_code in (400, 409), (field, value[:20], response.status_code)
