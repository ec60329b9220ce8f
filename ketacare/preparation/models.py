"""Intakes, their immutable screening results and the signed screening decisions."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel
from ketacare.preparation.exceptions import RecordImmutable
from ketacare.preparation.steps import LAST_STEP

PROFILE_VERSION = "1"


class Intake(BaseModel):
    """The intake profile a client builds step by step; partial until submitted."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intakes")
    data = models.JSONField(default=dict, blank=True)  # the profile so far (docs/screening.md)
    current_step = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    profile_version = models.CharField(max_length=16, default=PROFILE_VERSION)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(current_step__gte=1, current_step__lte=LAST_STEP),
                name="%(app_label)s_%(class)s_step_in_range",
            ),
            # One intake in progress per client: resuming must not fork a second draft.
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(submitted_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"intake {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Eligibility(models.TextChoices):
    YES = "yes", "Eligible"
    REVIEW = "review", "Clinician review needed"
    NO = "no", "Not eligible"


class ScreeningResult(BaseModel):
    """What `domain.screening.screen` said about a submitted intake: immutable."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="screening_results")
    intake = models.OneToOneField(Intake, on_delete=models.PROTECT, related_name="result")
    eligibility = models.CharField(max_length=8, choices=Eligibility.choices)
    flags = models.JSONField(default=list)  # [{"code", "severity", "reason", "source", "evidence"}]
    policy = models.JSONField(default=dict)  # the ScreeningPolicy thresholds used
    computed_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(eligibility__in=Eligibility.values),
                name="%(app_label)s_%(class)s_eligibility_valid",
            )
        ]

    def __str__(self) -> str:
        return f"screening result {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        if not self._state.adding:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", "Approve with conditions"
    DECLINE = "decline", "Decline"


class ScreeningDecision(BaseModel):
    """A clinician's signed decision on a screening result; corrections `amends` it."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="screening_decisions")
    screening_result = models.ForeignKey(
        ScreeningResult, on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.CharField(max_length=32, choices=Decision.choices)
    note = EncryptedTextField(blank=True, default="")
    conditions = EncryptedTextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values),
                name="%(app_label)s_%(class)s_decision_valid",
            )
        ]

    def __str__(self) -> str:
        return f"screening decision {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # A signed decision never changes (STYLE §4); refuse before touching the row.
        if not self._state.adding:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable
