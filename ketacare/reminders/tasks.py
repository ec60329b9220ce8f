"""huey tasks: the periodic scan that sends due reminders (run by ``ketacare worker``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab  # type: ignore[import-untyped]
from huey.contrib.djhuey import db_periodic_task  # type: ignore[import-untyped]

from ketacare.reminders.services import reminders_send_due


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def reminders_send_due_task() -> int:
    """Every 15 minutes: send what is due; returns how many reminders went out."""
    return reminders_send_due(now=timezone.now()).sent
