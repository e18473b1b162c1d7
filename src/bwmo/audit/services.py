"""Writing the access log. Every read or change of a client's personal data goes through here."""

from collections.abc import Iterable

from django.http import HttpRequest

from bwmo.accounts.models import User
from bwmo.clients.models import Client

from .constants import AccessAction, Purpose
from .models import AccessLogEntry


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
        path=(request.get_full_path()[:300] if request is not None else ""),
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
    entries = [
        AccessLogEntry(
            user=user,
            username=user.get_username(),
            role=user.display_role,
            organisation=str(user.organisation) if user.organisation_id else "",
            client=client,
            action=action,
            purpose=purpose,
            path=(request.get_full_path()[:300] if request is not None else ""),
            detail=detail[:300],
        )
        for client in clients
    ]
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)
