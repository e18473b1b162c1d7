"""Searching the access log (privacy officer)."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from bwmo.accounts.models import User
from bwmo.core import crypto
from bwmo.core.bsn import InvalidBSN, normalise_bsn

from .models import AccessLogEntry


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
