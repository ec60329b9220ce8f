"""A client's reminder preferences and the log of reminders already sent (no PHI)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.models import BaseModel

# Platform policy [P] defaults, editable by the client (docs/reminders.md).
DEFAULT_QUIET_START = dt.time(21, 0)
DEFAULT_QUIET_END = dt.time(8, 0)
DEFAULT_MAX_PER_DAY = 3
# When the daily check-in reminder goes out if the client has not checked in that day [P]:
# early evening, so a day can be looked back on and it comes before the default quiet hours.
DEFAULT_DAILY_CHECK_IN_AT = dt.time(18, 0)
MAX_PER_DAY_LIMIT = 10


class ReminderPreference(BaseModel):
    """How and when one client wants reminders; absent rows mean the defaults."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_enabled = models.BooleanField(default=True)
    daily_check_in_reminder = models.BooleanField(default=False)
    daily_check_in_at = models.TimeField(default=DEFAULT_DAILY_CHECK_IN_AT)
    time_zone = models.CharField(max_length=64)  # IANA name, validated with zoneinfo
    quiet_hours_start = models.TimeField(default=DEFAULT_QUIET_START)
    quiet_hours_end = models.TimeField(default=DEFAULT_QUIET_END)
    max_per_day = models.PositiveSmallIntegerField(default=DEFAULT_MAX_PER_DAY)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(max_per_day__gte=1, max_per_day__lte=MAX_PER_DAY_LIMIT),
                name="%(app_label)s_%(class)s_max_per_day_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(time_zone=""), name="%(app_label)s_%(class)s_zone_set"
            ),
        ]

    def __str__(self) -> str:
        return f"reminder preference {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id


class ReminderSent(BaseModel):
    """One reminder e-mailed to a client; ``key`` holds public ids only, never content."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    sent_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client", "key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "sent_at"])]

    def __str__(self) -> str:
        return f"reminder sent {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id
