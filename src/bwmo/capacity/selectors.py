"""Read use cases for places and occupancy. Counts only: no client data leaves this module.

Every overview runs a fixed number of queries however many locations a region has: one for the
locations, one for all capacity rows up to the day, one for the occupancy counts per
(location, product), one for the products (see `bench/bench_placement.py`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from bwmo.accounts.models import User
from bwmo.regions.constants import ProductCategory
from bwmo.regions.models import Municipality, Product, Region
from bwmo.scoping import locations_for

from . import rules
from .models import Location, PlaceCapacity
from .occupancy import occupying_on
from .spreading import Population, SpreadingTable, spreading_table

Pair = tuple[int, int]  # (location id, product id)


@dataclass(frozen=True)
class CapacityRow:
    location: Location
    product: Product
    places: int
    occupied: int

    @property
    def free(self) -> int:
        return rules.free_and_overbooked(self.places, self.occupied)[0]

    @property
    def overbooked(self) -> int:
        return rules.free_and_overbooked(self.places, self.occupied)[1]

    # as published to whoever sees every number (suppressed.ShownRow has the same names)
    suppressed = False

    @property
    def published_occupied(self) -> int | None:
        return self.occupied

    @property
    def published_free(self) -> int | None:
        return self.free


@dataclass(frozen=True)
class Totals:
    places: int
    occupied: int
    free: int
    overbooked: int


def _capacity_on(locations: QuerySet[Location], day: date) -> dict[Pair, int]:
    """Places per (location, product) on `day`: the latest row on or before it (ties: last id)."""
    rows = (
        PlaceCapacity.objects.filter(location__in=locations, valid_from__lte=day)
        .order_by("location_id", "product_id", "valid_from", "id")
        .values_list("location_id", "product_id", "places")
    )
    result: dict[Pair, int] = {}
    for location_id, product_id, places in rows:
        result[(location_id, product_id)] = places  # later rows overwrite earlier ones
    return result


def _occupancy_on(locations: QuerySet[Location], day: date) -> dict[Pair, int]:
    rows = (
        Location.objects.filter(pk__in=locations.values("pk"))
        .filter(occupying_on(day, "placements__"))
        .values_list("pk", "placements__product_id").annotate(n=Count("placements")).order_by()
    )
    return {(location_id, product_id): n for location_id, product_id, n in rows}


def capacity_rows(
    locations: QuerySet[Location], day: date, *, product: Product | None = None,
) -> list[CapacityRow]:
    """One row per (location, product) with places or occupancy on `day`."""
    location_list = list(
        locations.select_related("provider", "municipality")
        .defer("municipality__boundary")  # large GeoJSON, decoded per row when loaded
        .order_by("name", "pk")
    )
    by_id = {loc.pk: loc for loc in location_list}
    ids = list(by_id)
    scoped = Location.objects.filter(pk__in=ids)
    capacity = _capacity_on(scoped, day)
    occupancy = _occupancy_on(scoped, day)
    pairs = set(capacity) | set(occupancy)
    if product is not None:
        pairs = {p for p in pairs if p[1] == product.pk}
    products = Product.objects.in_bulk({p[1] for p in pairs})
    rows = [
        CapacityRow(location=by_id[loc_id], product=products[prod_id],
                    places=capacity.get((loc_id, prod_id), 0),
                    occupied=occupancy.get((loc_id, prod_id), 0))
        for loc_id, prod_id in pairs
    ]
    rows.sort(key=lambda r: (r.location.name, r.location.pk, r.product.name))
    return rows


def totals(rows: Iterable[CapacityRow]) -> Totals:
    rows = list(rows)
    return Totals(
        places=sum(r.places for r in rows), occupied=sum(r.occupied for r in rows),
        free=sum(r.free for r in rows), overbooked=sum(r.overbooked for r in rows),
    )


def capacity_overview(
    user: User, day: date, *, product: Product | None = None,
    municipality: Municipality | None = None,
) -> list[CapacityRow]:
    """Places, occupancy and free places on `day` at the active locations this user may see."""
    locations = locations_for(user).filter(active=True)
    if municipality is not None:
        locations = locations.filter(municipality=municipality)
    return capacity_rows(locations, day, product=product)


def locations_offering(user: User, product: Product, day: date) -> list[CapacityRow]:
    """Active locations this user may see that have (had) places for `product`, free or not."""
    locations = locations_for(user).filter(
        active=True, capacities__product=product
    ).distinct()
    rows = capacity_rows(locations, day, product=product)
    return sorted(rows, key=lambda r: (-r.free, r.location.name))


def location_rows(location: Location, day: date) -> list[CapacityRow]:
    return capacity_rows(Location.objects.filter(pk=location.pk), day)


def location_history(location: Location) -> QuerySet[PlaceCapacity]:
    """Every capacity change at a location, newest first, with who changed it."""
    return location.capacities.select_related("product", "changed_by").order_by(
        "-valid_from", "-id"
    )


def provider_locations(
    user: User, day: date
) -> list[tuple[Location, list[CapacityRow], Totals]]:
    """The provider's locations (active first), each with its rows and totals on `day`."""
    locations = list(
        locations_for(user).select_related("municipality").defer("municipality__boundary")
        .order_by("-active", "name", "pk")
    )
    rows = capacity_rows(Location.objects.filter(pk__in=[loc.pk for loc in locations]), day)
    by_location: dict[int, list[CapacityRow]] = {loc.pk: [] for loc in locations}
    for row in rows:
        by_location[row.location.pk].append(row)
    return [(loc, by_location[loc.pk], totals(by_location[loc.pk])) for loc in locations]


def region_for(user: User) -> Region | None:
    if not user.is_authenticated or user.organisation is None:
        return None
    return user.organisation.region


def spreading(region: Region, day: date) -> SpreadingTable:
    """Places per municipality per 10,000 inhabitants, per type, against the regional average."""
    locations = Location.objects.filter(municipality__region=region, active=True)
    capacity = _capacity_on(locations, day)
    municipality_of = dict(locations.values_list("pk", "municipality__code"))
    category_of = dict(
        Product.objects.filter(pk__in={p for _, p in capacity}).values_list("pk", "category")
    )
    places: dict[tuple[str, str], int] = {}
    for (location_id, product_id), n in capacity.items():
        key = (municipality_of[location_id], category_of[product_id])
        places[key] = places.get(key, 0) + n
    members = [
        Population(code=m.code, name=m.name, inhabitants=m.inhabitants)
        for m in region.municipalities.all()
    ]
    return spreading_table(members, places, list(ProductCategory.values))
