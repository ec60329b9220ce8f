"""Questionnaire assignments and immutable responses with their score snapshot."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.models import BaseModel
from ketacare.measures.exceptions import ResponseImmutable


class QuestionnaireAssignment(BaseModel):
    """A questionnaire a practitioner asked a client (or themself, if clinician-rated) to fill."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="questionnaire_assignments"
    )
    instrument_code = models.CharField(max_length=32)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    schedule_label = models.CharField(max_length=40, blank=True)  # "baseline", "week 4", …
    # The course date a scheduled point counts from (measures.schedules); null for one-offs.
    schedule_anchor = models.DateField(null=True, blank=True)
    response = models.OneToOneField(
        "QuestionnaireResponse",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="completes",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True) | models.Q(response__isnull=True),
                name="%(app_label)s_%(class)s_not_cancelled_and_completed",
            ),
            # One live assignment per schedule point: scheduling twice must not duplicate.
            models.UniqueConstraint(
                fields=["client", "instrument_code", "schedule_label", "schedule_anchor"],
                condition=models.Q(schedule_anchor__isnull=False, cancelled_at__isnull=True),
                name="%(app_label)s_%(class)s_one_live_per_schedule_point",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "due_at"])]

    def __str__(self) -> str:
        return f"questionnaire assignment {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_open(self) -> bool:
        return self.response_id is None and self.cancelled_at is None


class QuestionnaireResponse(BaseModel):
    """A submitted questionnaire: immutable once stored; corrections are rows that `amends` it."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    assignment = models.ForeignKey(
        QuestionnaireAssignment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    instrument_code = models.CharField(max_length=32)
    instrument_version = models.CharField(max_length=16)
    answers = models.JSONField()  # item key → value, as validated by the instrument
    context = models.JSONField(default=dict, blank=True)
    score = models.JSONField()  # InstrumentScore.as_dict() at submission time
    total = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    band = models.CharField(max_length=64, blank=True)
    flags = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "instrument_code", "submitted_at"])
        ]

    def __str__(self) -> str:
        return f"questionnaire response {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # A signed clinical record never changes (STYLE §4); refuse before touching the row.
        if not self._state.adding:
            raise ResponseImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise ResponseImmutable
