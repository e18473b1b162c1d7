"""Read use cases for clients, always within the user's scope (accounts.scoping)."""

from datetime import date

from django.db.models import Q, QuerySet

from bwmo.accounts.models import User
from bwmo.accounts.scoping import CaseAccess, case_access, clients_for
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn

from .constants import PROVIDER_VISIBLE_EVENTS
from .models import Client, ClientEvent


def looks_like_bsn(query: str) -> bool:
    digits = query.strip().replace(" ", "").replace(".", "")
    return digits.isdigit() and len(digits) in (8, 9)


def client_search(*, user: User, query: str = "", date_of_birth: date | None = None) -> QuerySet[Client]:
    """Search by name, exact BSN, or date of birth. The BSN is matched through its blind index."""
    clients = clients_for(user).select_related("registration_municipality", "responsible_municipality")
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


def client_events_for(*, user: User, client: Client) -> QuerySet[ClientEvent]:
    events = client.events.select_related("actor")
    if case_access(user) is CaseAccess.PLACEMENT:
        events = events.filter(kind__in=PROVIDER_VISIBLE_EVENTS)
    return events
