"""Encryption at rest for identifying numbers (the BSN).

A database dump must not expose BSNs: the value is stored encrypted (Fernet, AES-128-CBC with
HMAC-SHA256) and, for exact search and uniqueness, as a keyed HMAC-SHA256 "blind index". Both keys
are derived from settings.FIELD_ENCRYPTION_KEY with HKDF, each for its own purpose.
"""

import base64
import hashlib
import hmac
from functools import cache

from django.conf import settings

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _derive(purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"bwmo-field-keys", info=purpose)
    return hkdf.derive(settings.FIELD_ENCRYPTION_KEY.encode())


@cache
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"encrypt")))


@cache
def _index_key(key_material: str) -> bytes:
    return _derive(b"blind-index")


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    key = _index_key(settings.FIELD_ENCRYPTION_KEY)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
