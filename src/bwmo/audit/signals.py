"""Authentication events in the access log (NEN 7513), whatever login view is used: Django's
own signals are sent by `authenticate()`, `login()` and `logout()`, also for the API's
authentication and any future MFA or OIDC view.

Only events of an HTTP request are logged: a login without one (a script, or a test client's
`force_login`, which passes a bare request) is not a user authenticating."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from bwmo.accounts.mfa import second_factor_checked

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


@receiver(second_factor_checked, dispatch_uid="bwmo_audit_second_factor")
def _second_factor(sender, request, user, passed, step, recovery_code, remaining, **kwargs):  # type: ignore[no-untyped-def]
    if not _http(request):
        return
    if not passed:
        detail = f"Tweede factor: code onjuist of verlopen ({step})"
    elif recovery_code:
        detail = f"Tweede factor: herstelcode gebruikt ({step}); nog {remaining} over"
    else:
        detail = f"Tweede factor: code uit de app ({step})"
    access_log_write_anonymous(
        user=user, username=user.get_username(),
        action=AccessAction.LOGIN if passed else AccessAction.LOGIN_FAILED,
        purpose=Purpose.AUTHENTICATION, request=request, detail=detail)


# --- changes of roles, rights and passwords (issue 8: in the access log, not only django_admin_log)

_WATCHED = {"role": "rol", "is_superuser": "superuser", "is_staff": "beheertoegang",
            "is_active": "actief", "organisation_id": "organisatie"}


def _actor_and_request():  # type: ignore[no-untyped-def]
    from .services import current_request

    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and not user.is_authenticated:
        user = None
    return user, request


def _log_account_change(target, changes: list[str]) -> None:  # type: ignore[no-untyped-def]
    from .services import access_log_write_anonymous

    actor, request = _actor_and_request()
    access_log_write_anonymous(
        user=actor, username=actor.get_username() if actor else "systeem",
        action=AccessAction.UPDATE, purpose=Purpose.ADMINISTRATION, request=request,
        object_type="gebruiker", object_id=target.pk,
        detail=f"Gebruiker {target.get_username()}: " + "; ".join(changes),
    )


def _connect_account_signals() -> None:
    from django.db.models.signals import m2m_changed, post_save, pre_save

    from bwmo.accounts.models import User

    def before(sender, instance, raw=False, **kwargs):  # type: ignore[no-untyped-def]
        if raw or instance.pk is None:
            instance._audit_before = None
            return
        instance._audit_before = (
            User.objects.filter(pk=instance.pk).values("password", *_WATCHED).first()
        )

    def after(sender, instance, created, raw=False, **kwargs):  # type: ignore[no-untyped-def]
        if raw:
            return
        old = getattr(instance, "_audit_before", None)
        changes = []
        if created:
            # A user made in a web request (the admin), and any user made with staff or
            # superuser rights (createsuperuser), is logged with the rights it starts with.
            granted = [f"{label}: {getattr(instance, f)}" for f, label in _WATCHED.items()
                       if f not in ("is_active", "organisation_id") and getattr(instance, f)]
            if instance.is_staff or instance.is_superuser or _actor_and_request()[1] is not None:
                changes = ["aangemaakt", *granted]
        elif old is not None:
            changes += [f"{label}: {old[f]!s} → {getattr(instance, f)!s}"
                        for f, label in _WATCHED.items() if old[f] != getattr(instance, f)]
            if old["password"] != instance.password:
                changes.append("wachtwoord gewijzigd")
        if changes:
            _log_account_change(instance, changes)

    def rights(sender, instance, action, pk_set, **kwargs):  # type: ignore[no-untyped-def]
        if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, User):
            what = "rechten" if sender is User.user_permissions.through else "groepen"
            verb = {"post_add": "toegekend", "post_remove": "ingetrokken",
                    "post_clear": "alle ingetrokken"}[action]
            _log_account_change(instance, [f"{what} {verb}: {len(pk_set or [])}"])

    pre_save.connect(before, sender=User, dispatch_uid="bwmo_audit_user_before", weak=False)
    post_save.connect(after, sender=User, dispatch_uid="bwmo_audit_user_after", weak=False)
    for through in (User.user_permissions.through, User.groups.through):
        m2m_changed.connect(rights, sender=through, dispatch_uid=f"bwmo_audit_{through.__name__}",
                            weak=False)


_connect_account_signals()
