"""Every page needs a logged-in user, except the login page, static files and the health check."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

PUBLIC_PREFIXES = ("/accounts/login/", "/static/", "/health/", "/beheer/")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            if request.path.startswith("/api/"):
                return self.get_response(request)  # DRF answers 401/403 itself
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            # Pages with client data must not stay in the cache of a shared computer.
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
