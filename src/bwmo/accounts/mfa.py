"""The second factor: a TOTP app (RFC 6238) per user, plus single-use recovery codes.

Built on django-otp: a confirmed `TOTPDevice` is the authenticator app, a `StaticDevice` named
"Herstelcodes" holds the recovery codes. `request.user.is_verified()` (django-otp's middleware) is
true once the user has entered a code in this session; accounts.middleware sends every signed-in
but unverified user to the code step first.
"""

import time
from base64 import b32encode

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

import segno
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"
RECOVERY_CODE_COUNT = 10
AUTH_AT_SESSION_KEY = "bwmo_auth_at"  # when password and code were last entered (reauth)

# Sent for every code entered (kwargs: request, user, passed, step, recovery_code, remaining).
second_factor_checked = Signal()


def confirmed_app(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed app device of an enrolment in progress, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no style attributes: CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code an app would show now (used by `bwmo totp-code` for demo users and by tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def confirm_app(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms an enrolment when the code fits; returns the new recovery codes, else None."""
    if not device.verify_token(_digits(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replaces all recovery codes of the user by ten new ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


def verify(user: AbstractBaseUser, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts the code: the confirmed app (6 digits) or a recovery code."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    app = confirmed_app(user)
    if app is not None and code.isdigit():
        with transaction.atomic():
            app = TOTPDevice.objects.select_for_update().get(pk=app.pk)
            allowed, _ = app.verify_is_allowed()
            if allowed and app.verify_token(code):
                return app
        return None
    for device in StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME):
        if device.verify_token(code):
            return device
    return None


def check(request: HttpRequest, code: str, *, step: str) -> TOTPDevice | StaticDevice | None:
    """`verify` for the user of the request, announced with `second_factor_checked` (the audit
    app logs it: NEN 7513 wants failed and passed authentication steps in the access log).
    ``step`` says where: "inloggen" or "herbevestiging"."""
    device = verify(request.user, code)  # type: ignore[arg-type]
    recovery = device is not None and device.name == RECOVERY_DEVICE_NAME
    second_factor_checked.send(
        sender=check, request=request, user=request.user, passed=device is not None, step=step,
        recovery_code=recovery,
        remaining=remaining_recovery_codes(request.user) if recovery else None,  # type: ignore[arg-type]
    )
    return device


def mark_verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Records in the session that this user passed the second factor just now."""
    otp_login(request, device)
    request.session[AUTH_AT_SESSION_KEY] = timezone.now().timestamp()


def reset(user: AbstractBaseUser) -> int:
    """Removes every second-factor device; the user sets up a new app at the next login."""
    count = TOTPDevice.objects.filter(user=user).delete()[0]
    return count + StaticDevice.objects.filter(user=user).delete()[0]


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())
