"""Signal receivers of accounts (connected in apps.AccountsConfig.ready).

Authentication events themselves are logged by the audit app; these only keep session state.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import User
from .sessions import LOGIN_AT_SESSION_KEY, end_sessions_of


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = timezone.now().timestamp()


@receiver(pre_save, sender=User)
def note_deactivation(sender, instance: User, **kwargs):  # type: ignore[no-untyped-def]
    instance._bwmo_deactivated = bool(  # type: ignore[attr-defined]
        instance.pk and not instance.is_active
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User)
def end_sessions_on_deactivation(sender, instance: User, **kwargs):  # type: ignore[no-untyped-def]
    if getattr(instance, "_bwmo_deactivated", False):
        end_sessions_of(instance)
