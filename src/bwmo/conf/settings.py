"""Settings for bwmo. Every value that differs between machines comes from an environment variable.

These are the development and demo settings; `bwmo.conf.production` builds on them and refuses to
start without its required variables. The full list is in docs/operations.md.

| variable | meaning | default here |
| --- | --- | --- |
| DATABASE_URL | database; `postgres://…` for PostgreSQL | SQLite file `var/bwmo.sqlite3` |
| SECRET_KEY | Django secret (sessions, CSRF, reset links) | generated once into `var/secret_key` |
| BWMO_BSN_KEY | key that encrypts BSNs at rest (Fernet) | generated once into `var/bsn_keys.json` |
| BWMO_BSN_OLD_KEYS | earlier BSN keys, comma-separated, still read during a rotation | none |
| BWMO_BSN_INDEX_KEY | key of the BSN search index (keyed hash) | generated into `var/bsn_keys.json` |
| DEBUG | `yes` for development | `no` |
| ALLOWED_HOSTS | comma-separated host names | `127.0.0.1,localhost` |
| SESSION_IDLE_MINUTES | idle minutes before a session ends | 15 |
| SESSION_MAX_HOURS | hours after login that a session ends regardless | 10 |
| REAUTH_MINUTES | minutes a password + code stays fresh for a bulk export | 10 |
| OIDC_RP_CLIENT_ID … | OpenID Connect login, see docs/operations.md | off |
"""

import json
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent  # src/bwmo
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("BWMO_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "yes" if default else "no").lower() in {"1", "yes", "true", "on"}


def _warn(message: str) -> None:
    print(f"\n*** bwmo: {message} ***\n", file=sys.stderr)


def _development_secret() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
        _warn(f"SECRET_KEY is not set: generated a development key into {path}. "
              "Never use this in production (bwmo.conf.production refuses to start without it).")
    return path.read_text().strip()


def _development_bsn_keys() -> dict[str, str]:
    from cryptography.fernet import Fernet

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "bsn_keys.json"
    if not path.exists():
        keys = {"key": Fernet.generate_key().decode(), "index_key": Fernet.generate_key().decode()}
        path.write_text(json.dumps(keys))
        path.chmod(0o600)
        _warn(f"BWMO_BSN_KEY and BWMO_BSN_INDEX_KEY are not set: generated development BSN keys "
              f"into {path}. Losing this file makes the BSNs in this database unreadable. "
              "Never use this in production (bwmo.conf.production refuses to start without them).")
    return json.loads(path.read_text())


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret()
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

# BSN encryption (core/crypto.py): its own keys, never derived from SECRET_KEY.
_dev_bsn = None if os.environ.get("BWMO_BSN_KEY") and os.environ.get("BWMO_BSN_INDEX_KEY") \
    else _development_bsn_keys()
BSN_KEYS = [os.environ.get("BWMO_BSN_KEY") or _dev_bsn["key"]] + [  # type: ignore[index]
    k.strip() for k in env("BWMO_BSN_OLD_KEYS", "").split(",") if k.strip()
]
BSN_INDEX_KEY = os.environ.get("BWMO_BSN_INDEX_KEY") or _dev_bsn["index_key"]  # type: ignore[index]
# Keyed pseudonyms in finance reports; the index key is stable across a BSN key rotation.
FIELD_ENCRYPTION_KEY = BSN_INDEX_KEY

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tables2",
    "django_filters",
    "bwmo.core",
    "bwmo.regions",
    "bwmo.accounts",
    "bwmo.audit",
    "bwmo.jobs",
    "bwmo.capacity",
    "bwmo.clients",
    "bwmo.journeys",
    "bwmo.placements",
    "bwmo.followups",
    "bwmo.finance",
    "bwmo.contracts",
    "bwmo.iwmo",
    "bwmo.api",
    "bwmo.register_import",
    "bwmo.responsibility",
    "bwmo.housing",
    "bwmo.monitor",
    "bwmo.maps",
    "bwmo.partners",
    "bwmo.basisinfrastructuur",
    "bwmo.retention",
    "bwmo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "bwmo.core.middleware.PermissionsPolicyMiddleware",
    "bwmo.accounts.middleware.SessionLimitMiddleware",
    "bwmo.accounts.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "bwmo.audit.middleware.AccessLogMiddleware",
]

