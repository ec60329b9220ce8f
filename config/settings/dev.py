"""Development settings: the embedded SQLite database, generated local secrets, no TLS."""

from __future__ import annotations

from config.env import env_bool
from config.local_secrets import ensure_local_secrets
from config.settings.base import *
from config.settings.base import DATA_DIR, FIELD_ENCRYPTION_KEYS, SECRET_KEY

DEBUG = env_bool("KETACARE_DEBUG", default=False)  # debug pages can show data: opt in
KETACARE_ENV = "dev"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
_secrets = ensure_local_secrets(DATA_DIR)
SECRET_KEY = SECRET_KEY or _secrets.secret_key
FIELD_ENCRYPTION_KEYS = [k for k in FIELD_ENCRYPTION_KEYS if k] or _secrets.field_keys

# Plain HTTP on localhost: cookies cannot use the __Host- prefix or Secure without TLS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "ketacare_sessionid"
CSRF_COOKIE_NAME = "ketacare_csrftoken"

# Serve static files straight from the apps without a collectstatic step.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
