"""The one place that decides which clients a user may see (DOMAIN §2).

Every view and API that touches client data gets its clients from `clients_for(user)` (or
`client_get_for(user, pk)`), never from `Client.objects` directly. A client outside the scope is
indistinguishable from a client that does not exist: callers turn `Client.DoesNotExist` into 404.

| role | sees |
| --- | --- |
| Wmo-consulent | clients registered at, reported at, or the responsibility of their municipality |
| CT-adviseur | clients of the region with an advice request or an MO melding, and clients the central access registered itself; all BW meldingen when the region mandates the central access to decide |
| zorgaanbieder | clients with a placement, a waiting-list entry at, or a beschikking for the provider, until the region's `provider_access_days` after the last of these ended; identity and placement data only |
| others | no named clients |
"""

from datetime import date, timedelta
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.capacity.models import Location
from bwmo.clients.constants import EventKind
from bwmo.clients.models import Client, ClientEvent
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.constants import DecisionMaker, Track
from bwmo.regions.models import Region


class CaseAccess(StrEnum):
    NONE = "none"
    PLACEMENT = "placement"  # identity and what the placement needs
    FULL = "full"


def case_access(user: User) -> CaseAccess:
    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return CaseAccess.NONE
    if user.role in (Role.WMO_CONSULENT, Role.CT_ADVISEUR):
        return CaseAccess.FULL
    if user.role == Role.ZORGAANBIEDER:
        return CaseAccess.PLACEMENT
    return CaseAccess.NONE


def client_scope(user: User) -> Q:
    """The filter on `Client` for this user; `Q(pk__in=[])` when the user sees no clients."""
    if case_access(user) is CaseAccess.NONE:
        return Q(pk__in=[])
    organisation = user.organisation
    assert organisation is not None
    if user.role == Role.WMO_CONSULENT:
        municipality_id = organisation.municipality_id
        reported_here = Melding.objects.filter(client=OuterRef("pk"), municipality_id=municipality_id)
        return (
            Q(responsible_municipality_id=municipality_id)
            | Q(registration_municipality_id=municipality_id)
            | Q(Exists(reported_here))
        )
    if user.role == Role.CT_ADVISEUR:
        region = organisation.region
        in_region = Melding.objects.filter(
            client=OuterRef("pk"), municipality__region_id=region.pk
        )
        # A client the central access registered itself (an MO intake without a BSN, before the
        # melding is written) stays visible to it.
        registered_here = Q(Exists(ClientEvent.objects.filter(
            client=OuterRef("pk"), kind=EventKind.REGISTERED,
            actor__organisation_id=organisation.pk,
        )))
        if region.decision_maker == DecisionMaker.REGIONAL:
            return Q(Exists(in_region)) | registered_here
        advised = AdviceRequest.objects.filter(
            melding__client=OuterRef("pk"), melding__municipality__region_id=region.pk
        )
        return Q(Exists(advised)) | Q(Exists(in_region.filter(track=Track.MO))) | registered_here
    if user.role == Role.ZORGAANBIEDER:
        provider_id = organisation.provider_id
        # Access ends the region's provider_access_days after the last placement, waiting-list
        # entry or beschikking for this provider ended (issue 8): not for years afterwards.
        since = provider_access_since(organisation.region)
        return (
            Q(Exists(Placement.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=since),
                client=OuterRef("pk"), location__provider_id=provider_id,
            )))
            | Q(Exists(WaitingListEntry.objects.filter(
                Q(removed_on__isnull=True) | Q(removed_on__gte=since),
                client=OuterRef("pk"), location__provider_id=provider_id,
            )))
            | Q(Exists(Beschikking.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=since),
                client=OuterRef("pk"), provider_id=provider_id,
            )))
        )
    return Q(pk__in=[])


def provider_access_since(region: Region) -> date:
    """The earliest end date that still gives a provider access today."""
    return timezone.localdate() - timedelta(days=region.provider_access_days)


def clients_for(user: User) -> QuerySet[Client]:
    return Client.objects.filter(client_scope(user))