ROOT_URLCONF = "bwmo.urls"
WSGI_APPLICATION = "bwmo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bwmo.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bwmo.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT compiles every query it estimates as costly; for the short queries of a
    # web request (a scoped count over a national-size region) compiling took 170-260 ms of a
    # 850 ms query and saved nothing (docs/api.md, load benchmark).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (bwmo.jobs, ADR 0020): a queue in the database itself (SQLite or PostgreSQL),
# worked by `bwmo db_worker` next to the web server (`make demo` starts both).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 15 minutes idle (the expiry moves with every request), 10 hours after login at most
# (accounts.middleware.SessionLimitMiddleware), and gone when the browser closes.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "15")) * 60
BWMO_SESSION_MAX_AGE = int(env("SESSION_MAX_HOURS", "10")) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Bulk exports ask for password + code again when the last one is older than this (accounts.reauth).
BWMO_REAUTH_MAX_AGE = int(env("REAUTH_MINUTES", "10")) * 60

# HTTPS: secure cookies and HSTS whenever DEBUG is off (`make demo` runs with DEBUG=yes on http).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env("HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only our own files, no inline script or style at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (core.middleware): the product needs no camera, microphone, location, etc.
BWMO_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Failed-login throttling (django-axes): 5 failures lock that username *from that address* for
# 15 minutes. Locking by username alone would let anyone lock a colleague out from elsewhere;
# locking by address alone would lock a whole municipal office behind one public IP. The second
# factor (TOTP, with django-otp's own per-device throttling) keeps guessing from many addresses
# useless.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a load balancer: the number of proxies in front of the app, whose X-Forwarded-For is read.
if int(env("PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = int(env("PROXY_COUNT", "0"))
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Second factor (django-otp): every account confirms a TOTP app; recovery codes are a static device.
OTP_TOTP_ISSUER = env("OTP_ISSUER", "bwmo")
OTP_TOTP_THROTTLE_FACTOR = 1

# OpenID Connect (mozilla-django-oidc), only when OIDC_RP_CLIENT_ID is set. See accounts/oidc.py.
BWMO_OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if BWMO_OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "bwmo.accounts.oidc.OIDCBackend"]
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_USERNAME_ALGO = "bwmo.accounts.oidc.username_for"
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

# E-mail (password reset). Development prints mails on the console; production uses SMTP.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "bwmo <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# No automatic thousands separator: it printed years as "2.026" and dossier numbers as "14.900".
# Amounts are grouped explicitly where they are shown (`floatformat:"2g"`, openpyxl formats).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
# Uploaded dossier documents: stored through Django's storage API (STORAGES["default"]; set it to
# an S3-compatible backend in production). Never served directly: clients.dossier_views checks
# scope and logs every download. Client documents can hold special-category data.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media-niet-publiek/"

REST_FRAMEWORK = {
    # API authentication lives only here (bwmo.api.authentication): per-user revocable bearer
    # tokens, stored hashed; session authentication for the browser. No Basic auth (it would hash
    # a password on every call).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bwmo.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "bwmo.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "bwmo.api.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "bwmo API",
    "DESCRIPTION": "API van het regionale informatiesysteem Beschermd Wonen en Maatschappelijke "
    "Opvang, volgens de NL API Design Rules. Elke aanroep die persoonsgegevens van een cliënt "
    "leest of wijzigt wordt gelogd. Authenticatie met een persoonlijke token: "
    "`Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "CONTACT": {"name": "bwmo functioneel beheer", "email": "beheer@bwmo.nl", "url": "https://bwmo.nl"},
    "SERVERS": [{"url": "/api/v1", "description": "Deze omgeving"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "PREPROCESSING_HOOKS": ["bwmo.api.schema.only_v1"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bwmo.api.schema.postprocess",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # schema behind login
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Region-wide defaults that functioneel beheer can override per region (see regions.Region).
BWMO_SMALL_COUNT_THRESHOLD = 5  # aggregated exports suppress counts below this
# Kwartaalmonitor data quality: a start or stop registered more than this many days after the
# day it happened counts as late (docs/kpi.md, "Datakwaliteit").
BWMO_MONITOR_LATE_REGISTRATION_DAYS = int(env("MONITOR_LATE_REGISTRATION_DAYS", "7"))
