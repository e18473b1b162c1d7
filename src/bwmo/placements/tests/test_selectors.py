"""Signals over a doorstroom chain and the aggregated waiting list for beleid."""

from datetime import date

import pytest

from bwmo.capacity.models import PlaceCapacity
from bwmo.placements import selectors, services
from bwmo.placements.rules import Severity, SignalKind

from .helpers import build_world, client_of, granted

TODAY = date(2026, 11, 24)


@pytest.fixture
def world(region):
    return build_world(region, places=3)


def test_the_woningzoekende_month_counts_from_the_first_placement_of_a_chain(
    world, consulent_rheden
):
    jan = client_of(world.rheden, given_names="Jan", surname="Jansen")
    first = services.placement_start(
        beschikking=granted(jan, world.bw), location=world.location,
        start_date=date(2026, 3, 1), perspective_independent=True, acting_user=consulent_rheden,
    )
    PlaceCapacity.objects.create(location=world.location, product=world.zwib, places=1,
                                 valid_from=date(2026, 1, 1))
    second = services.placement_doorstroom(
        placement=first, beschikking=granted(jan, world.zwib, start=date(2026, 6, 1)),
        location=world.location, start_date=date(2026, 6, 1), acting_user=consulent_rheden,
    )

    rows = selectors.signals_for(user=consulent_rheden, day=date(2026, 6, 5))

    assert [(r.placement, r.signal.kind, r.signal.severity) for r in rows] == [
        (second, SignalKind.WONINGZOEKENDE, Severity.ERROR)]
    assert "instroom (01-03-2026)" in rows[0].signal.message
    assert selectors.signals_for(user=world.provider_user, day=date(2026, 6, 5))[0].placement == second
    assert selectors.signal_count(user=consulent_rheden, day=date(2026, 6, 5)) == 1


def test_signals_only_for_placements_in_scope(world, consulent_rheden, consulent_renkum):
    jan = client_of(world.rheden)
    services.placement_start(beschikking=granted(jan, world.gwib, start=date(2024, 1, 1),
                                                 end=None),
                             location=_gwib_location(world), start_date=date(2024, 1, 1),
                             acting_user=consulent_rheden)
    assert [r.signal.kind for r in selectors.signals_for(user=consulent_rheden, day=TODAY)] == [
        SignalKind.GROEPSWONEN_LIMIT]
    assert selectors.signals_for(user=consulent_renkum, day=TODAY) == []
    assert selectors.signal_count(user=consulent_rheden, day=TODAY) == 1  # the home counter
    assert selectors.signal_count(user=consulent_renkum, day=TODAY) == 0


def _gwib_location(world):
    PlaceCapacity.objects.create(location=world.location, product=world.gwib, places=2,
                                 valid_from=date(2024, 1, 1))
    return world.location


def test_waiting_summary_counts_without_names(world, consulent_rheden):
    for days_waiting, priority in ((10, "normal"), (30, "urgent"), (50, "normal")):
        person = client_of(world.rheden)
        services.waiting_list_add(
            beschikking=granted(person, world.bw),
            entered_on=date.fromordinal(TODAY.toordinal() - days_waiting), priority=priority,
            priority_reason="Acuut" if priority == "urgent" else "",
            acting_user=consulent_rheden, today=TODAY,
        )
    (summary,) = selectors.waiting_summary(region=world.region, day=TODAY)
    assert (summary.waiting, summary.urgent) == (3, 1)
    assert summary.median_display == "4 weken en 2 dagen"
    assert summary.longest_display == "7 weken en 1 dag"
    assert selectors.waiting_summary(region=world.region, day=date(2026, 10, 1)) == []


