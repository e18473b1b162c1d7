"""Writing the access log. Every read or change of a client's personal data goes through here.

Each entry records (NEN 7513) who (user, role and organisation snapshots, on whose behalf), which
client and which object, what (action), why (purpose, optional reason), when (UTC) and from
where (origin IP). A search records which criteria were used and, one entry per client, which
clients it returned, never the text searched for. Entries are chained (`audit.chain`).

All arguments after the first three are optional, so callers written against earlier versions
keep working.
"""

import ipaddress
import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from bwmo.accounts.models import User

if TYPE_CHECKING:  # the log refers to clients by their id; it does not use the clients app
    from bwmo.clients.models import Client

from . import chain
from .constants import AccessAction, Purpose
from .models import AccessLogEntry

# Eight or nine digits, possibly grouped with spaces or dots: what a BSN looks like (dashes are
# left alone, so that dates such as 2027-12-01 stay readable).
_BSN_LIKE = re.compile(r"(?<!\d)\d(?:[ .]?\d){7,8}(?!\d)")
BSN_MASK = "[BSN]"
# Query parameters that steer paging or layout, not what is searched for.
_NOT_CRITERIA = frozenset({"pagina", "page", "sort", "format"})

# The request being handled (set by audit.middleware), so that services called without a
# request still log the origin.
current_request: ContextVar[HttpRequest | None] = ContextVar("bwmo_current_request", default=None)


def logged_path(request: HttpRequest | None) -> str:
    """The address to log: the path without its query string.

    A query string holds what was searched for (a name, a birth date, a BSN in the API's ``?q=``
    or a hand-made link); the log keeps only which criteria were used (`search_criteria`). A
    BSN-like number in the path itself is masked too.
    """
    if request is None:
        return ""
    return _BSN_LIKE.sub(BSN_MASK, request.path)[:300]


def search_criteria(request: HttpRequest | None) -> str:
    """The names of the non-empty query (GET) or form (POST) fields, e.g. ``date_of_birth,q``."""
    if request is None:
        return ""
    data = request.GET if request.method == "GET" else request.POST
    names = sorted(
        key for key, values in data.lists()
        if key not in _NOT_CRITERIA and key != "csrfmiddlewaretoken" and any(v.strip() for v in values)
    )
    return ",".join(names)[:200]


def origin_of(request: HttpRequest | None) -> str | None:
    """The client's IP address as the web server saw it (REMOTE_ADDR; a reverse proxy must set
    it, e.g. gunicorn's --forwarded-allow-ips, see docs/access-log.md)."""
    request = request or current_request.get()
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def _values(
    *, user: User | None, username: str, action: str, purpose: str, client: "Client | None",
    request: HttpRequest | None, detail: str, on_behalf_of: str, object_type: str,
    object_id: object, reason: str, criteria: str | None,
) -> dict[str, object]:
    organisation = ""
    if user is not None and user.organisation_id:
        organisation = str(user.organisation)
    if criteria is None:
        criteria = search_criteria(request) if action == AccessAction.SEARCH else ""
    return {
        "user_id": user.pk if user is not None else None,
        "username": username[:150],
        "role": (user.display_role if user is not None else "")[:50],
        "organisation": organisation[:150],
        "on_behalf_of": on_behalf_of[:150],
        "client_id": client.pk if client is not None else None,
        "object_type": object_type[:50],
        "object_id": str(object_id if object_id is not None else "")[:50],
        "action": str(action),
        "purpose": str(purpose),
        "reason": reason[:300],
        "criteria": criteria[:200],
        "origin": origin_of(request),
        "path": logged_path(request or current_request.get()),
        "detail": _BSN_LIKE.sub(BSN_MASK, detail)[:300],
    }


def _append(rows: list[dict[str, object]]) -> list[AccessLogEntry]:
    """Chain and insert the rows, in one transaction under the chain lock."""
    with transaction.atomic():
        prev = chain.lock_and_last_hash()
        now = timezone.now()
        entries = []
        for values in rows:
            values["at"] = now
            digest = chain.entry_hash(prev, values)
            entries.append(AccessLogEntry(prev_hash=prev, hash=digest, **values))
            prev = digest
        if len(entries) == 1:
            entries[0].save()
        else:
            AccessLogEntry.objects.bulk_create(entries)
    return entries


def access_log_write(
    *,
    user: User,
    action: AccessAction,
    purpose: Purpose,
    client: "Client | None" = None,
    request: HttpRequest | None = None,
    detail: str = "",
    on_behalf_of: str = "",
    object_type: str = "",
    object_id: object = None,
    reason: str = "",
    criteria: str | None = None,
) -> AccessLogEntry:
    return _append([_values(
        user=user, username=user.get_username(), action=action, purpose=purpose, client=client,
        request=request, detail=detail, on_behalf_of=on_behalf_of, object_type=object_type,
        object_id=object_id, reason=reason, criteria=criteria,
    )])[0]


def access_log_write_many(
    *,
    user: User,
    clients: "Iterable[Client]",
    action: AccessAction,
    purpose: Purpose,
    request: HttpRequest | None = None,
    detail: str = "",
    on_behalf_of: str = "",
    reason: str = "",
    criteria: str | None = None,
) -> int:
    """One entry per client shown, e.g. each row of a search result. A search that shows nobody
    still leaves one entry, without a client (NEN 7513: who searched with which criteria; a
    search without a hit tells as much as one with a hit)."""
    def row(client: "Client | None", text: str) -> dict[str, object]:
        return _values(
            user=user, username=user.get_username(), action=action, purpose=purpose,
            client=client, request=request, detail=text, on_behalf_of=on_behalf_of,
            object_type="", object_id=None, reason=reason, criteria=criteria,
        )

    rows = [row(client, detail) for client in clients]
    if rows:
        _append(rows)
    elif action == AccessAction.SEARCH:
        _append([row(None, f"{detail}: geen resultaat" if detail else "Geen resultaat")])
    return len(rows)


def access_log_write_anonymous(
    *, username: str, action: AccessAction, purpose: Purpose, request: HttpRequest | None = None,
    detail: str = "", user: User | None = None, client: "Client | None" = None,
    object_type: str = "", object_id: object = None,
) -> AccessLogEntry:
    """An entry where there may be no logged-in user: a failed login (the username tried), a
    management command (`user` None, username names the command)."""
    return _append([_values(
        user=user, username=_BSN_LIKE.sub(BSN_MASK, username), action=action, purpose=purpose,
        client=client, request=request, detail=detail, on_behalf_of="", object_type=object_type,
        object_id=object_id, reason="", criteria="",
    )])[0]
