"""Security headers that Django does not set itself."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (settings.BWMO_PERMISSIONS_POLICY): no camera, microphone,
    location and the like for this site or anything it might embed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.BWMO_PERMISSIONS_POLICY)
        return response
