"""``manage.py alerts_escalate``: escalate overdue open alerts to practice leads (run by cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ketacare.alerts.services import alerts_escalate_overdue


class Command(BaseCommand):
    """Escalate every alert still open after its practice's ``alert_escalation_minutes``."""

    help = "Escalate safety alerts left unacknowledged too long to the practice leads."

    def handle(self, *args: Any, **options: Any) -> None:  # Any: Django's command API
        """Run one escalation pass and print how many alerts it escalated (no PHI)."""
        escalated = alerts_escalate_overdue(now=timezone.now())
        self.stdout.write(f"escalated {len(escalated)} alert(s)")
