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
    eligibility = models.CharField(max_length=8, choices=Eligibility)
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
    decision = models.CharField(max_length=32, choices=Decision)
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


# consent and intentions


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Consent to treatment"
    DATA_SHARING = "data_sharing", "Consent to data sharing"
    RESEARCH = "research", "Consent to research use"


class ConsentDocument(BaseModel):
    """A version of a consent text a practice asks clients to sign; immutable once published."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ConsentKind)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()  # Markdown written by the practice; rendered through nh3
    published_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ConsentKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="%(app_label)s_%(class)s_version_positive"
            ),
            models.UniqueConstraint(
                fields=["practice", "kind", "version"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"consent document {self.public_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # Clients signed exactly this text; a change is a new version, never an edit.
        if not self._state.adding:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable


WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawal_reason", "updated_at"})


class ConsentSignature(BaseModel):
    """A client's signature of one consent document; only its withdrawal may be added later."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consent_signatures")
    document = models.ForeignKey(
        ConsentDocument, on_delete=models.PROTECT, related_name="signatures"
    )
    typed_full_name = models.CharField(max_length=200)
    confirmed = models.BooleanField()
    signed_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(confirmed=True), name="%(app_label)s_%(class)s_confirmed"
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("signed_at")),
                name="%(app_label)s_%(class)s_withdrawn_after_signed",
            ),
            # One standing signature per client and document; re-signing follows a withdrawal.
            models.UniqueConstraint(
                fields=["client", "document"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="%(app_label)s_%(class)s_one_standing",
            ),
        ]

    def __str__(self) -> str:
        return f"consent signature {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # Only the withdrawal may be added to a stored signature; the signature itself stays.
        update_fields = kwargs.get("update_fields")
        is_withdrawal = bool(update_fields) and set(update_fields or ()) <= WITHDRAWAL_FIELDS
        if not self._state.adding and not is_withdrawal:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable


class IntentionScope(models.TextChoices):
    COURSE = "course", "For the whole course"
    SESSION = "session", "For a session"


class Intention(BaseModel):
    """A client's intention for the course or a session; edits are new rows (`supersedes`)."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intentions")
    scope = models.CharField(max_length=8, choices=IntentionScope)
    # Free text such as "Session 2" until the treatments app gives sessions an identity.
    session_label = models.CharField(max_length=40, blank=True, default="")
    body = EncryptedTextField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(scope__in=IntentionScope.values),
                name="%(app_label)s_%(class)s_scope_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(scope=IntentionScope.COURSE, session_label="")
                | (models.Q(scope=IntentionScope.SESSION) & ~models.Q(session_label="")),
                name="%(app_label)s_%(class)s_label_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"intention {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # History is kept by adding rows, so a stored intention never changes.
        if not self._state.adding:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable


from ketacare.preparation.models_learning import LearningProgress  # noqa: E402, F401
