"""The map: its classes, what it shows, and who may open it."""

from datetime import date
from fractions import Fraction

from django.urls import reverse

import pytest

from bwmo.maps import choropleth
from bwmo.maps.selectors import region_map
from bwmo.regions.constants import ProductCategory
from bwmo.testing.factories import LocationFactory, PlaceCapacityFactory, ProductFactory
from bwmo.testing.scenario import build_scenario

SQUARE = {"type": "Polygon", "coordinates": [[[5.9, 52.0], [6.0, 52.0], [6.0, 52.1],
                                              [5.9, 52.1], [5.9, 52.0]]]}


@pytest.mark.parametrize(("places", "index", "key"), [
    (0, Fraction(0), "none"), (0, None, "none"), (3, None, "unknown"),
    (1, Fraction(1, 2), "far-below"), (1, Fraction(51, 100), "below"),
    (1, Fraction(9, 10), "average"), (1, Fraction(11, 10), "average"),
    (1, Fraction(111, 100), "above"), (1, Fraction(149, 100), "above"),
    (1, Fraction(3, 2), "far-above"),
])
def test_classes_around_the_regional_average(places, index, key):
    assert choropleth.classify(places, index).key == key


@pytest.fixture
def world(region, rheden):
    region.centrumgemeente.boundary = SQUARE
    region.centrumgemeente.save()
    bw = ProductFactory(region=region, code="BW", category=ProductCategory.BW_INTRAMURAAL)
    mo = ProductFactory(region=region, code="MO", name="Nachtopvang",
                        category=ProductCategory.MO, track="MO")
    arnhem_loc = LocationFactory(name="De Boog", municipality=region.centrumgemeente,
                                 latitude="52.05", longitude="5.95")
    PlaceCapacityFactory(location=arnhem_loc, product=bw, places=20)
    rheden_loc = LocationFactory(name="Opvang Velp", municipality=rheden,
                                 location_type=ProductCategory.MO)
    PlaceCapacityFactory(location=rheden_loc, product=mo, places=12)
    return region


def test_map_data_by_type_with_places_and_classes(world):
    data = region_map(world, date(2026, 6, 1))
    by_name = {m.name: m for m in data.municipalities}
    # 32 places on 240,801 inhabitants: Arnhem 20/165,770 → 1.21 per 10,000, region 1.33
    assert data.regional_places == 32
    assert by_name["Arnhem"].places == 20 and by_name["Arnhem"].klass.key == "average"
    assert by_name["Rheden"].places == 12 and by_name["Rheden"].klass.key == "far-above"
    assert by_name["Renkum"].klass.key == "none"
    json = data.data()
    assert [loc["name"] for loc in json["locations"]] == ["De Boog"]  # Velp has no coordinates
    assert {m["code"]: m["geometry"] for m in json["municipalities"]}["GM0202"] == SQUARE
    assert [loc.name for loc in data.locations] == ["De Boog", "Opvang Velp"]

    mo_only = region_map(world, date(2026, 6, 1), ProductCategory.MO)
    assert [loc.name for loc in mo_only.locations] == ["Opvang Velp"]
    assert {m.name: m.klass.key for m in mo_only.municipalities}["Arnhem"] == "none"
    assert mo_only.regional_places == 12


MAP_USERS = {"consulent_own", "consulent_other", "ct_adviseur", "woningcorporatie", "beleid"}


def test_who_may_open_the_map(client, world):
    s = build_scenario(world)
    for key, user in s.users.items():
        client.force_login(user)
        response = client.get(reverse("maps:map"))
        assert response.status_code == (200 if key in MAP_USERS else 404), key
        if response.status_code == 200:
            html = response.content.decode()
            assert 'id="locatiekaart-data" type="application/json"' in html
            assert "<script>" not in html and "onclick" not in html  # CSP: no inline script
            assert "De Boog" in html and "Plaatsen per gemeente" in html


def test_bad_filter_falls_back_to_all_types(client, world):
    s = build_scenario(world)
    client.force_login(s.users["beleid"])
    response = client.get(reverse("maps:map"), {"soort": "onzin", "peildatum": "morgen"})
    assert response.status_code == 200
    assert "alle soorten plaatsen" in response.content.decode()


@pytest.mark.django_db
def test_real_boundaries_from_the_bundled_reference_data():
    """The map reads the CBS boundaries copied into the repository (regions/data), nothing else."""
    from bwmo.regions.models import Region
    from bwmo.regions.services import reference_data_load

    reference_data_load()
    region = Region.objects.get(slug="centraal-gelderland")
    data = region_map(region, date(2026, 6, 1)).data()
    geometries = [m["geometry"] for m in data["municipalities"]]
    assert len(geometries) == 10 and all(g["type"] in {"Polygon", "MultiPolygon"} for g in geometries)
    arnhem = next(m for m in data["municipalities"] if m["name"] == "Arnhem")
    ring = arnhem["geometry"]["coordinates"][0]
    ring = ring[0] if arnhem["geometry"]["type"] == "MultiPolygon" else ring
    lon, lat = ring[0]
    assert 5.7 < lon < 6.1 and 51.9 < lat < 52.1  # WGS84 around Arnhem
    assert all(m["class"] == "none" for m in data["municipalities"])  # no locations yet
