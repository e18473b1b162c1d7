"""factory_boy factories for the core objects, with Dutch fake data (never real people)."""

from datetime import date

import factory
from faker import Faker

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import Organisation, User
from bwmo.capacity.models import Location, PlaceCapacity, Provider
from bwmo.clients.models import Client
from bwmo.core import crypto
from bwmo.regions.constants import ProductCategory, Track
from bwmo.regions.models import Municipality, Product, Region

fake = Faker("nl_NL")


def valid_bsn(seed: int) -> str:
    """A deterministic number that passes the 11-proef (test data only)."""
    n = 100000000 + (seed * 7919) % 800000000
    while True:
        digits = f"{n:09d}"
        total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))
        if total % 11 == 0:
            return digits
        n += 1


class MunicipalityFactory(factory.django.DjangoModelFactory):
    # 4 digits (GM9000-GM9999) whatever the session length: the code column holds 6 characters
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = "Gelderland"
    inhabitants = 50000

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)


class RegionFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")
    centrumgemeente = factory.SubFactory(MunicipalityFactory)
    decentralisation_date = date(2022, 1, 1)

    class Meta:
        model = Region
        skip_postgeneration_save = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        self.centrumgemeente.region = self
        self.centrumgemeente.save()
        for municipality in extracted or []:
            municipality.region = self
            municipality.save()


class ProductFactory(factory.django.DjangoModelFactory):
    region = factory.SubFactory(RegionFactory)
    code = "BW"
    name = "Beschermd wonen"
    track = Track.BW
    category = ProductCategory.BW_INTRAMURAAL

    class Meta:
        model = Product
        django_get_or_create = ("region", "code")


class ProviderFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Zorgaanbieder {n}")

    class Meta:
        model = Provider


class LocationFactory(factory.django.DjangoModelFactory):
    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    address = factory.LazyFunction(lambda: fake.street_address())
    municipality = factory.SubFactory(MunicipalityFactory)
    location_type = ProductCategory.BW_INTRAMURAAL

    class Meta:
        model = Location


class PlaceCapacityFactory(factory.django.DjangoModelFactory):
    location = factory.SubFactory(LocationFactory)
    product = factory.SubFactory(ProductFactory)
    places = 10
    valid_from = date(2020, 1, 1)

    class Meta:
        model = PlaceCapacity


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.LazyAttribute(lambda o: f"Gemeente {o.municipality}" if o.municipality else "Org")
    kind = OrganisationKind.MUNICIPALITY
    region = factory.SubFactory(RegionFactory)
    municipality = factory.LazyAttribute(lambda o: o.region.centrumgemeente)

    class Meta:
        model = Organisation


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.LazyFunction(lambda: fake.first_name())
    last_name = factory.LazyFunction(lambda: fake.last_name())
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.WMO_CONSULENT
    password = factory.django.Password("correct-horse-battery-staple")

    class Meta:
        model = User


def consulent_for(municipality: Municipality, **kwargs) -> User:  # type: ignore[no-untyped-def]
    org = OrganisationFactory(
        name=f"Gemeente {municipality.name}", region=municipality.region, municipality=municipality
    )
    return UserFactory(organisation=org, role=Role.WMO_CONSULENT, **kwargs)


def user_with_role(role: Role, region: Region, **org_kwargs) -> User:  # type: ignore[no-untyped-def]
    kind = {
        Role.WMO_CONSULENT: OrganisationKind.MUNICIPALITY,
        Role.CT_ADVISEUR: OrganisationKind.CENTRAL_ACCESS,
        Role.ZORGAANBIEDER: OrganisationKind.PROVIDER,
        Role.WONINGCORPORATIE: OrganisationKind.HOUSING_ASSOCIATION,
        Role.BELEID: OrganisationKind.REGION,
        Role.PRIVACY_OFFICER: OrganisationKind.REGION,
        Role.FUNCTIONEEL_BEHEER: OrganisationKind.REGION,
    }[role]
    defaults: dict[str, object] = {"municipality": None}
    if kind == OrganisationKind.MUNICIPALITY:
        defaults["municipality"] = region.centrumgemeente
    if kind == OrganisationKind.PROVIDER and "provider" not in org_kwargs:
        defaults["provider"] = ProviderFactory()
    if kind == OrganisationKind.HOUSING_ASSOCIATION and "housing_association" not in org_kwargs:
        from bwmo.regions.models import HousingAssociation

        defaults["housing_association"] = HousingAssociation.objects.create(
            name=f"Corporatie {fake.last_name()} {fake.random_int()}"
        )
    defaults.update(org_kwargs)
    org = OrganisationFactory(name=f"{kind} {region}", kind=kind, region=region, **defaults)
    return UserFactory(organisation=org, role=role)


class ClientFactory(factory.django.DjangoModelFactory):
    given_names = factory.LazyFunction(lambda: fake.first_name())
    surname = factory.LazyFunction(lambda: fake.last_name())
    date_of_birth = date(1990, 5, 17)
    registration_municipality = factory.SubFactory(MunicipalityFactory)
    origin_municipality = factory.SelfAttribute("registration_municipality")
    region = factory.LazyAttribute(lambda o: o.registration_municipality.region)
    bsn_encrypted = factory.Sequence(lambda n: crypto.encrypt(valid_bsn(n)))
    bsn_index = factory.Sequence(lambda n: crypto.blind_index(valid_bsn(n)))

    class Meta:
        model = Client
