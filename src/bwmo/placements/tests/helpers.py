"""Builders for placement tests: a small region with products, a provider and a location."""

from dataclasses import dataclass
from datetime import date

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.capacity.models import Location, PlaceCapacity, Provider
from bwmo.clients.models import Client
from bwmo.journeys.models import Beschikking, Melding
from bwmo.regions.constants import ProductCategory, Track
from bwmo.regions.models import Municipality, Product, Region
from bwmo.testing.factories import (
    ClientFactory,
    LocationFactory,
    ProductFactory,
    ProviderFactory,
    user_with_role,
)


@dataclass
class World:
    region: Region
    rheden: Municipality
    bw: Product
    gwib: Product
    zwib: Product
    provider: Provider
    location: Location
    provider_user: User


def build_world(region: Region, *, places: int = 2) -> World:
    rheden = region.municipalities.get(code="GM0275")
    bw = ProductFactory(region=region, code="BW", name="Beschermd wonen",
                        category=ProductCategory.BW_INTRAMURAAL)
    gwib = ProductFactory(region=region, code="GWIB", name="Groepswonen met intensieve begeleiding",
                          category=ProductCategory.BW_AMBULANT)
    zwib = ProductFactory(region=region, code="ZWIB",
                          name="Zelfstandig wonen met intensieve begeleiding",
                          category=ProductCategory.BW_AMBULANT)
    provider = ProviderFactory(name="De Brug Zorg")
    location = LocationFactory(provider=provider, municipality=rheden, name="Huize Velp")
    PlaceCapacity.objects.create(location=location, product=bw, places=places,
                                 valid_from=date(2026, 1, 1))
    provider_user = user_with_role(Role.ZORGAANBIEDER, region, provider=provider)
    return World(region=region, rheden=rheden, bw=bw, gwib=gwib, zwib=zwib, provider=provider,
                 location=location, provider_user=provider_user)


def granted(
    client: Client, product: Product, *, start: date = date(2026, 3, 1),
    end: date | None = date(2027, 2, 28), provider: Provider | None = None,
    financing: str = "zin", outcome: str = "granted",
) -> Beschikking:
    municipality = client.registration_municipality
    melding = Melding.objects.create(
        client=client, track=Track.BW, source="huisarts", reported_on=date(2026, 1, 5),
        municipality=municipality,
    )
    return Beschikking.objects.create(
        melding=melding, client=client, outcome=outcome, product=product, financing=financing,
        provider=provider, start_date=start, end_date=end, decided_on=date(2026, 2, 20),
        responsible_municipality=municipality,
    )


def client_of(municipality: Municipality, **kwargs) -> Client:  # type: ignore[no-untyped-def]
    return ClientFactory(registration_municipality=municipality,
                         responsible_municipality=municipality, **kwargs)
