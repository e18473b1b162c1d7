"""A small housing world: a region with a provider in Rheden, clients in care, a transfer-point
user (CT-adviseur), a housing association with its user, and CBS neighbourhoods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.capacity.models import Location, Provider
from bwmo.clients.models import Client
from bwmo.housing import services
from bwmo.housing.models import DwellingOffer, Neighbourhood, Uitstromer
from bwmo.placements.models import Placement
from bwmo.regions.models import HousingAssociation, Municipality, Product, Region
from bwmo.testing.factories import (
    ClientFactory,
    LocationFactory,
    ProductFactory,
    ProviderFactory,
    user_with_role,
)

TODAY = date(2026, 12, 1)


@dataclass
class World:
    region: Region
    rheden: Municipality
    renkum: Municipality
    product: Product
    provider: Provider
    location: Location
    provider_user: User
    transfer_point: User
    association: HousingAssociation
    association_user: User
    velp: Neighbourhood
    dieren: Neighbourhood
    oosterbeek: Neighbourhood

    def placement(self, *, origin: Municipality | None = None, start: date = date(2026, 3, 1),
                  **client_kwargs) -> Placement:  # type: ignore[no-untyped-def]
        origin = origin or self.rheden
        client: Client = ClientFactory(registration_municipality=origin,
                                       responsible_municipality=origin, **client_kwargs)
        return Placement.objects.create(
            client=client, location=self.location, product=self.product,
            responsible_municipality=origin, start_date=start,
        )

    def uitstromer(self, *, placement: Placement | None = None, **kwargs) -> Uitstromer:  # type: ignore[no-untyped-def]
        data = {"ready_on": date(2026, 11, 1), "household_size": 1, "max_rent": Decimal("700.00"),
                "support_after": "Ambulante begeleiding 3 uur per week.", **kwargs}
        return services.uitstromer_register(
            placement=placement or self.placement(), data=services.UitstromerData(**data),
            acting_user=self.provider_user, today=TODAY,
        )

    def offer(self, neighbourhood: Neighbourhood | None = None, **kwargs) -> DwellingOffer:  # type: ignore[no-untyped-def]
        n = neighbourhood or self.velp
        data = {"neighbourhood": n, "address": f"Straat {DwellingOffer.objects.count() + 1}",
                "rooms": 2, "max_household": 2, "rent": Decimal("600.00"),
                "available_on": date(2026, 12, 1), **kwargs}
        return services.offer_create(data=services.OfferData(**data),
                                     acting_user=self.association_user, today=TODAY)


def build_world(region: Region) -> World:
    rheden = region.municipalities.get(code="GM0275")
    renkum = region.municipalities.get(code="GM0274")
    product = ProductFactory(region=region, code="BW", name="Beschermd wonen")
    provider = ProviderFactory(name="De Brug Zorg")
    location = LocationFactory(provider=provider, municipality=rheden, name="Huize Velp")
    association = HousingAssociation.objects.create(name="Vivare")
    association.municipalities.set([rheden, renkum])
    return World(
        region=region, rheden=rheden, renkum=renkum, product=product, provider=provider,
        location=location,
        provider_user=user_with_role(Role.ZORGAANBIEDER, region, provider=provider),
        transfer_point=user_with_role(Role.CT_ADVISEUR, region),
        association=association,
        association_user=user_with_role(Role.WONINGCORPORATIE, region, housing_association=association),
        velp=Neighbourhood.objects.create(code="BU02750101", name="Velp-Noord", municipality=rheden,
                                          dwellings=2000),
        dieren=Neighbourhood.objects.create(code="BU02750501", name="Dieren-Zuid",
                                            municipality=rheden, dwellings=1500),
        oosterbeek=Neighbourhood.objects.create(code="BU02740101", name="Oosterbeek-Midden",
                                                municipality=renkum, dwellings=1800),
    )
