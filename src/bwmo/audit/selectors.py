"""Searching the access log (privacy officer)."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bwmo.accounts.constants import Role
from bwmo.accounts.models import User
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn

from .models import AccessLogEntry, client_model


def access_log_search(
    *, viewer: User, client_number: int | None = None, bsn: str = "", username: str = "",
    date_from: date | None = None, date_to: date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Entries within the privacy officer's region. A BSN is matched via its blind index."""
    entries = AccessLogEntry.objects.select_related("client")
    if viewer.organisation_id:
        entries = entries.filter(user__organisation__region_id=viewer.organisation.region_id)
    if client_number is not None:
        entries = entries.filter(client_id=client_number)
    if bsn:
        try:
            entries = entries.filter(client__bsn_index=crypto.blind_index(normalise_bsn(bsn)))
        except InvalidBSN:
            entries = entries.none()
    if username:
        entries = entries.filter(username__iexact=username.strip())
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        entries = entries.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return entries


def client_for_log_request(*, viewer: User, client_number: int | None = None,
                           bsn: str = "") -> Any:
    """The client a privacy officer may export the whole log of (an inzageverzoek, AVG art. 15):
    a client registered in the officer's region, reported at one of its municipalities, or
    whose data users of the region have accessed. None otherwise (or when there is no such
    client): the answer does not tell which."""
    if viewer.role != Role.PRIVACY_OFFICER or not viewer.organisation_id:
        return None
    clients = client_model().objects.all()
    if client_number is not None:
        clients = clients.filter(pk=client_number)
    elif bsn:
        try:
            clients = clients.filter(bsn_index=crypto.blind_index(normalise_bsn(bsn)))
        except InvalidBSN:
            return None
    else:
        return None
    region_id = viewer.organisation.region_id  # type: ignore[union-attr]
    related = (
        Q(region_id=region_id)
        | Q(meldingen__municipality__region_id=region_id)
        | Q(Exists(AccessLogEntry.objects.filter(
            client=OuterRef("pk"), user__organisation__region_id=region_id)))
    )
    return clients.filter(related).first()


def access_log_of_client(*, client: Any) -> QuerySet[AccessLogEntry]:
    """Every entry about this client, in every region, oldest first."""
    return AccessLogEntry.objects.filter(client=client).order_by("at", "id")
