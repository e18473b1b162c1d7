"""Points inside a municipality's boundary, for demo locations.

`Municipality.boundary` holds a GeoJSON geometry (WGS84, ``[longitude, latitude]``): a
``Polygon`` (an outer ring and optional holes) or a ``MultiPolygon``. A point lies inside a
polygon when it lies inside the outer ring and in none of the holes; inside a multipolygon when it
lies inside any of its polygons. Rings are tested with the even-odd ray-casting rule. A point
exactly on an edge may count either way, which is why `sample_point` tests the point *after*
rounding it to the six decimals a `Location` stores.

Sampling prefers the built-up centre: candidate points are drawn from a normal distribution around
the centroid of the largest ring's vertices (a quarter of the bounding box as spread) and rejected
when they fall outside; after a number of misses it falls back to uniform points in the bounding
box, which always terminates for a polygon of non-zero area.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]

COORDINATE_DECIMALS = 6
_GAUSSIAN_TRIES = 200
_UNIFORM_TRIES = 100_000


def _point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat):
            x_cross = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> list[Polygon]:  # type: ignore[type-arg]
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"Geen vlak: GeoJSON-type {kind!r} wordt niet ondersteund.")


def point_in_geometry(lon: float, lat: float, geometry: dict) -> bool:  # type: ignore[type-arg]
    """Whether (lon, lat) lies inside a GeoJSON Polygon or MultiPolygon (holes excluded)."""
    for polygon in _polygons(geometry):
        if not polygon or not _point_in_ring(lon, lat, polygon[0]):
            continue
        if not any(_point_in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False


@dataclass(frozen=True)
class Area:
    """A boundary prepared for sampling: its geometry, bounding box and centre."""

    geometry: dict  # type: ignore[type-arg]
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    centre_lon: float
    centre_lat: float

    @classmethod
    def from_geometry(cls, geometry: dict) -> Area:  # type: ignore[type-arg]
        polygons = _polygons(geometry)
        points = [pt for polygon in polygons for pt in polygon[0]]
        if not points:
            raise ValueError("Lege grens.")
        largest = list(max((polygon[0] for polygon in polygons), key=len))
        if len(largest) > 1 and list(largest[0]) == list(largest[-1]):
            largest = largest[:-1]  # a closed ring repeats its first vertex
        return cls(
            geometry=geometry,
            min_lon=min(p[0] for p in points),
            min_lat=min(p[1] for p in points),
            max_lon=max(p[0] for p in points),
            max_lat=max(p[1] for p in points),
            centre_lon=sum(p[0] for p in largest) / len(largest),
            centre_lat=sum(p[1] for p in largest) / len(largest),
        )

    def contains(self, lon: float, lat: float) -> bool:
        if not (self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat):
            return False
        return point_in_geometry(lon, lat, self.geometry)


def sample_point(area: Area, rng: random.Random) -> tuple[float, float]:
    """A point (lon, lat), rounded to 6 decimals, that lies inside `area`."""
    spread_lon = (area.max_lon - area.min_lon) / 4
    spread_lat = (area.max_lat - area.min_lat) / 4
    for _ in range(_GAUSSIAN_TRIES):
        lon = round(rng.gauss(area.centre_lon, spread_lon), COORDINATE_DECIMALS)
        lat = round(rng.gauss(area.centre_lat, spread_lat), COORDINATE_DECIMALS)
        if area.contains(lon, lat):
            return lon, lat
    for _ in range(_UNIFORM_TRIES):
        lon = round(rng.uniform(area.min_lon, area.max_lon), COORDINATE_DECIMALS)
        lat = round(rng.uniform(area.min_lat, area.max_lat), COORDINATE_DECIMALS)
        if area.contains(lon, lat):
            return lon, lat
    raise ValueError("Geen punt binnen de grens gevonden (grens zonder oppervlakte?).")


def compass_name(area: Area, lon: float, lat: float) -> str:
    """A fictional neighbourhood name from the point's direction from the centre."""
    d_lon = (lon - area.centre_lon) / max(area.max_lon - area.min_lon, 1e-9)
    d_lat = (lat - area.centre_lat) / max(area.max_lat - area.min_lat, 1e-9)
    if abs(d_lon) < 0.08 and abs(d_lat) < 0.08:
        return "Wijk Centrum"
    north_south = "Noord" if d_lat > 0.08 else "Zuid" if d_lat < -0.08 else ""
    east_west = "oost" if d_lon > 0.08 else "west" if d_lon < -0.08 else ""
    if north_south and east_west:
        return f"Wijk {north_south}-{east_west.capitalize()}"
    return f"Wijk {north_south or east_west.capitalize()}"
