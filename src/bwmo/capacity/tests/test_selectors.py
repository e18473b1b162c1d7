"""Capacity overview and spreading read from the database with a fixed number of queries."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from bwmo.accounts.constants import Role
from bwmo.capacity import selectors
from bwmo.capacity.models import PlaceCapacity
from bwmo.placements.models import Placement
from bwmo.placements.tests.helpers import build_world, client_of
from bwmo.regions.constants import ProductCategory
from bwmo.testing.factories import LocationFactory, ProductFactory, user_with_role

DAY = date(2026, 11, 24)


@pytest.fixture
def world(region):
    return build_world(region, places=3)


def place(world, location, product, start, end=None):
    client = client_of(world.rheden)
    return Placement.objects.create(client=client, location=location, product=product,
                                    responsible_municipality=world.rheden, start_date=start,
                                    end_date=end)


def test_free_places_follow_placements_on_the_day(world, consulent_rheden):
    place(world, world.location, world.bw, date(2026, 3, 1))
    place(world, world.location, world.bw, date(2026, 3, 1), end=date(2026, 11, 23))
    place(world, world.location, world.bw, date(2026, 12, 1))

    (row,) = selectors.capacity_overview(consulent_rheden, DAY)
    assert (row.places, row.occupied, row.free) == (3, 1, 2)
    (before,) = selectors.capacity_overview(consulent_rheden, date(2026, 11, 23))
    assert before.occupied == 2
    (later,) = selectors.capacity_overview(consulent_rheden, date(2026, 12, 1))
    assert later.occupied == 2


def test_overbooking_is_shown_not_hidden(world, consulent_rheden):
    PlaceCapacity.objects.create(location=world.location, product=world.gwib, places=0,
                                 valid_from=date(2026, 1, 1))
    place(world, world.location, world.gwib, date(2026, 3, 1))
    rows = {r.product.code: r for r in selectors.capacity_overview(consulent_rheden, DAY)}
    assert rows["GWIB"].free == 0 and rows["GWIB"].overbooked == 1


def test_a_provider_sees_only_its_own_locations(world, region):
    LocationFactory(municipality=world.rheden)  # another provider's
    rows = selectors.provider_locations(world.provider_user, DAY)
    assert [loc for loc, _, _ in rows] == [world.location]
    assert selectors.capacity_overview(user_with_role(Role.WONINGCORPORATIE, region), DAY) == []


def test_the_overview_query_count_does_not_grow_with_the_number_of_locations(
    world, consulent_rheden
):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.capacity_overview(consulent_rheden, DAY)
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(15):
        location = LocationFactory(municipality=world.rheden)
        PlaceCapacity.objects.create(location=location, product=world.bw, places=2,
                                     valid_from=date(2026, 1, 1))
        place(world, location, world.bw, date(2026, 3, 1))
    assert queries() == few
    assert len(selectors.capacity_overview(consulent_rheden, DAY)) == 16


def test_spreading_uses_the_inhabitants_of_the_municipalities(region, world):
    arnhem = region.centrumgemeente
    mo = ProductFactory(region=region, code="MODV", name="Opvang", category=ProductCategory.MO)
    shelter = LocationFactory(municipality=arnhem, location_type=ProductCategory.MO)
    PlaceCapacity.objects.create(location=shelter, product=mo, places=50,
                                 valid_from=date(2026, 1, 1))

    table = selectors.spreading(region, DAY)

    rows = {r.name: r for r in table.rows}
    assert set(rows) == {"Arnhem", "Rheden", "Renkum"}
    assert rows["Arnhem"].cells["mo"].places == 50
    assert str(rows["Arnhem"].cells["mo"].per_10000) == "3.0"  # 50 / 16.577
    assert rows["Rheden"].cells["bw_intramuraal"].places == 3
    assert table.inhabitants == 165770 + 43570 + 31461
