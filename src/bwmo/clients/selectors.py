"""Read use cases for clients, always within the user's scope (bwmo.scoping)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from bwmo.accounts.models import User
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn
from bwmo.scoping import CaseAccess, case_access, clients_for

from . import duplicates
from .constants import PROVIDER_VISIBLE_EVENTS
from .models import Client, ClientEvent, ClientMerge, DuplicateReferral


def looks_like_bsn(query: str) -> bool:
    digits = query.strip().replace(" ", "").replace(".", "")
    return digits.isdigit() and len(digits) in (8, 9)


def client_search(*, user: User, query: str = "", date_of_birth: date | None = None) -> QuerySet[Client]:
    """Search by name, exact BSN, or date of birth. The BSN is matched through its blind index.

    Records merged into another record are left out: the surviving record stands for the person.
    """
    clients = clients_for(user).filter(merged_into__isnull=True).select_related(
        "registration_municipality", "responsible_municipality"
    )
    query = query.strip()
    if query:
        if looks_like_bsn(query):
            digits = query.replace(" ", "").replace(".", "")
            try:
                clients = clients.filter(bsn_index=crypto.blind_index(normalise_bsn(digits)))
            except InvalidBSN:
                clients = clients.none()
        else:
            for word in query.split():
                clients = clients.filter(
                    Q(surname__icontains=word) | Q(given_names__icontains=word)
                    | Q(surname_prefix__iexact=word)
                )
    if date_of_birth:
        clients = clients.filter(date_of_birth=date_of_birth)
    return clients.order_by("surname", "given_names", "pk")


def duplicate_referrals_for(user: User) -> QuerySet[DuplicateReferral]:
    """Registrations whose BSN was already registered outside the registrant's scope: for the
    central access (CT-adviseur) of the region of the new registration, nobody else. The other
    registration is shown only by number, region and municipality (see DuplicateReferral)."""
    from bwmo.accounts.constants import Role

    if (not user.is_authenticated or not user.is_active or user.role != Role.CT_ADVISEUR
            or user.organisation is None):
        return DuplicateReferral.objects.none()
    return DuplicateReferral.objects.filter(region_id=user.organisation.region_id).select_related(
        "new_client", "new_client__registration_municipality", "existing_client__region",
        "existing_client__registration_municipality", "referred_by", "resolved_by",
    )


def client_events_for(*, user: User, client: Client) -> QuerySet[ClientEvent]:
    """The case history of the client, including that of the records merged into it."""
    record_ids = [client.pk, *Client.objects.filter(merged_into=client).values_list("pk", flat=True)]
    events = ClientEvent.objects.filter(client_id__in=record_ids).select_related("actor", "client")
    if case_access(user) is CaseAccess.PLACEMENT:
        events = events.filter(kind__in=PROVIDER_VISIBLE_EVENTS)
    return events


# ------------------------------------------------------------------------------------------------
# Likely duplicates (clients.duplicates) within the user's scope
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    first: Client
    second: Client
    match: duplicates.DuplicateMatch


_RECORD_FIELDS = ("pk", "given_names", "surname_prefix", "surname", "date_of_birth", "bsn_index")


def _records(clients: QuerySet[Client]) -> list[duplicates.PersonRecord]:
    return [
        duplicates.PersonRecord(
            key=row["pk"], given_names=row["given_names"], surname_prefix=row["surname_prefix"],
            surname=row["surname"], date_of_birth=row["date_of_birth"], bsn_key=row["bsn_index"],
        )
        for row in clients.values(*_RECORD_FIELDS)
    ]


def record_of(client: Client) -> duplicates.PersonRecord:
    return duplicates.PersonRecord(
        key=client.pk, given_names=client.given_names, surname_prefix=client.surname_prefix,
        surname=client.surname, date_of_birth=client.date_of_birth, bsn_key=client.bsn_index,
    )


def duplicate_candidates(*, user: User) -> QuerySet[Client]:
    """Clients in the user's scope that can take part in a duplicate proposal (not merged)."""
    return clients_for(user).filter(merged_into__isnull=True)


