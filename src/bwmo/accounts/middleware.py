"""Every page needs a signed-in user who has passed the second factor, except the login pages,
static files and the health check. Sessions end 10 hours after login whatever the activity."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .sessions import expired

PUBLIC_PREFIXES = (
    "/accounts/login/", "/accounts/wachtwoord-vergeten/", "/accounts/oidc/", "/static/", "/health/",
)
# Reachable after the password but before the code: the code step itself and logging out.
SECOND_FACTOR_PREFIXES = ("/accounts/tweede-factor/", "/accounts/logout/", "/static/", "/health/")


class SessionLimitMiddleware:
    """Logs out a session that started more than SESSION_MAX_HOURS ago (the idle limit of
    SESSION_COOKIE_AGE is Django's own, renewed on every request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and expired(request.session):
            logout(request)
            if not request.path.startswith("/api/"):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            if request.path.startswith(PUBLIC_PREFIXES) or request.path.startswith("/beheer/"):
                return self.get_response(request)  # the admin sends its login to ours (urls.py)
            if request.path.startswith("/api/"):
                return self.get_response(request)  # DRF answers 401/403 itself
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not user.is_verified() and not request.path.startswith(SECOND_FACTOR_PREFIXES):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Tweede factor nog niet ingevoerd."}, status=403)
            return redirect_to_login(request.get_full_path(), reverse("accounts:second-factor"))
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            # Pages with client data must not stay in the cache of a shared computer.
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin has no second factor of its own: its login is ours."""
    target = reverse("accounts:login")
    next_url = request.GET.get("next")
    return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
