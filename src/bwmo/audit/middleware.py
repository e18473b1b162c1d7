"""Request context for the access log, and the log entry for a refused request.

`AccessLogMiddleware` makes the current request known to `audit.services` (for the origin IP
of services called without a request), and writes a `denied` entry when a logged-in user gets
403 or 404 on a route with client data: attempts outside one's scope are visible to the privacy
officer (NEN 7513), without telling the user whether the client exists.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from .constants import AccessAction, Purpose
from .services import access_log_write, current_request

# URL namespaces whose routes show or change client data (see tests/test_permission_matrix.py).
CLIENT_NAMESPACES = frozenset({
    "clients", "journeys", "placements", "capacity", "clients-api", "placements-api",
    "audit", "privacy", "api", "iwmo", "followups", "housing",
})
# Route keyword arguments that are a client number.
_CLIENT_KWARGS = {"clients:detail": "pk", "clients:edit": "pk",
                  "journeys:client-melding-create": "client_pk"}
DENIED_STATUSES = frozenset({403, 404})


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code in DENIED_STATUSES:
                log_denied(request, response.status_code)
            return response
        finally:
            current_request.reset(token)


def log_denied(request: HttpRequest, status: int) -> None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return
    if match.namespace not in CLIENT_NAMESPACES:
        return
    from .models import client_model

    client = None
    kwarg = _CLIENT_KWARGS.get(match.view_name)
    if kwarg and match.kwargs.get(kwarg) is not None:
        client = client_model().objects.filter(pk=match.kwargs[kwarg]).first()
    object_id = next(iter(match.kwargs.values()), None) if match.kwargs else None
    access_log_write(
        user=user, action=AccessAction.DENIED, purpose=Purpose.CASE_WORK, client=client,
        request=request, object_type=match.view_name, object_id=object_id,
        detail=f"Geweigerd ({status}) {request.method}",
    )
