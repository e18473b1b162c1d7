"""The one place that decides which clients a user may see (DOMAIN §2).

Every view and API that touches client data gets its clients from `clients_for(user)` (or
`client_get_for(user, pk)`), never from `Client.objects` directly. A client outside the scope is
indistinguishable from a client that does not exist: callers turn `Client.DoesNotExist` into 404.

| role | sees |
| --- | --- |
| Wmo-consulent | clients registered at, reported at, or the responsibility of their municipality |
| CT-adviseur | clients of the region with an advice request or an MO melding; all BW meldingen when the region mandates the central access to decide |
| zorgaanbieder | clients with a placement, a waiting-list entry at, or a beschikking for the provider; identity and placement data only |
| others | no named clients |
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.clients.models import Client
from bwmo.journeys.models import AdviceRequest, Beschikking, Melding
from bwmo.placements.models import Placement, WaitingListEntry
from bwmo.regions.constants import DecisionMaker, Track


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
        if region.decision_maker == DecisionMaker.REGIONAL:
            return Q(Exists(in_region))
        advised = AdviceRequest.objects.filter(
            melding__client=OuterRef("pk"), melding__municipality__region_id=region.pk
        )
        return Q(Exists(advised)) | Q(Exists(in_region.filter(track=Track.MO)))
    if user.role == Role.ZORGAANBIEDER:
        provider_id = organisation.provider_id
        return (
            Q(Exists(Placement.objects.filter(client=OuterRef("pk"), location__provider_id=provider_id)))
            | Q(Exists(WaitingListEntry.objects.filter(
                client=OuterRef("pk"), location__provider_id=provider_id, removed_on__isnull=True
            )))
            | Q(Exists(Beschikking.objects.filter(client=OuterRef("pk"), provider_id=provider_id)))
        )
    return Q(pk__in=[])


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