def client_get_for(user: User, pk: int) -> Client:
    """The client if this user may see it; raises Client.DoesNotExist otherwise."""
    return clients_for(user).select_related(
        "origin_municipality", "registration_municipality", "responsible_municipality", "region"
    ).get(pk=pk)


def melding_scope(user: User) -> Q:
    """Meldingen a user may see: those of clients in scope (providers never see meldingen)."""
    if case_access(user) is not CaseAccess.FULL:
        return Q(pk__in=[])
    return Q(client__in=clients_for(user).values("pk"))


def may_register_clients(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.WMO_CONSULENT, Role.CT_ADVISEUR)


# --- Capacity, placements and the waiting list (issue #4) ---------------------------------------
#
# | role | locations | placements / waiting-list entries |
# | --- | --- | --- |
# | Wmo-consulent, CT-adviseur | the region's (to find a free place) | of clients in their scope |
# | zorgaanbieder | its own | at its own locations (waiting: its locations or beschikkingen) |
# | beleid | the region's (aggregated counts only) | none: aggregates only |
# | others | none | none |

REGION_LOCATION_ROLES = frozenset({Role.WMO_CONSULENT, Role.CT_ADVISEUR, Role.BELEID})


def locations_for(user: User) -> QuerySet[Location]:
    """Locations whose places and occupancy (counts, no client data) this user may see."""
    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return Location.objects.none()
    organisation = user.organisation
    assert organisation is not None
    if user.role == Role.ZORGAANBIEDER:
        return Location.objects.filter(provider_id=organisation.provider_id)
    if user.role in REGION_LOCATION_ROLES:
        return Location.objects.filter(municipality__region_id=organisation.region_id)
    return Location.objects.none()


def may_change_capacity(user: User, location: Location) -> bool:
    """Only the provider's own staff change the places of its locations."""
    return (
        user.is_authenticated and user.is_active and user.role == Role.ZORGAANBIEDER
        and user.organisation is not None
        and user.organisation.provider_id is not None
        and location.provider_id == user.organisation.provider_id
    )


def placements_for(user: User) -> QuerySet[Placement]:
    """Placements with client data this user may see; beleid and others: none."""
    access = case_access(user)
    if access is CaseAccess.NONE:
        return Placement.objects.none()
    if user.role == Role.ZORGAANBIEDER:
        assert user.organisation is not None
        return Placement.objects.filter(
            location__provider_id=user.organisation.provider_id,
            client__in=clients_for(user).values("pk"),
        )
    return Placement.objects.filter(client__in=clients_for(user).values("pk"))


def waiting_list_for(user: User) -> QuerySet[WaitingListEntry]:
    """Waiting-list entries with client data this user may see; beleid and others: none."""
    access = case_access(user)
    if access is CaseAccess.NONE:
        return WaitingListEntry.objects.none()
    in_scope = WaitingListEntry.objects.filter(client__in=clients_for(user).values("pk"))
    if user.role == Role.ZORGAANBIEDER:
        assert user.organisation is not None
        provider_id = user.organisation.provider_id
        return in_scope.filter(
            Q(location__provider_id=provider_id) | Q(beschikking__provider_id=provider_id)
        )
    return in_scope


# --- Woonplaatsbeginsel settlement (issue #3, finance) -------------------------------------------
#
# Beleid (region or municipality) and functioneel beheer read the region's placements only as
# days × tariff between municipalities, with a pseudonym instead of the client (finance.selectors);
# they never get a Client object or a name through this function's callers.

SETTLEMENT_ROLES = frozenset({Role.BELEID, Role.FUNCTIONEEL_BEHEER})


def settlement_placements_for(user: User) -> QuerySet[Placement]:
    """Placements behind the settlement of the user's region: paid by, located in, or of a client
    from one of its municipalities. Other roles: none."""
    if (
        not user.is_authenticated or not user.is_active or user.role not in SETTLEMENT_ROLES
        or user.organisation is None or user.organisation.region_id is None
    ):
        return Placement.objects.none()
    region_id = user.organisation.region_id
    return Placement.objects.filter(
        Q(responsible_municipality__region_id=region_id)
        | Q(location__municipality__region_id=region_id)
        | Q(client__origin_municipality__region_id=region_id)
    )