def test_placeable_beschikkingen_follow_scope_and_provider(region):
    from bwmo.journeys.models import Beschikking
    from bwmo.placements.selectors import placeable_beschikkingen
    from bwmo.testing.factories import ProviderFactory
    from bwmo.testing.scenario import build_scenario

    s = build_scenario(region)
    other = Beschikking.objects.create(
        melding=s.melding, client=s.client, outcome="granted", product=s.product, financing="zin",
        provider=ProviderFactory(), start_date=s.beschikking.start_date,
        decided_on=s.beschikking.decided_on, responsible_municipality=s.municipality,
    )
    unnamed = Beschikking.objects.create(
        melding=s.melding, client=s.client, outcome="granted", product=s.product, financing="zin",
        provider=None, start_date=s.beschikking.start_date,
        decided_on=s.beschikking.decided_on, responsible_municipality=s.municipality,
    )
    assert set(placeable_beschikkingen(user=s.users["consulent_own"])) == {
        s.beschikking, other, unnamed
    }
    assert set(placeable_beschikkingen(user=s.users["provider_own"])) == {s.beschikking, unnamed}
    assert not placeable_beschikkingen(user=s.users["consulent_other"]).exists()
    assert not placeable_beschikkingen(user=s.users["beleid"]).exists()


def test_the_placement_form_offers_only_locations_for_the_beschikkings_product_and_provider(
        world, consulent_rheden):
    """Placing from a beschikking: only active locations with places for its product; when the
    beschikking names a provider, only that provider's. Full ones stay (for the waiting list);
    the most free places come first."""
    from bwmo.testing.factories import LocationFactory, ProviderFactory

    other_provider = ProviderFactory(name="Andere Zorg")
    roomy = LocationFactory(provider=world.provider, municipality=world.rheden, name="Ruim")
    full = LocationFactory(provider=world.provider, municipality=world.rheden, name="Vol")
    elsewhere = LocationFactory(provider=other_provider, municipality=world.rheden, name="Elders")
    other_product = LocationFactory(provider=world.provider, municipality=world.rheden,
                                    name="Alleen groepswonen")
    closed = LocationFactory(provider=world.provider, municipality=world.rheden, name="Gesloten",
                             active=False)
    for location, places in ((roomy, 5), (full, 0), (elsewhere, 4), (closed, 9)):
        PlaceCapacity.objects.create(location=location, product=world.bw, places=places,
                                     valid_from=date(2026, 1, 1))
    PlaceCapacity.objects.create(location=other_product, product=world.gwib, places=6,
                                 valid_from=date(2026, 1, 1))
    person = client_of(world.rheden)

    open_choice = granted(person, world.bw)
    names = [row.location.name for row in selectors.place_options(
        user=consulent_rheden, beschikking=open_choice, day=TODAY)]
    assert names == ["Ruim", "Elders", "Huize Velp", "Vol"]  # 5, 4, 3, 0 free

    named = granted(person, world.bw, provider=world.provider)
    names = [row.location.name for row in selectors.place_options(
        user=consulent_rheden, beschikking=named, day=TODAY)]
    assert names == ["Ruim", "Huize Velp", "Vol"]


def test_the_placement_map_shows_located_places_and_their_municipalities(world,
                                                                        consulent_rheden):
    from decimal import Decimal

    from bwmo.testing.factories import LocationFactory

    world.location.latitude, world.location.longitude = Decimal("52.0100"), Decimal("6.0300")
    world.location.save()
    unplaced = LocationFactory(provider=world.provider, municipality=world.rheden,
                               name="Zonder coördinaten")
    PlaceCapacity.objects.create(location=unplaced, product=world.bw, places=1,
                                 valid_from=date(2026, 1, 1))
    world.rheden.boundary = {"type": "Polygon", "coordinates": [[[6.0, 52.0], [6.1, 52.0],
                                                                 [6.1, 52.1], [6.0, 52.0]]]}
    world.rheden.save()
    rows = selectors.place_options(user=consulent_rheden,
                                   beschikking=granted(client_of(world.rheden), world.bw),
                                   day=TODAY)
    data = selectors.place_map_data(rows)
    assert data["locations"] == [{"name": "Huize Velp", "free": 3, "lat": 52.01, "lon": 6.03}]
    assert data["boundaries"] == [{"name": world.rheden.name, "geometry": world.rheden.boundary}]
