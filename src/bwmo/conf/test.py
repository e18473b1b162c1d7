"""Test settings: fast hashing, in-memory cache, a throwaway variable directory."""

import os
import tempfile

os.environ.setdefault("BWMO_VAR_DIR", tempfile.mkdtemp(prefix="bwmo-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("BWMO_BSN_KEY", "dGVzdC1ic24ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=")
os.environ.setdefault("BWMO_BSN_INDEX_KEY", "dGVzdC1ic24taW5kZXgtbm90LWZvci1wcm9kdWN0biE=")

from .settings import *  # noqa: F403
from .settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}  # in memory
DATABASES["default"]["CONN_MAX_AGE"] = 0
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Jobs run at once, inside the request that starts them (one test runs the real database worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
