"""Test settings: fast hashing, in-memory mail, fixed keys; security settings stay as in base."""

from __future__ import annotations

import os

from config.settings.base import *
from config.settings.base import DATABASES

KETACARE_ENV = "test"
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
# Two fixed test keys (base64 of 32 bytes each): the first encrypts, both decrypt.
FIELD_ENCRYPTION_KEYS = [
    "test1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "test0:" + "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 tested apart
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False  # the test client speaks HTTP; HSTS and cookie flags stay on
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    # Close every connection after each request: the live server's threads must not keep the
    # test database open, or it cannot be dropped at the end of the run.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the apps (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inline (huey immediate mode uses in-memory storage; no queue file, no consumer).
HUEY = {"name": "ketacare-test", "huey_class": "huey.SqliteHuey", "immediate": True, "utc": True}
