"""Reads for retention: which clients are due for destruction, what a privacy officer sees."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.clients.models import Client
from bwmo.journeys.constants import BeschikkingOutcome
from bwmo.journeys.models import Beschikking, Melding
from bwmo.placements.models import Placement

from .constants import OPEN_STATUSES, ItemStatus
from .models import DestructionItem, DestructionRequest, LegalHold
from .rules import Retention, RetentionClass, case_retention


@dataclass(frozen=True)
class ClientRetention:
    """The retention of a client as a whole: the latest destruction date of its cases, or None
    while any case is still running (or the client has no case at all)."""

    retention_class: str
    destruction_date: date | None

    def is_due(self, today: date) -> bool:
        return self.destruction_date is not None and self.destruction_date <= today


def client_retention(client: Client) -> ClientRetention:
    return dossier_retention([
        case_retention(melding)
        for melding in client.meldingen.prefetch_related("beschikkingen")  # type: ignore[attr-defined]
    ])


def dossier_retention(retentions: list[Retention]) -> ClientRetention:
    """The client's retention from those of its cases (see `ClientRetention`)."""
    if not retentions or any(r.destruction_date is None for r in retentions):
        return ClientRetention(RetentionClass.RUNNING, None)
    last = max(retentions, key=lambda r: r.destruction_date)  # type: ignore[arg-type, return-value]
    return ClientRetention(last.retention_class, last.destruction_date)


@dataclass(frozen=True)
class CaseRetention:
    melding: Melding
    retention: Retention


def case_retentions(client: Client) -> list[CaseRetention]:
    """Each case (melding) of the client with its retention class and destruction date, newest
    first: what the dossier shows under "Bewaartermijn"."""
    meldingen = client.meldingen.prefetch_related("beschikkingen").order_by(  # type: ignore[attr-defined]
        "-reported_on", "-id")
    return [CaseRetention(melding, case_retention(melding)) for melding in meldingen]


def on_legal_hold(client: Client) -> bool:
    return LegalHold.objects.filter(client=client, lifted_on__isnull=True).exists()


def destroyed_client_ids() -> QuerySet[DestructionItem]:
    return DestructionItem.objects.filter(status=ItemStatus.EXECUTED).values("client_id")


def due_candidates() -> QuerySet[Client]:
    """Clients that may be due: not destroyed, not on hold, not merged away, no open proposal,
    and nothing obviously still running (an open placement or an open granted beschikking). The
    exact test is `client_retention`."""
    return (
        Client.objects.filter(merged_into__isnull=True)
        .exclude(pk__in=destroyed_client_ids())
        .exclude(pk__in=DestructionItem.objects.filter(status__in=OPEN_STATUSES).values("client_id"))
        .exclude(pk__in=LegalHold.objects.filter(lifted_on__isnull=True).values("client_id"))
        .filter(Exists(Melding.objects.filter(client=OuterRef("pk"))))
        .exclude(Exists(Placement.objects.filter(client=OuterRef("pk"), end_date__isnull=True)))
        .exclude(Exists(Beschikking.objects.filter(
            client=OuterRef("pk"), outcome=BeschikkingOutcome.GRANTED, end_date__isnull=True)))
        .order_by("pk")
    )


def region_of_privacy_officer(user: User) -> int | None:
    if not user.is_authenticated or user.role != Role.PRIVACY_OFFICER or user.organisation is None:
        return None
    return user.organisation.region_id


def items_for(user: User) -> QuerySet[DestructionItem]:
    """Destruction proposals of the privacy officer's region; nobody else sees any."""
    region_id = region_of_privacy_officer(user)
    if region_id is None:
        return DestructionItem.objects.none()
    return DestructionItem.objects.filter(region_id=region_id).select_related(
        "client", "decided_by", "request"
    )


def holds_for(user: User) -> QuerySet[LegalHold]:
    region_id = region_of_privacy_officer(user)
    if region_id is None:
        return LegalHold.objects.none()
    return LegalHold.objects.filter(client__region_id=region_id).select_related("client", "placed_by")


def requests_for(user: User) -> QuerySet[DestructionRequest]:
    region_id = region_of_privacy_officer(user)
    if region_id is None:
        return DestructionRequest.objects.none()
    return DestructionRequest.objects.filter(client__region_id=region_id).select_related("client")


def client_for_privacy_officer(user: User, client_number: int) -> Client | None:
    """A client of the privacy officer's region by number, or None (outside or unknown)."""
    region_id = region_of_privacy_officer(user)
    if region_id is None:
        return None
    return Client.objects.filter(pk=client_number, region_id=region_id).first()
