"""Safety alerts: one pipeline fed by every source (questionnaires, vitals, screening, …)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel


class AlertSeverity(models.TextChoices):
    URGENT = "urgent", "Urgent"
    REVIEW = "review", "Review"
    ATTENTION = "attention", "Attention"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Alert(BaseModel):
    """A safety concern raised by a source record; the source is named, never imported."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="alerts")
    source_type = models.CharField(max_length=64)  # e.g. "questionnaire_response"
    source_public_id = models.UUIDField()
    code = models.CharField(max_length=64)  # e.g. the instrument flag name
    severity = models.CharField(max_length=16, choices=AlertSeverity)
    summary = models.CharField(max_length=255)  # platform wording only, never client free text
    status = models.CharField(max_length=16, choices=AlertStatus, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = EncryptedTextField(blank=True, default="")
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(severity__in=AlertSeverity.values),
                name="%(app_label)s_%(class)s_severity_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AlertStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AlertStatus.RESOLVED)
                | models.Q(resolved_at__isnull=False),
                name="%(app_label)s_%(class)s_resolved_has_time",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_public_id", "code"],
                name="%(app_label)s_%(class)s_one_per_source_code",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["practice", "status", "created_at"])
        ]

    def __str__(self) -> str:
        return f"alert {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN
