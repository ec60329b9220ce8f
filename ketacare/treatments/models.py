"""Courses of treatment, their dosing sessions and each session's readiness checklist."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel
from ketacare.domain.protocols import PROTOCOLS


class CourseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


OPEN_COURSE_STATUSES = (CourseStatus.PLANNED, CourseStatus.ACTIVE)


class Course(BaseModel):
    """A client's course of treatment following one protocol template (`domain.protocols`)."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="courses")
    protocol_code = models.CharField(max_length=32)
    # The practice's adjusted copy the course follows, if any; protocol_code is its base.
    practice_protocol = models.ForeignKey(
        "treatments.PracticeProtocol",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    start_on = models.DateField()
    status = models.CharField(max_length=16, choices=CourseStatus, default=CourseStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=CourseStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(protocol_code__in=list(PROTOCOLS)),
                name="%(app_label)s_%(class)s_protocol_known",
            ),
            # One course at a time: a second plan must not double-book a client.
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status__in=[s.value for s in OPEN_COURSE_STATUSES]),
                name="%(app_label)s_%(class)s_one_open_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"course {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def protocol_name(self) -> str:
        if self.practice_protocol is not None:
            return self.practice_protocol.name
        template = PROTOCOLS.get(self.protocol_code)
        return template.name if template else self.protocol_code


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CHECKED_IN = "checked_in", "Checked in"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"
    STOPPED = "stopped", "Stopped for safety"


class DosingSession(BaseModel):
    """One planned dosing session of a course; check-in records who let it start and why."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="dosing_sessions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=64)
    scheduled_on = models.DateField()
    status = models.CharField(max_length=16, choices=SessionStatus, default=SessionStatus.SCHEDULED)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why the clinician checked in with readiness items still open (docs/treatments.md).
    override_note = EncryptedTextField(blank=True, default="")
    # The client's weight for this session, entered before dosing; mg/kg is computed from it.
    weight_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["course", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="%(app_label)s_%(class)s_number_positive"
            ),
            models.UniqueConstraint(
                fields=["course", "number"], name="%(app_label)s_%(class)s_one_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(weight_kg__isnull=True)
                | models.Q(weight_kg__gte=20, weight_kg__lte=300),
                name="%(app_label)s_%(class)s_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"dosing session {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id


class ReadinessItem(BaseModel):
    """One item of a session's readiness checklist, copied from the protocol template."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        DosingSession, on_delete=models.PROTECT, related_name="readiness_items"
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=64)
    text = models.TextField()  # platform wording from the template, not client input
    source = models.CharField(max_length=300)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["session", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session", "code"], name="%(app_label)s_%(class)s_one_per_code"
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | models.Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="%(app_label)s_%(class)s_confirmed_with_who",
            ),
        ]

    def __str__(self) -> str:
        return f"readiness item {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


from ketacare.treatments.protocol_models import PracticeProtocol  # noqa: E402

# The session record's models live in their own module (size, STYLE §16); importing them
# here registers them with the app.
from ketacare.treatments.session_models import (  # noqa: E402
    Administration,
    AdverseEvent,
    BpDecision,
    ClinicalCheck,
    DischargeCheck,
    InSessionNote,
    RemsFiling,
    SessionNote,
    SessionSafetySettings,
    VitalSigns,
)

__all__ = [
    "Administration",
    "AdverseEvent",
    "BpDecision",
    "ClinicalCheck",
    "Course",
    "CourseStatus",
    "DischargeCheck",
    "DosingSession",
    "InSessionNote",
    "PracticeProtocol",
    "ReadinessItem",
    "RemsFiling",
    "SessionNote",
    "SessionSafetySettings",
    "SessionStatus",
    "VitalSigns",
]
