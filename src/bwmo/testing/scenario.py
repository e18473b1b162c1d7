"""One small, complete case used by the permission matrix: a client of Rheden with a melding, an
advice request to the central access, a granted beschikking with a provider, a waiting-list entry
and a placement at that provider's location. Each route rule picks the objects it needs."""

from dataclasses import dataclass
from datetime import date

from bwmo.accounts.constants import OrganisationKind, Role
from bwmo.accounts.models import User
from bwmo.capacity.models import Location, Provider
from bwmo.clients.models import Client
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding, Toets
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.models import Municipality, Product, Region

from .factories import (
    ClientFactory,
    LocationFactory,
    OrganisationFactory,
    PlaceCapacityFactory,
    ProductFactory,
    ProviderFactory,
    UserFactory,
    consulent_for,
    user_with_role,
)


@dataclass
class Scenario:
    region: Region
    municipality: Municipality
    client: Client
    melding: Melding
    advice: AdviceRequest
    beschikking: Beschikking
    product: Product
    provider: Provider
    location: Location
    waiting: WaitingListEntry
    placement: Placement
    users: dict[str, User]  # role key → user; see build_scenario
    toets: Toets | None = None  # the toegangstoets the beschikking used


def build_scenario(region: Region) -> Scenario:
    rheden = region.municipalities.get(code="GM0275")
    product = ProductFactory(region=region)
    provider = ProviderFactory(name="Scenario Zorg")
    location = LocationFactory(provider=provider, municipality=region.centrumgemeente)
    PlaceCapacityFactory(location=location, product=product, places=5)
    client = ClientFactory(registration_municipality=rheden, responsible_municipality=rheden)
    melding = Melding.objects.create(
        client=client, track="BW", source="huisarts", reported_on=date(2026, 9, 1),
        municipality=rheden, origin_municipality=rheden, responsible_municipality=rheden,
    )
    advice = AdviceRequest.objects.create(
        melding=melding, question="Past beschermd wonen?", requested_on=date(2026, 9, 8)
    )
    toets = Toets.objects.create(
        melding=melding, track="BW", assessed_on=date(2026, 9, 15), facts={"track": "BW"},
        outcome="eligible", explanation="Voldoet aan alle criteria.",
        rule_results=[{"rule_id": "bw.adult", "label": "Volwassen", "kind": "criterion",
                       "status": "met", "status_label": "voldaan", "facts": "", "source": ""}],
    )
    beschikking = Beschikking.objects.create(
        melding=melding, client=client, outcome="granted", product=product, financing="zin",
        provider=provider, start_date=date(2026, 10, 1), end_date=date(2027, 9, 30),
        decided_on=date(2026, 9, 20), responsible_municipality=rheden, toets=toets,
    )
    waiting = WaitingListEntry.objects.create(
        client=client, product=product, location=location, beschikking=beschikking,
        responsible_municipality=rheden, entered_on=date(2026, 9, 21),
    )
    placement = Placement.objects.create(
        client=client, beschikking=beschikking, location=location, product=product,
        responsible_municipality=rheden, start_date=date(2026, 10, 1),
    )
    other_provider_org = OrganisationFactory(
        name="Andere Zorg", kind=OrganisationKind.PROVIDER, region=region, municipality=None,
        provider=ProviderFactory(name="Andere Zorg"),
    )
    users = {
        "consulent_own": consulent_for(rheden),
        "consulent_other": user_with_role(Role.WMO_CONSULENT, region),  # Arnhem
        "ct_adviseur": user_with_role(Role.CT_ADVISEUR, region),
        "provider_own": user_with_role(Role.ZORGAANBIEDER, region, provider=provider),
        "provider_other": UserFactory(organisation=other_provider_org, role=Role.ZORGAANBIEDER),
        "woningcorporatie": user_with_role(Role.WONINGCORPORATIE, region),
        "beleid": user_with_role(Role.BELEID, region),
        "privacy_officer": user_with_role(Role.PRIVACY_OFFICER, region),
        "functioneel_beheer": user_with_role(Role.FUNCTIONEEL_BEHEER, region),
    }
    return Scenario(
        region=region, municipality=rheden, client=client, melding=melding, advice=advice,
        beschikking=beschikking, product=product, provider=provider, location=location,
        waiting=waiting, placement=placement, users=users, toets=toets,
    )
