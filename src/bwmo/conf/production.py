"""Production settings: `DJANGO_SETTINGS_MODULE=bwmo.conf.production`.

Refuses to start unless every required environment variable is set, naming each one that is
missing; nothing is generated, nothing is derived from SECRET_KEY. `bwmo check --deploy` reports
nothing under these settings (tests/test_production_settings.py). See docs/operations.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .required import REQUIRED

_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "bwmo.conf.production does not start without these environment variables: "
        + "; ".join(f"{name} ({REQUIRED[name]})" for name in _missing)
    )
if os.environ.get("DEBUG", "no").lower() in {"1", "yes", "true", "on"}:
    raise ImproperlyConfigured("DEBUG must be off in production: unset DEBUG.")
if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production.")
if len(os.environ["SECRET_KEY"]) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

from .settings import *  # noqa: E402,F403
from .settings import DATABASES, LOGGING  # noqa: E402

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # probes of the load balancer and Kubernetes over http
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False  # static files are collected into the image (Dockerfile)

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # type: ignore[index]

# `check --deploy` is about the deployment; the quality of the API schema is checked with
# `bwmo spectacular --validate --fail-on-warn` (docs/operations.md), not at every start.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}  # noqa: F405
