"""Authentication events in the access log (NEN 7513), whatever login view is used: Django's
own signals are sent by `authenticate()`, `login()` and `logout()`, also for the API's
authentication and any future MFA or OIDC view.

Only events of an HTTP request are logged: a login without one (a script, or a test client's
`force_login`, which passes a bare request) is not a user authenticating."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .constants import AccessAction, Purpose
from .services import access_log_write_anonymous


def _http(request) -> bool:  # type: ignore[no-untyped-def]
    return request is not None and "REQUEST_METHOD" in getattr(request, "META", {})


@receiver(user_logged_in, dispatch_uid="bwmo_audit_login")
def _logged_in(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if not _http(request):
        return
    access_log_write_anonymous(user=user, username=user.get_username(), action=AccessAction.LOGIN,
                               purpose=Purpose.AUTHENTICATION, request=request)


@receiver(user_logged_out, dispatch_uid="bwmo_audit_logout")
def _logged_out(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if user is None or not _http(request):
        return
    access_log_write_anonymous(user=user, username=user.get_username(),
                               action=AccessAction.LOGOUT, purpose=Purpose.AUTHENTICATION,
                               request=request)


@receiver(user_login_failed, dispatch_uid="bwmo_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
    if not _http(request):
        return
    # `credentials` has the password already masked by Django; only the username is kept.
    username = str(credentials.get("username", "") or "")
    access_log_write_anonymous(username=username, action=AccessAction.LOGIN_FAILED,
                               purpose=Purpose.AUTHENTICATION, request=request)
