"""A provider changes the number of places; history, reasons and bad input."""

from datetime import date

import pytest

from bwmo.capacity import services
from bwmo.capacity.models import PlaceCapacity
from bwmo.core.exceptions import DomainError
from bwmo.placements import services as placement_services
from bwmo.placements.tests.helpers import build_world, client_of, granted
from bwmo.testing.factories import ProductFactory, RegionFactory


@pytest.fixture
def world(region):
    return build_world(region, places=2)


def change(world, **overrides):
    values = {"location": world.location, "product": world.bw, "places": 4,
              "valid_from": date(2026, 6, 1), "reason": "Nieuwe vleugel geopend",
              "acting_user": world.provider_user}
    values.update(overrides)
    return services.capacity_change(**values)


def test_a_change_is_a_new_row_with_who_and_why(world):
    row = change(world)
    assert (row.places, row.valid_from, row.changed_by) == (4, date(2026, 6, 1), world.provider_user)
    assert row.reason == "Nieuwe vleugel geopend"
    assert list(PlaceCapacity.objects.filter(location=world.location)
                .order_by("valid_from").values_list("places", flat=True)) == [2, 4]


def test_a_correction_on_the_same_date_keeps_the_history_and_wins(world):
    change(world, places=4)
    change(world, places=3, reason="Typefout: het zijn er 3")
    rows = PlaceCapacity.objects.filter(location=world.location, valid_from=date(2026, 6, 1))
    assert rows.count() == 2
    from bwmo.capacity.selectors import location_rows

    assert location_rows(world.location, date(2026, 6, 1))[0].places == 3


@pytest.mark.parametrize(
    ("places", "message"),
    [(-1, "niet negatief"), (2.5, "heel getal"), ("3", "heel getal"), (True, "heel getal"),
     (5000, "Meer dan 1000")],
)
def test_a_negative_or_non_integer_number_is_refused(world, places, message):
    with pytest.raises(DomainError) as exc:
        change(world, places=places)
    assert message in exc.value.message
    assert PlaceCapacity.objects.count() == 1


def test_a_reason_is_required(world):
    with pytest.raises(DomainError) as exc:
        change(world, reason="   ")
    assert "reden" in exc.value.message
    assert PlaceCapacity.objects.count() == 1


def test_history_only_grows_forward(world):
    with pytest.raises(DomainError) as exc:
        change(world, valid_from=date(2025, 12, 31))
    assert "laatst vastgelegde wijziging (01-01-2026)" in exc.value.message


def test_no_change_is_refused(world):
    with pytest.raises(DomainError) as exc:
        change(world, places=2)
    assert "Er verandert niets" in exc.value.message


def test_places_cannot_drop_below_occupied_places(world, consulent_rheden):
    for _ in range(2):
        jan = client_of(world.rheden)
        placement_services.placement_start(
            beschikking=granted(jan, world.bw), location=world.location,
            start_date=date(2026, 3, 1), acting_user=consulent_rheden,
        )
    with pytest.raises(DomainError) as exc:
        change(world, places=1)
    assert "01-06-2026 zijn er 2 plaatsen bezet" in exc.value.message
    assert PlaceCapacity.objects.count() == 1


def test_only_the_providers_own_staff_change_places(world, consulent_rheden, users_by_role):
    for user in (consulent_rheden, users_by_role["zorgaanbieder"], users_by_role["beleid"]):
        with pytest.raises(DomainError) as exc:
            change(world, acting_user=user)
        assert "niet wijzigen" in exc.value.message
    assert PlaceCapacity.objects.count() == 1


def test_the_product_must_belong_to_the_region_of_the_location(world):
    foreign = ProductFactory(region=RegionFactory(), code="BW")
    with pytest.raises(DomainError) as exc:
        change(world, product=foreign)
    assert "geen product van de regio" in exc.value.message


def test_a_first_capacity_for_a_new_product_can_be_set(world):
    row = change(world, product=world.gwib, places=6, valid_from=date(2025, 1, 1))
    assert row.places == 6


def test_an_implausible_date_is_refused(world):
    with pytest.raises(DomainError) as exc:
        change(world, valid_from=date(2999, 1, 1))
    assert "tussen 01-01-1900 en 31-12-2100" in exc.value.message