def duplicate_matches_for(
    *, user: User, threshold: float = duplicates.DEFAULT_THRESHOLD
) -> list[duplicates.DuplicateMatch]:
    """Every likely duplicate pair among the clients in the user's scope, best first."""
    return duplicates.find_duplicates(_records(duplicate_candidates(user=user)), threshold=threshold)


def duplicate_pairs(*, user: User, matches: list[duplicates.DuplicateMatch]) -> list[DuplicatePair]:
    """The matches with their client records (in the user's scope), for display."""
    ids = {m.first for m in matches} | {m.second for m in matches}
    clients = duplicate_candidates(user=user).select_related(
        "registration_municipality", "origin_municipality"
    ).in_bulk(ids)
    return [
        DuplicatePair(clients[m.first], clients[m.second], m)
        for m in matches
        if m.first in clients and m.second in clients
    ]


def _birth_dates_that_can_match(day: date) -> set[date]:
    days = {day}
    if day.day <= 12:  # the swapped date exists (a month number ≤ 12 is always a valid day)
        days.add(date(day.year, day.day, day.month))
    return days


def duplicates_of(
    *, user: User, client: Client, threshold: float = duplicates.DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Likely duplicates of one client within the user's scope, best first."""
    if client.merged_into_id is not None:
        return []
    others = duplicate_candidates(user=user).filter(
        date_of_birth__in=_birth_dates_that_can_match(client.date_of_birth)
    ).exclude(pk=client.pk)
    record = record_of(client)
    matches = [
        match for other in _records(others)
        if (match := duplicates.compare(record, other, threshold=threshold)) is not None
    ]
    matches.sort(key=lambda m: (-m.score, m.first, m.second))
    return duplicate_pairs(user=user, matches=matches)


def merge_for_undo(*, user: User, pk: int) -> ClientMerge:
    """An active merge whose surviving record is in the user's scope; DoesNotExist otherwise."""
    return ClientMerge.objects.select_related("survivor", "duplicate", "merged_by").get(
        pk=pk, undone_at__isnull=True, survivor__in=clients_for(user).values("pk")
    )


def merges_received(*, client: Client) -> QuerySet[ClientMerge]:
    """The active merges into this client (the records it stands for), newest first."""
    return ClientMerge.objects.filter(survivor=client, undone_at__isnull=True).select_related(
        "duplicate", "merged_by"
    )


def dossier_for(*, client: Client) -> dict[str, list[object]]:
    """The dossier parts shown to full case access: relations, documents and notes."""
    return {
        "relations": list(client.relations.all()),
        "documents": list(client.documents.select_related("uploaded_by")),
        "notes": list(client.notes.select_related("author")),
    }


def likely_duplicates_of_new(
    *, user: User, given_names: str, surname: str, date_of_birth: date, surname_prefix: str = "",
    bsn_key: str | None = None, threshold: float = duplicates.DEFAULT_THRESHOLD,
) -> list[tuple[Client, duplicates.DuplicateMatch]]:
    """Clients in the user's scope that a registration with these details would likely
    duplicate (the same rules as the merge proposals), best first. Nothing is saved."""
    new = duplicates.PersonRecord(key=0, given_names=given_names, surname_prefix=surname_prefix,
                                  surname=surname, date_of_birth=date_of_birth, bsn_key=bsn_key)
    others = duplicate_candidates(user=user).filter(
        date_of_birth__in=_birth_dates_that_can_match(date_of_birth))
    matches = [
        match for other in _records(others)
        if (match := duplicates.compare(new, other, threshold=threshold)) is not None
    ]
    matches.sort(key=lambda m: (-m.score, m.second))
    clients = duplicate_candidates(user=user).in_bulk([m.second for m in matches])
    return [(clients[m.second], m) for m in matches if m.second in clients]
