"""Encryption at rest for identifying numbers (the BSN).

A database dump must not expose BSNs: the value is stored encrypted (Fernet, AES-128-CBC with
HMAC-SHA256) and, for exact search and uniqueness, as a keyed HMAC-SHA256 "blind index".

The keys have nothing to do with SECRET_KEY (see conf/settings.py and docs/operations.md):
- `settings.BSN_KEYS`: Fernet keys, the first encrypts, all decrypt. Rotating means putting a new
  key first and the old one behind it, then running `bwmo rotate-bsn-key` (see `rotate_token`).
- `settings.BSN_INDEX_KEY`: the key of the blind index. It stays the same across a rotation, so
  searching by BSN keeps working while the re-encryption runs.
"""

import base64
import hashlib
import hmac
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def generate_key() -> str:
    """A fresh key in the format of BWMO_BSN_KEY and BWMO_BSN_INDEX_KEY."""
    return Fernet.generate_key().decode()


def _fernet_key(name: str, value: str) -> Fernet:
    try:
        return Fernet(value.strip().encode())
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{name} is not a valid key: expected 32 bytes in URL-safe base64, as printed by "
            "`bwmo generate-bsn-key`."
        ) from error


@cache
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    if not keys:
        raise ImproperlyConfigured("BWMO_BSN_KEY is not set.")
    fernets = [_fernet_key("BWMO_BSN_KEY" if i == 0 else "BWMO_BSN_OLD_KEYS", k)
               for i, k in enumerate(keys)]
    return fernets[0], MultiFernet(fernets)


@cache
def _index_key(value: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value.strip().encode())
    except ValueError as error:
        raise ImproperlyConfigured("BWMO_BSN_INDEX_KEY is not valid URL-safe base64.") from error
    if len(key) < 32:
        raise ImproperlyConfigured("BWMO_BSN_INDEX_KEY must hold at least 32 bytes.")
    return key


def _keys() -> tuple[str, ...]:
    return tuple(settings.BSN_KEYS)


def encrypt(value: str) -> str:
    current, _ = _fernets(_keys())
    return current.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    _, every = _fernets(_keys())
    return every.decrypt(token.encode()).decode()


def is_current(token: str) -> bool:
    """Whether the token is encrypted under the current key (the first of BSN_KEYS)."""
    current, _ = _fernets(_keys())
    try:
        current.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate_token(token: str) -> str:
    """The same value encrypted under the current key. Raises InvalidToken when no key fits."""
    _, every = _fernets(_keys())
    return every.rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    key = _index_key(settings.BSN_INDEX_KEY)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
