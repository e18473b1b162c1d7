"""What the map shows: the region's municipalities with their boundaries and their class in the
choropleth, and the active locations by type with their places. Places only, never occupancy or
clients, so nothing here needs small-count suppression (see docs/maps.md)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bwmo.capacity.models import Location
from bwmo.capacity.selectors import capacity_rows, spreading
from bwmo.regions.constants import ProductCategory
from bwmo.regions.models import Municipality, Region

from .choropleth import CLASSES, ChoroplethClass, classify


@dataclass(frozen=True)
class MapMunicipality:
    code: str
    name: str
    inhabitants: int | None
    places: int
    per_10000: Decimal | None
    index: Decimal | None
    klass: ChoroplethClass


@dataclass(frozen=True)
class MapLocation:
    pk: int
    name: str
    provider: str
    municipality: str
    address: str
    location_type: str
    type_label: str
    places: int
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class RegionMap:
    region: Region
    day: date
    category: str | None  # None: all types of place
    category_label: str
    municipalities: tuple[MapMunicipality, ...]
    locations: tuple[MapLocation, ...]
    regional_places: int
    regional_per_10000: Decimal | None
    boundaries: dict[str, dict]  # municipality code -> GeoJSON geometry

    @property
    def legend(self) -> tuple[ChoroplethClass, ...]:
        return CLASSES

    def data(self) -> dict[str, object]:
        """The JSON the map script reads (through json_script)."""
        return {
            "municipalities": [
                {"code": m.code, "name": m.name, "class": m.klass.key, "label": m.klass.label,
                 "places": m.places,
                 "per10000": str(m.per_10000).replace(".", ",") if m.per_10000 is not None else None,
                 "geometry": self.boundaries.get(m.code)}
                for m in self.municipalities
            ],
            "locations": [
                {"id": loc.pk, "name": loc.name, "type": loc.location_type,
                 "typeLabel": loc.type_label, "places": loc.places, "provider": loc.provider,
                 "municipality": loc.municipality, "lat": loc.latitude, "lon": loc.longitude}
                for loc in self.locations if loc.latitude is not None and loc.longitude is not None
            ],
        }


def region_map(region: Region, day: date, category: str | None = None) -> RegionMap:
    labels = dict(ProductCategory.choices)
    table = spreading(region, day)
    municipalities = []
    for row in table.rows:
        cell = row.cells[category] if category else row.total
        municipalities.append(MapMunicipality(
            code=row.code, name=row.name, inhabitants=row.inhabitants, places=cell.places,
            per_10000=cell.per_10000, index=cell.index_display,
            klass=classify(cell.places, cell.index),
        ))
    regional = table.regional[category] if category else table.regional_total
    boundaries = dict(
        Municipality.objects.filter(region=region, boundary__isnull=False)
        .values_list("code", "boundary")
    )
    locations = Location.objects.filter(municipality__region=region, active=True)
    places: dict[int, int] = {}
    for r in capacity_rows(locations, day):
        if category is None or r.product.category == category:
            places[r.location.pk] = places.get(r.location.pk, 0) + r.places
    map_locations = tuple(
        MapLocation(
            pk=loc.pk, name=loc.name, provider=loc.provider.name, municipality=loc.municipality.name,
            address=loc.address, location_type=loc.location_type,
            type_label=labels.get(loc.location_type, loc.location_type),
            places=places.get(loc.pk, 0),
            latitude=float(loc.latitude) if loc.latitude is not None else None,
            longitude=float(loc.longitude) if loc.longitude is not None else None,
        )
        for loc in locations.select_related("provider", "municipality").order_by("name", "pk")
        if category is None or loc.pk in places
    )
    return RegionMap(
        region=region, day=day, category=category,
        category_label=labels[category] if category else "alle soorten plaatsen",
        municipalities=tuple(municipalities), locations=map_locations,
        regional_places=regional.places, regional_per_10000=regional.per_10000,
        boundaries=boundaries,
    )
