"""Tests and the second factor.

`client.force_login(user)` skips the login form, password included; in this project it also
stands for "and entered a valid code": the autouse fixture `_force_login_passes_second_factor`
(bwmo/conftest.py) wraps Django's `Client.force_login` with `verify_second_factor`, which gives the
user a confirmed TOTP device and marks the session as verified exactly as the code step does
(django-otp's session key, plus the re-authentication time). Nothing in the product's settings or
middleware changes for tests: a session logged in with only a password is still stopped at the
code step (accounts/tests/test_mfa.py). A test that needs a half-logged-in session uses
`force_login_password_only`.
"""

from typing import Any

from django.test import Client
from django.utils import timezone

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bwmo.accounts.mfa import APP_DEVICE_NAME, AUTH_AT_SESSION_KEY, current_code

_original_force_login = Client.force_login


def app_device(user: Any) -> TOTPDevice:
    """The user's confirmed authenticator app, created when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
    return device


def fresh_code(user: Any) -> str:
    """A code the user's app would show now, usable once more: the device forgets the last code
    it accepted (so two logins in one 30-second step both work) and its failure throttle."""
    device = app_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    return current_code(device)


def verify_second_factor(client: Client, user: Any) -> None:
    """Marks the client's session as having passed the second factor with the user's device."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id
    session[AUTH_AT_SESSION_KEY] = timezone.now().timestamp()
    session.save()


def force_login_verified(self: Client, user: Any, backend: str | None = None) -> None:
    _original_force_login(self, user, backend)
    verify_second_factor(self, user)


def force_login_password_only(client: Client, user: Any) -> None:
    """Django's own force_login: signed in, second factor not yet passed."""
    _original_force_login(client, user)
