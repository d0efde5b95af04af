"""Django settings for Zorgvuldig, read from the environment in one place.

Every environment variable is declared through :func:`env` with a help text; the list is
rendered in ``docs/configuration.md`` and a test keeps the two in step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
ENV_VARIABLES: dict[str, str] = {}


def env(name: str, default: str | None, help_text: str) -> str | None:
    """Return an environment variable and record it with its help text."""
    ENV_VARIABLES[name] = help_text
    value = os.environ.get(name)
    return default if value in (None, "") else value


MODE = env(
    "ZORGVULDIG_MODE",
    # pytest (>= 8.2) announces itself; tests then get their own throw-away data folder.
    "test" if os.environ.get("PYTEST_VERSION") else "development",
    "One of `development`, `demo`, `test` or `production`. Production turns on every safety "
    "check and refuses to start with missing or unsafe settings.",
)
IS_PRODUCTION = MODE == "production"

DATA_DIR = Path(
    env(
        "ZORGVULDIG_DATA_DIR",
        tempfile.mkdtemp(prefix="zorgvuldig-test-") if MODE == "test" else str(Path.cwd() / "var"),
        "Folder for the embedded SQLite database, uploads and demo key files. Default `./var/`.",
    )
).resolve()

_DEV_SECRET = "insecure-development-key-do-not-use-in-production-zorgvuldig-0000000000"  # noqa: S105
SECRET_KEY = (
    env(
        "SECRET_KEY",
        None if IS_PRODUCTION else _DEV_SECRET,
        "Django's secret key: at least 50 random characters. Required in production.",
    )
    or ""
)
INSECURE_SECRET_KEYS = {_DEV_SECRET, ""}

DEBUG = (
    env("ZORGVULDIG_DEBUG", "0", "Set to `1` to show Django's debug pages (never in production).")
    == "1"
)

ALLOWED_HOSTS = [
    h.strip()
    for h in (
        env(
            "ALLOWED_HOSTS",
            None if IS_PRODUCTION else "127.0.0.1,localhost,testserver",
            "Comma-separated host names this server answers to. Required in production.",
        )
        or ""
    ).split(",")
    if h.strip()
]

LOG_PSEUDONYM_KEY = (
    env(
        "ZORGVULDIG_LOG_PSEUDONYM_KEY",
        None if IS_PRODUCTION else "development-pseudonym-key-not-secret",
        "Key for the keyed HMAC that turns a resident's id into the pseudonymous reference stored "
        "in the processing log (at least 32 characters). Required in production; changing it "
        "breaks the link between old log records and residents.",
    )
    or ""
)

CONFIDENTIALITY_DECLARATION_VERSION = env(
    "ZORGVULDIG_DECLARATION_VERSION",
    "2026-1",
    "Version of the confidentiality declaration staff must have signed before they can reach "
    "any personal data (P09). Raising it sends every employee back to sign the new text.",
)

EMERGENCY_ACCESS_MINUTES = int(
    env(
        "ZORGVULDIG_EMERGENCY_ACCESS_MINUTES",
        "240",
        "How long break-the-glass emergency access to an unassigned resident's file lasts, in "
        "minutes (default `240`, four hours). The worker can end it earlier (P13).",
    )
    or 240
)

DATA_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{DATA_DIR / 'zorgvuldig.sqlite3'}"
DATABASE_URL = (
    env(
        "DATABASE_URL",
        None if IS_PRODUCTION else _default_db,
        "Database connection, e.g. `postgres://user@127.0.0.1:5432/zorgvuldig`. Defaults to the "
        "embedded SQLite database in the data folder outside production.",
    )
    or ""
)

CONN_MAX_AGE = int(
    env("ZORGVULDIG_CONN_MAX_AGE", "60", "Seconds a database connection is kept open (0: close).")
    or 60
)

DATABASES = {}
if DATABASE_URL:
    DATABASES["default"] = dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer commits; synchronous=FULL makes an
        # acknowledged commit durable; secure_delete overwrites erased rows; IMMEDIATE
        # transactions plus a busy timeout make concurrent writers wait instead of failing.
        DATABASES["default"]["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA secure_delete=ON;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE
        DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test.sqlite3")

INSTALLED_APPS = [
    # Django's admin with a site that requires a verified second factor (P12).
    "zorgvuldig.staff.admin_apps.MfaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "zorgvuldig.core",
    "zorgvuldig.vault",
    "zorgvuldig.registry",
    "zorgvuldig.audit",
    "zorgvuldig.people",
    "zorgvuldig.staff",
    "zorgvuldig.casework",
    "zorgvuldig.oversight",
    "zorgvuldig.backoffice",
    "zorgvuldig.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zorgvuldig.staff.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zorgvuldig.core.middleware.TraceMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zorgvuldig.urls"
WSGI_APPLICATION = "zorgvuldig.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "zorgvuldig.staff.passwords.MinimumLengthValidator",  # Django's, in Dutch
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "backoffice:login"

# -- staff authentication and sessions (P12, docs/authentication.md) ---------------------------
# django-axes first: it refuses a locked-out username + address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Database sessions that record whose they are, so all of an account's sessions can be ended.
SESSION_ENGINE = "zorgvuldig.staff.sessions"
SESSION_IDLE_MINUTES = int(
    env(
        "ZORGVULDIG_SESSION_IDLE_MINUTES",
        "30",
        "A staff session ends after this many minutes without a request (default `30`).",
    )
    or 30
)
SESSION_MAX_HOURS = int(
    env(
        "ZORGVULDIG_SESSION_MAX_HOURS",
        "10",
        "A staff session ends this many hours after logging in, active or not (default `10`).",
    )
    or 10
)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(
    env(
        "ZORGVULDIG_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed logins (wrong password or code) for one username from one address before that "
        "combination is locked out (default `5`).",
    )
    or 5
)
AXES_COOLOFF_MINUTES = int(
    env(
        "ZORGVULDIG_LOGIN_COOLOFF_MINUTES",
        "15",
        "How long a locked-out username + address combination stays locked, in minutes "
        "(default `15`).",
    )
    or 15
)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours, as django-axes reads a float
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zorgvuldig.backoffice.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "zorgvuldig.staff.lockout.client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "password", "otp_token", "csrfmiddlewaretoken"]
PROXY_COUNT = int(
    env(
        "ZORGVULDIG_PROXY_COUNT",
        "0",
        "Number of reverse proxies in front of the server that append to `X-Forwarded-For` "
        "(default `0`: the client address is the connection's). Login lockouts count per "
        "username and client address.",
    )
    or 0
)

OTP_TOTP_ISSUER = "Zorgvuldig"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a TOTP secret or its QR code
OTP_WEBAUTHN_RP_NAME = "Zorgvuldig"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second factor, after the password
PASSKEY_ORIGINS = [
    origin.strip()
    for origin in (
        env(
            "ZORGVULDIG_PASSKEY_ORIGINS",
            ",".join(f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith("."))
            if IS_PRODUCTION
            else "http://localhost:8000",
            "Comma-separated origins (`https://zorg.example.nl`) where staff use passkeys. Default "
            "in production: `https://` plus each host in `ALLOWED_HOSTS`; outside production "
            "`http://localhost:8000` (passkeys need a host name, not 127.0.0.1).",
        )
        or ""
    ).split(",")
    if origin.strip()
]
OTP_WEBAUTHN_ALLOWED_ORIGINS = PASSKEY_ORIGINS
OTP_WEBAUTHN_RP_ID = (
    env(
        "ZORGVULDIG_PASSKEY_RP_ID",
        PASSKEY_ORIGINS[0].split("://")[-1].split(":")[0] if PASSKEY_ORIGINS else "",
        "The domain passkeys are bound to (WebAuthn relying party id), e.g. `zorg.example.nl`. "
        "Default: the host of the first passkey origin. Changing it invalidates every passkey.",
    )
    or ""
)

LANGUAGE_CODE = "nl"
# Dutch only until an English catalogue exists: an English browser would otherwise get Dutch
# pages marked lang="en" (wrong for screen readers) mixed with Django's English messages.
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Uploaded documents and consent evidence. Never served as static files: only through the
# back-office download view, which passes the gate and sends them as attachments.
MEDIA_ROOT = DATA_DIR / "media"
UPLOAD_MAX_BYTES = int(
    env(
        "ZORGVULDIG_UPLOAD_MAX_BYTES",
        str(10 * 1024 * 1024),
        "Largest accepted upload (documents, consent evidence) in bytes. Default 10 MiB.",
    )
    or 10 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- HTTP hardening (docs/security-http.md) ----------------------------------------------------
# A strict Content Security Policy: no inline scripts or styles, nothing from other origins, no
# framing. Templates keep to it (tests/security/test_headers.py scans them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    # __Host- cookies: sent only over HTTPS, only to this exact host, for every path. Browsers
    # refuse to store them without HTTPS, so the demo on http://127.0.0.1 keeps plain names.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_PATH = "/"
    CSRF_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    CSRF_COOKIE_DOMAIN = None
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = (
        env(
            "ZORGVULDIG_SSL_REDIRECT",
            "1",
            "In production, redirect plain HTTP to HTTPS (`1`, default) or leave it to the "
            "proxy (`0`).",
        )
        == "1"
    )
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# -- the processing log's seals (docs/audit.md) ------------------------------------------------
AUDIT_SIGNING_KEY_FILE = env(
    "ZORGVULDIG_AUDIT_SIGNING_KEY_FILE",
    None if IS_PRODUCTION else str(DATA_DIR / "audit-signing-key.pem"),
    "Path of the Ed25519 private key (PKCS#8 PEM) that signs log checkpoints. Keep it outside "
    "the database and its backups. Outside production a key is made there when missing; in "
    "production it (or `ZORGVULDIG_AUDIT_SIGNING_KEY`) is required.",
)
AUDIT_WITNESS_FILE = env(
    "ZORGVULDIG_AUDIT_WITNESS_FILE",
    None if MODE in ("production", "test") else str(DATA_DIR / "audit-witness.txt"),
    "File outside the database where the sealer keeps a copy of the newest signed checkpoint "
    "(the witness). `audit verify` checks the log against it and the sealer refuses to extend a "
    "log that no longer contains it, so cutting off or rewriting the newest records is caught "
    "even when their checkpoints were deleted too. Put it next to the signing key, not in the "
    "database's backups. Required in production.",
)
AUDIT_SIGNING_KEY = env(
    "ZORGVULDIG_AUDIT_SIGNING_KEY",
    None,
    "The same Ed25519 private key as PEM text in the environment, instead of a key file.",
)
AUDIT_LOG_ORIGIN = env(
    "ZORGVULDIG_AUDIT_ORIGIN",
    "zorgvuldig.example/verwerkingslog",
    "The log's name in signed checkpoints (first line of the checkpoint text), e.g. "
    "`kwartier.nl/zorgvuldig/verwerkingslog`. Change it only before the first checkpoint.",
)
AUDIT_SEAL_BATCH = int(
    env(
        "ZORGVULDIG_AUDIT_SEAL_BATCH",
        "1000",
        "Records sealed per signed checkpoint by `zorgvuldig audit seal` (default `1000`).",
    )
    or 1000
)
AUDIT_SEAL_GRACE_SECONDS = int(
    env(
        "ZORGVULDIG_AUDIT_SEAL_GRACE_SECONDS",
        "3600",
        "How long a record may take to commit and still be sealed late (default `3600`). A "
        "record older than the last checkpoint by more than this and still unsealed is reported "
        "by `audit verify` as inserted.",
    )
    or 3600
)
AUDIT_CHECKPOINT_INTERVAL_SECONDS = int(
    env(
        "ZORGVULDIG_AUDIT_CHECKPOINT_INTERVAL_SECONDS",
        "3600",
        "A checkpoint is signed at least this often, even when nothing new was logged "
        "(default `3600`, hourly).",
    )
    or 3600
)
AUDIT_SHOW_EMPLOYEE_NAMES = (
    env(
        "ZORGVULDIG_TRANSPARENCY_SHOW_NAMES",
        "false",
        "Whether the transparency overview for residents names the employee (`true`) or only "
        "their team and role (`false`, the default; see CJEU C-579/21).",
    )
    == "true"
)

# -- the vault: field encryption with per-resident keys (docs/security.md) ---------------------
VAULT_KEK = env(
    "ZORGVULDIG_VAULT_KEK",
    None,
    "The vault's key-encryption key (KEK): base64 of 32 random bytes. It wraps every resident's "
    "data key; keep it outside the database and its backups. Wins over the key file.",
)
VAULT_KEK_FILE = env(
    "ZORGVULDIG_VAULT_KEK_FILE",
    None if IS_PRODUCTION else str(DATA_DIR / "vault.kek"),
    "Path of a file holding the KEK (base64). Outside production the demo makes one there when "
    "the database has no keys yet; in production this or `ZORGVULDIG_VAULT_KEK` is required.",
)
VAULT_KEK_PREVIOUS = env(
    "ZORGVULDIG_VAULT_KEK_PREVIOUS",
    None,
    "The KEK before a rotation (base64), kept while `zorgvuldig keys rotate` runs so every key "
    "stays readable; remove it once the rotation has finished.",
)
VAULT_KEK_PREVIOUS_FILE = env(
    "ZORGVULDIG_VAULT_KEK_PREVIOUS_FILE",
    None,
    "Path of a file holding the previous KEK, as `ZORGVULDIG_VAULT_KEK_PREVIOUS`.",
)
VAULT_KEK_AUTOCREATE = MODE == "test"
VAULT_KEY_CACHE_SECONDS = int(
    env(
        "ZORGVULDIG_VAULT_KEY_CACHE_SECONDS",
        "300",
        "How long a process keeps an unwrapped data key in memory for reads (default `300`). "
        "Shredding evicts at once in the shredding process; others within this time.",
    )
    or 300
)
VAULT_TOMBSTONE_FILE = env(
    "ZORGVULDIG_VAULT_TOMBSTONE_FILE",
    None if IS_PRODUCTION else str(DATA_DIR / "vault-tombstones.txt"),
    "File outside the database that lists the key ids of erased residents (no personal data), "
    "one per line; `zorgvuldig restore` re-applies it so an older backup forgets them again.",
)

# -- snooping alerts over the processing log (P14, docs/audit.md) -------------------------------
ALERT_BULK_RESIDENTS = int(
    env(
        "ZORGVULDIG_ALERT_BULK_RESIDENTS",
        "50",
        "Bulk-access alert: raised when one employee reaches more than this many different "
        "residents within `ZORGVULDIG_ALERT_BULK_MINUTES` (default `50`).",
    )
    or 50
)
ALERT_BULK_MINUTES = int(
    env(
        "ZORGVULDIG_ALERT_BULK_MINUTES",
        "10",
        "The time window of the bulk-access alert, in minutes (default `10`).",
    )
    or 10
)
ALERT_WORKING_HOURS = env(
    "ZORGVULDIG_WORKING_HOURS",
    "mon-fri 07:00-19:00",
    "Working hours (Europe/Amsterdam) outside which access raises an alert, e.g. "
    "`mon-fri 07:00-19:00, sat 09:00-13:00` (default `mon-fri 07:00-19:00`).",
)
MONITORING_PURPOSE = env(
    "ZORGVULDIG_MONITORING_PURPOSE",
    "toegangscontrole",
    "Code of the processing activity under which the snooping monitor reads residents' surname "
    "and address (family, housemate and colleague alerts). Without that activity in the "
    "register those rules are skipped (default `toegangscontrole`).",
)

# Read by `zorgvuldig serve` (the command line flags --bind and --workers win over these).
SERVE_BIND = env(
    "ZORGVULDIG_BIND",
    "127.0.0.1:8000",
    "Address `zorgvuldig serve` listens on: `HOST:PORT`, or `unix:/path/to.sock` behind a "
    "reverse proxy. Default `127.0.0.1:8000`.",
)
SERVE_WORKERS = env(
    "ZORGVULDIG_WORKERS",
    "3",
    "Number of worker processes `zorgvuldig serve` starts (each with 4 threads). Default `3`; "
    "a common choice is two per CPU core plus one.",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON, and the browsable pages without their inline <style> (the CSP refuses it).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "zorgvuldig.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "zorgvuldig.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zorgvuldig API",
    "DESCRIPTION": (
        "REST API of Zorgvuldig. Every request that touches personal data passes the processing "
        "gate and leaves a processing-log record. Errors share one shape: "
        '`{"code": ..., "detail": ..., "fields": {...}}`; see each operation for its codes.'
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
