"""Choose the settings module: DJANGO_SETTINGS_MODULE, else config.settings.<KETACARE_ENV>."""

from __future__ import annotations

import os

_ENVIRONMENTS = {"dev", "test", "prod"}


def configure_settings_module() -> str:
    """Set DJANGO_SETTINGS_MODULE if unset (KETACARE_ENV, default ``dev``) and return it."""
    env = os.environ.get("KETACARE_ENV", "dev")
    if env not in _ENVIRONMENTS:
        msg = f"KETACARE_ENV must be one of {sorted(_ENVIRONMENTS)}, got {env!r}"
        raise SystemExit(msg)
    return os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"config.settings.{env}")
