"""Re-authentication before a bulk export: password and code again when the last entry is stale.

Use `@reauth_required` on any view that hands out data in bulk (an Excel file, a CSV, a full
export). Within `settings.BWMO_REAUTH_MAX_AGE` seconds of the last login or re-authentication the
view runs as usual; after that the user is sent to `accounts:reauth` and comes back to the same URL.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .mfa import AUTH_AT_SESSION_KEY


def recently_authenticated(request: HttpRequest) -> bool:
    at = request.session.get(AUTH_AT_SESSION_KEY)
    if at is None:
        return False
    return timezone.now().timestamp() - float(at) <= settings.BWMO_REAUTH_MAX_AGE


def reauth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not recently_authenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
