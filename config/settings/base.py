"""Base settings: every setting is declared here; dev, test and prod only override.

Environment variables are prefixed ``KETACARE_``; secrets may come from ``<NAME>_FILE``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import structlog
from csp.constants import NONCE, NONE, SELF

from config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("KETACARE_DATA_DIR", str(BASE_DIR / "data"))).expanduser().resolve()

KETACARE_ENV = env_str("KETACARE_ENV", "prod")
DEBUG = False
SECRET_KEY = env_secret("KETACARE_SECRET_KEY")
ALLOWED_HOSTS = env_list("KETACARE_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("KETACARE_CSRF_TRUSTED_ORIGINS")

# Field-encryption keys: "key_id:base64(32 bytes)" entries, comma-separated; the first encrypts,
# all decrypt (docs/security.md, "Encryption at rest").
FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in env_secret("KETACARE_FIELD_KEYS").split(",") if key.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    "ketacare.core",
    "ketacare.audit",
    "ketacare.accounts",
    "ketacare.clients",
    "ketacare.alerts",
    "ketacare.measures",
    "ketacare.preparation",
    "ketacare.treatments",
    "ketacare.fhir",
    "huey.contrib.djhuey",
    "ketacare.reminders",
    "ketacare.journal",
    "ketacare.integration",
    "ketacare.outcomes",
    "ketacare.caseload",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ketacare.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ketacare.accounts.middleware.SessionTimeoutMiddleware",
    "ketacare.core.middleware.LoginRequiredMiddleware",
    "ketacare.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ketacare" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ketacare.accounts.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ketacare.sqlite3'}"),
        conn_max_age=env_int("KETACARE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; the init command runs on every new connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first (django-axes docs)
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # Argon2id (ASVS 11.4.2)
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verify and upgrade legacy hashes only
]
AUTH_PASSWORD_VALIDATORS = [
    # ASVS 4.0.3 2.1.1: at least 12 characters; no composition rules; 64+ characters allowed.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "ketacare.accounts.validators.ContextWordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60

# Sessions (docs/security.md "Sessions"): server-side, revocable; idle and absolute limits are
# enforced by ketacare.accounts.middleware.SessionTimeoutMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the template, never the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
KETACARE_IDLE_TIMEOUT_STAFF = timedelta(
    minutes=env_int("KETACARE_IDLE_TIMEOUT_STAFF_MIN", 15, minimum=1)
)
KETACARE_IDLE_TIMEOUT_CLIENT = timedelta(
    minutes=env_int("KETACARE_IDLE_TIMEOUT_CLIENT_MIN", 30, minimum=1)
)
KETACARE_ABSOLUTE_SESSION_LIFETIME = timedelta(hours=12)

# django-axes: 5 failures per username + IP lock for 15 minutes (security reference §4.1).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Transport and headers (ASVS 3.4.x).
SECURE_SSL_REDIRECT = env_bool("KETACARE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
# HSTS preloading commits a practice's whole domain for years; that is the operator's decision
# for their own domain, so Django's reminder about it is silenced (docs/security.md).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("KETACARE_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "ketacare" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("KETACARE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KETACARE_FROM_EMAIL", "ketacare <no-reply@ketacare.invalid>")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

KETACARE_INVITATION_MAX_AGE = timedelta(hours=72)
# Absolute links in e-mails (invitations, reminders) start with this.
KETACARE_BASE_URL = env_str("KETACARE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
KETACARE_API_TOKEN_MAX_AGE = timedelta(days=90)
# Called as hook(invitation=..., user=...) inside the acceptance transaction; lets apps above
# accounts (clients) react without accounts importing them.
KETACARE_INVITATION_ACCEPTED_HOOKS = ["ketacare.clients.services.client_link_invited_user"]

# Reminders (docs/reminders.md, docs/decisions/0007-task-queue.md): huey runs the periodic scan.
# Default: SQLite queue file under the data dir, no extra server. KETACARE_TASK_QUEUE=redis with
# REDIS_URL selects Redis (the production option; docs/decisions/0007).
KETACARE_TASK_QUEUE = env_str("KETACARE_TASK_QUEUE", "sqlite")
REDIS_URL = env_str("REDIS_URL", "")
HUEY: dict[str, object] = {
    "name": "ketacare",
    "immediate": False,
    "utc": True,
    "consumer": {"workers": 1, "worker_type": "thread"},
}
if KETACARE_TASK_QUEUE == "redis":
    HUEY |= {"huey_class": "huey.PriorityRedisHuey", "connection": {"url": REDIS_URL}}
else:
    HUEY |= {
        # SqliteHuey that creates its file and tables on first use (a fresh data dir must start).
        "huey_class": "ketacare.reminders.queue.DataDirSqliteHuey",
        "filename": str(DATA_DIR / "huey.sqlite3"),
    }
# Each entry: a callable (now) -> Iterable[ketacare.reminders.providers.DueItem].
KETACARE_REMINDER_PROVIDERS = [
    "ketacare.reminders.providers.questionnaires_due",
    "ketacare.reminders.providers.sessions_to_get_ready_for",
    "ketacare.reminders.providers.follow_ups_due",
    "ketacare.reminders.providers.daily_check_ins_due",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": structlog.processors.JSONRenderer(),
            "foreign_pre_chain": [
                structlog.contextvars.merge_contextvars,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("KETACARE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
