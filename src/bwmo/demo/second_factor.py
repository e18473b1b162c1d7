"""The second factor of the demo users: one shared, public demo app key.

Every demo user (e-mail at the demo domain) gets a confirmed TOTP device with the same key, so a
reviewer adds one entry to an authenticator app, or asks `bwmo demo-code` for the current code.
The key is in this file for everybody to read: demo accounts are for demonstration only, and a
production database has none (`bwmo demo-data` is the only thing that makes them).
"""

from base64 import b32encode
from urllib.parse import quote

from django_otp.plugins.otp_totp.models import TOTPDevice

from bwmo.accounts.models import User

from .generator import DEMO_EMAIL_DOMAIN

DEMO_DEVICE_NAME = "Demo-app"
DEMO_TOTP_KEY = "62776d6f2d64656d6f2d746f74702d6b65792d31"  # 20 bytes, hex: "bwmo-demo-totp-key-1"


def demo_secret() -> str:
    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_otpauth_uri() -> str:
    return f"otpauth://totp/{quote('bwmo:demo')}?secret={demo_secret()}&issuer=bwmo&digits=6"


def demo_device() -> TOTPDevice:
    """An unsaved device with the demo key, to compute the current code."""
    return TOTPDevice(key=DEMO_TOTP_KEY, step=30, t0=0, digits=6, drift=0)


def ensure_demo_devices() -> int:
    """Gives every demo user without an app the demo app; idempotent. Returns how many were made."""
    users = (User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
             .exclude(totpdevice__confirmed=True))
    devices = [TOTPDevice(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
               for user in users]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)
