"""Two users (or API clients) take the last free place at the same moment: exactly one succeeds.

Each attempt runs in its own thread with its own database connection; a barrier releases them
together so they really race. Runs on PostgreSQL only (SQLite serialises every write anyway).
"""

import threading
from collections.abc import Callable
from datetime import date
from functools import partial

from django.db import connection

import pytest
from rest_framework.test import APIClient

from bwmo.capacity import services as capacity_services
from bwmo.capacity.models import PlaceCapacity
from bwmo.core.exceptions import DomainError
from bwmo.placements import services
from bwmo.placements.models import Placement
from bwmo.testing.factories import LocationFactory, consulent_for

from .helpers import build_world, client_of, granted

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 30
START = date(2026, 3, 2)


def race(*attempts: Callable[[], object]) -> list[tuple[str, object]]:
    """Run the attempts at the same moment, one thread and one connection each."""
    barrier = threading.Barrier(len(attempts))
    results: list[tuple[str, object]] = [("missing", None)] * len(attempts)

    def run(index: int, attempt: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = ("ok", attempt())
        except Exception as exc:  # collected and asserted on below
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an attempt hung"
    return results


@pytest.fixture
def world(region):
    return build_world(region, places=1)


@pytest.fixture
def two_consulents(world):
    return consulent_for(world.rheden), consulent_for(world.rheden)


def api_post(*, beschikking, location, user):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_authenticate(user)
    return api.post("/api/v1/plaatsingen", {
        "beschikking": beschikking.pk, "location": location.pk, "start_date": START.isoformat(),
    }, format="json")


def new_location(world):
    location = LocationFactory(provider=world.provider, municipality=world.rheden)
    PlaceCapacity.objects.create(location=location, product=world.bw, places=1,
                                 valid_from=date(2026, 1, 1))
    return location


def test_two_consulents_taking_the_last_place_exactly_one_succeeds(world, two_consulents):
    for round_number in range(ROUNDS):
        location = new_location(world)
        beschikkingen = [granted(client_of(world.rheden), world.bw) for _ in range(2)]

        results = race(*[
            partial(services.placement_start, beschikking=b, location=location,
                    start_date=START, acting_user=u)
            for b, u in zip(beschikkingen, two_consulents, strict=True)
        ])

        outcomes = sorted(kind for kind, _ in results)
        assert outcomes == ["error", "ok"], f"round {round_number}: {results}"
        error = next(value for kind, value in results if kind == "error")
        assert isinstance(error, services.NoFreePlace), f"round {round_number}: {error!r}"
        assert "Er is geen vrije plaats" in error.message
        assert Placement.objects.filter(location=location).count() == 1


def test_two_api_clients_taking_the_last_place_exactly_one_succeeds(world, two_consulents):
    for round_number in range(ROUNDS):
        location = new_location(world)
        beschikkingen = [granted(client_of(world.rheden), world.bw) for _ in range(2)]

        results = race(*[
            partial(api_post, beschikking=b, location=location, user=u)
            for b, u in zip(beschikkingen, two_consulents, strict=True)
        ])

        assert all(kind == "ok" for kind, _ in results), results
        statuses = sorted(response.status_code for _, response in results)
        assert statuses == [201, 409], f"round {round_number}: {statuses}"
        refused = next(r for _, r in results if r.status_code == 409)
        assert "Er is geen vrije plaats" in refused.json()["detail"]
        assert Placement.objects.filter(location=location).count() == 1


def test_a_capacity_reduction_racing_a_placement_never_overfills(world, two_consulents):
    for round_number in range(ROUNDS):
        location = new_location(world)
        beschikking = granted(client_of(world.rheden), world.bw)

        results = race(
            partial(services.placement_start, beschikking=beschikking, location=location,
                    start_date=START, acting_user=two_consulents[0]),
            partial(capacity_services.capacity_change, location=location, product=world.bw,
                    places=0, valid_from=START, reason="Afbouw",
                    acting_user=world.provider_user),
        )

        outcomes = [kind for kind, _ in results]
        assert sorted(outcomes) == ["error", "ok"], f"round {round_number}: {results}"
        assert all(isinstance(v, DomainError) for k, v in results if k == "error")
        placed = Placement.objects.filter(location=location).count()
        reduced = PlaceCapacity.objects.filter(location=location, places=0).count()
        assert placed + reduced == 1


def test_one_client_placed_twice_at_once_gets_one_place(world, two_consulents):
    for round_number in range(ROUNDS):
        locations = [new_location(world), new_location(world)]
        beschikking = granted(client_of(world.rheden), world.bw)

        results = race(*[
            partial(services.placement_start, beschikking=beschikking, location=loc,
                    start_date=START, acting_user=u)
            for loc, u in zip(locations, two_consulents, strict=True)
        ])

        assert sorted(kind for kind, _ in results) == ["error", "ok"], f"round {round_number}"
        assert Placement.objects.filter(client=beschikking.client).count() == 1
