"""Small pure helpers of the demo generator: points in polygons, demo BSNs, region sizes."""

import random
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from bwmo.core.bsn import passes_elfproef
from bwmo.demo import calibration as cal
from bwmo.demo.geo import Area, compass_name, point_in_geometry, sample_point
from bwmo.demo.identifiers import bsn_stream, demo_bsn

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[5.0, 52.0], [6.0, 52.0], [6.0, 53.0], [5.0, 53.0], [5.0, 52.0]],
        [[5.4, 52.4], [5.6, 52.4], [5.6, 52.6], [5.4, 52.6], [5.4, 52.4]],
    ],
}
TWO_ISLANDS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[4.0, 51.0], [4.2, 51.0], [4.2, 51.2], [4.0, 51.2], [4.0, 51.0]]],
        [[[4.5, 51.0], [4.6, 51.0], [4.55, 51.1], [4.5, 51.0]]],
    ],
}


def test_points_inside_outside_and_in_a_hole():
    assert point_in_geometry(5.1, 52.1, SQUARE_WITH_HOLE)
    assert not point_in_geometry(5.5, 52.5, SQUARE_WITH_HOLE)  # in the hole
    assert not point_in_geometry(6.5, 52.5, SQUARE_WITH_HOLE)
    assert point_in_geometry(4.1, 51.1, TWO_ISLANDS)
    assert point_in_geometry(4.55, 51.02, TWO_ISLANDS)
    assert not point_in_geometry(4.35, 51.1, TWO_ISLANDS)  # between the islands


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_sampled_points_always_lie_inside(seed):
    rng = random.Random(seed)
    for geometry in (SQUARE_WITH_HOLE, TWO_ISLANDS):
        area = Area.from_geometry(geometry)
        lon, lat = sample_point(area, rng)
        assert point_in_geometry(lon, lat, geometry)
        assert round(lon, 6) == lon and round(lat, 6) == lat


def test_neighbourhood_names_follow_the_compass():
    area = Area.from_geometry(SQUARE_WITH_HOLE)
    assert compass_name(area, 5.5, 52.5) == "Wijk Centrum"
    assert compass_name(area, 5.5, 52.95) == "Wijk Noord"
    assert compass_name(area, 5.05, 52.05) == "Wijk Zuid-West"


@given(block=st.integers(0, 9), serial=st.integers(0, 999_999))
def test_demo_bsns_pass_the_elfproef_or_are_skipped(block, serial):
    bsn = demo_bsn(block, serial)
    if bsn is not None:
        assert passes_elfproef(bsn)
        assert bsn.startswith(f"9{block}")


def test_a_bsn_stream_never_repeats_and_differs_per_seed_and_block():
    first = list(islice(bsn_stream(0, random.Random(1)), 20_000))
    assert len(set(first)) == len(first)
    assert all(passes_elfproef(b) for b in first)
    again = list(islice(bsn_stream(0, random.Random(1)), 100))
    other_seed = list(islice(bsn_stream(0, random.Random(2)), 100))
    other_block = list(islice(bsn_stream(1, random.Random(1)), 20_000))
    assert again == first[:100]
    assert other_seed != first[:100]
    assert not set(first) & set(other_block)


def test_region_size_scales_by_inhabitants_and_scale():
    assert cal.region_factor(region_inhabitants=434_656, reference_inhabitants=434_656,
                             scale=1) == 1
    factor = cal.region_factor(region_inhabitants=170_384, reference_inhabitants=434_656,
                               scale=0.3)
    assert round(factor, 3) == 0.118


def test_the_stock_target_runs_from_1206_to_1141():
    assert cal.stock_target(cal.HISTORY_START) == 1206
    assert cal.stock_target(cal.BW_STOCK_2018_DATE) == 1141
    assert cal.stock_target(cal.BW_STOCK_2018_DATE.replace(year=2025)) == 1141
