"""Writing the access log. Every read or change of a client's personal data goes through here."""

import re
from collections.abc import Iterable

from django.http import HttpRequest

from bwmo.accounts.models import User
from bwmo.clients.models import Client

from .constants import AccessAction, Purpose
from .models import AccessLogEntry

# Eight or nine digits, possibly grouped with spaces or dots: what a BSN looks like (dashes are
# left alone, so that dates such as 2027-12-01 stay readable).
_BSN_LIKE = re.compile(r"(?<!\d)\d(?:[ .]?\d){7,8}(?!\d)")
BSN_MASK = "[BSN]"


def logged_path(request: HttpRequest | None) -> str:
    """The address to log, with anything that looks like a BSN in the query masked.

    A search by BSN in a URL (the API's ``?q=``, or a hand-made link) must not put the BSN into
    the access log, which the privacy officer reads and nobody can correct.
    """
    if request is None:
        return ""
    path = request.get_full_path()
    if request.GET and any(_BSN_LIKE.search(v) for vs in request.GET.lists() for v in vs[1]):
        query = request.GET.copy()
        for key, values in query.lists():
            query.setlist(key, [_BSN_LIKE.sub(BSN_MASK, value) for value in values])
        path = f"{path.split('?', 1)[0]}?{query.urlencode(safe='[]')}"
    return path[:300]


def access_log_write(
    *,
    user: User,
    action: AccessAction,
    purpose: Purpose,
    client: Client | None = None,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        user=user,
        username=user.get_username(),
        role=user.display_role,
        organisation=str(user.organisation) if user.organisation_id else "",
        client=client,
        action=action,
        purpose=purpose,
        path=logged_path(request),
        detail=detail[:300],
    )


def access_log_write_many(
    *,
    user: User,
    clients: Iterable[Client],
    action: AccessAction,
    purpose: Purpose,
    request: HttpRequest | None = None,
    detail: str = "",
) -> int:
    """One entry per client shown, e.g. each row of a search result."""
    path = logged_path(request)
    entries = [
        AccessLogEntry(
            user=user,
            username=user.get_username(),
            role=user.display_role,
            organisation=str(user.organisation) if user.organisation_id else "",
            client=client,
            action=action,
            purpose=purpose,
            path=path,
            detail=detail[:300],
        )
        for client in clients
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
