"""Django set-up for database commands: settings, then pending migrations applied quietly."""

from __future__ import annotations

from config.bootstrap import configure_settings_module


def setup(*, migrate: bool = True) -> None:
    """Configure Django (KETACARE_ENV / DJANGO_SETTINGS_MODULE) and apply pending migrations."""
    configure_settings_module()
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        from django.conf import settings

        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            from pathlib import Path

            Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
