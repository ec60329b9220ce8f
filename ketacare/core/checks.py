"""System checks guarding our own security policies (run by ``manage.py check``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ketacare.core.crypto import KeyConfigurationError, KeyRing


@register(Tags.security)
def check_field_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:  # Any: Django API
    """Field-encryption keys must be configured and well formed."""
    try:
        KeyRing.parse(list(settings.FIELD_ENCRYPTION_KEYS))
    except KeyConfigurationError as exc:
        return [Error(f"Field encryption: {exc}", id="ketacare.E001")]
    return []


@register(Tags.security)
def check_session_policy(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:  # Any: Django
    """Idle timeouts stay within policy: staff ≤ 15 min, clients ≤ 30 min, absolute ≤ 12 h."""
    problems: list[CheckMessage] = []
    limits = (
        ("KETACARE_IDLE_TIMEOUT_STAFF", 15 * 60),
        ("KETACARE_IDLE_TIMEOUT_CLIENT", 30 * 60),
        ("KETACARE_ABSOLUTE_SESSION_LIFETIME", 12 * 3600),
    )
    for name, maximum_s in limits:
        if getattr(settings, name).total_seconds() > maximum_s:
            problems.append(Warning(f"{name} exceeds the documented policy", id="ketacare.W001"))
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        problems.append(Warning("sessions must be server-side to be revocable", id="ketacare.W002"))
    return problems
