from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from ketacare.caseload.triggers import install_triggers


def _after_migrate(using: str = "default", **_: Any) -> None:
    """Put the caseload's triggers in place and give every client a row (idempotent).

    After, not in, a migration: SQLite drops a table's triggers when Django rebuilds it for a
    schema change (ketacare.caseload.triggers).
    """
    # Imported here: the models are not ready when this module is imported.
    from ketacare.caseload.attention import attention_backfill

    install_triggers(connections[using])
    attention_backfill(using)


class CaseloadConfig(AppConfig):
    name = "ketacare.caseload"
    label = "caseload"

    def ready(self) -> None:
        post_migrate.connect(_after_migrate, sender=self)
