"""Production settings: refuse to start without real secrets, keys and hosts."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *
from config.settings.base import (
    ALLOWED_HOSTS,
    FIELD_ENCRYPTION_KEYS,
    KETACARE_TASK_QUEUE,
    REDIS_URL,
    SECRET_KEY,
)

KETACARE_ENV = "prod"
_INSECURE_PREFIXES = ("django-insecure", "test-secret", "change-me")

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(_INSECURE_PREFIXES):
    raise ImproperlyConfigured("KETACARE_SECRET_KEY must be set to 50+ random characters")
if not [key for key in FIELD_ENCRYPTION_KEYS if key]:
    raise ImproperlyConfigured("KETACARE_FIELD_KEYS (or KETACARE_FIELD_KEYS_FILE) must be set")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("KETACARE_ALLOWED_HOSTS must list the served host names")
if KETACARE_TASK_QUEUE not in {"sqlite", "redis"}:
    raise ImproperlyConfigured("KETACARE_TASK_QUEUE must be 'sqlite' or 'redis'")
if KETACARE_TASK_QUEUE == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("KETACARE_TASK_QUEUE=redis needs REDIS_URL (redis://host:6379/0)")
