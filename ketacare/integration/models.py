"""Integration plans (insights → commitments), check-ins, coaching notes and follow-ups."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel
from ketacare.integration.exceptions import NoteImmutable


def _check(condition: models.Q, rule: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{rule}")


class ClientOwned(BaseModel):
    """Abstract: a row owned by a practice and one of its clients."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__.lower()} {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id


class IntegrationSettings(BaseModel):
    """A practice's integration policy; created on demand with the platform defaults [P]."""

    practice = models.OneToOneField(
        Practice, on_delete=models.PROTECT, related_name="integration_settings"
    )
    # The daily check-in drop rule (issue #6 item 4; domain.integration_rules) [P].
    low_mood_threshold = models.PositiveSmallIntegerField(default=3)
    low_mood_days = models.PositiveSmallIntegerField(default=3)
    baseline_drop_points = models.PositiveSmallIntegerField(default=3)
    # Questionnaires assigned after a course's last session (measures' course schedule) [P].
    follow_up_instruments = models.JSONField(default=list, blank=True)
    # The caseload flags a client in integration with no daily check-in for this many days [P].
    missed_check_in_days = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(low_mood_threshold__lte=10), "threshold_range"),
            _check(models.Q(low_mood_days__gte=1, low_mood_days__lte=14), "days_range"),
            _check(
                models.Q(baseline_drop_points__gte=1, baseline_drop_points__lte=10), "drop_range"
            ),
            _check(
                models.Q(missed_check_in_days__gte=1, missed_check_in_days__lte=30),
                "missed_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"integration settings {self.public_id}"


class InsightSource(models.TextChoices):
    JOURNAL_ENTRY = "journal_entry", "A journal entry"
    SESSION_REFLECTION = "session_reflection", "A session reflection"
    COACHING_SESSION = "coaching_session", "A coaching session"
    OTHER = "other", "Something else"


class Insight(ClientOwned):
    """Something the client realised, in their words, and where it came from."""

    text = EncryptedTextField()
    source_kind = models.CharField(max_length=32, choices=InsightSource)
    # No foreign key: the source may live in another app (journal); resolved by kind + id.
    source_public_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(source_kind__in=InsightSource.values), "source_kind_valid"),
        ]


class Domain(models.TextChoices):
    """The four domains of integration (issue #6 item 3)."""

    BEHAVIOUR = "behaviour", "Behaviour"
    BELIEFS = "beliefs", "Beliefs"
    THOUGHT_PATTERNS = "thought_patterns", "Thought patterns"
    EMOTIONAL_REGULATION = "emotional_regulation", "Emotional regulation"


class Cadence(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKDAYS = "weekdays", "Every weekday"
    WEEKLY = "weekly", "Once a week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Once a month"


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "Dropped"


class Commitment(ClientOwned):
    """A commitment in one of the four domains, with a concrete next step and a rhythm."""

    insight = models.ForeignKey(
        Insight, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    domain = models.CharField(max_length=32, choices=Domain)
    next_step = EncryptedTextField()
    cadence = models.CharField(max_length=16, choices=Cadence)
    start_on = models.DateField()
    review_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=CommitmentStatus, default=CommitmentStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(domain__in=Domain.values), "domain_valid"),
            _check(models.Q(cadence__in=Cadence.values), "cadence_valid"),
            _check(models.Q(status__in=CommitmentStatus.values), "status_valid"),
            _check(models.Q(review_on__gte=models.F("start_on")), "review_after_start"),
        ]


class Outcome(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly"
    NOT_YET = "not_yet", "Not yet"


class CommitmentCheckIn(ClientOwned):
    """How a commitment went on one day; one per commitment per day (a re-check-in updates it)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="check_ins")
    on = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(outcome__in=Outcome.values), "outcome_valid"),
            models.UniqueConstraint(
                fields=["commitment", "on"], name="%(app_label)s_%(class)s_one_per_day"
            ),
        ]


class DailyCheckIn(ClientOwned):
    """The client's one-tap day: mood, anxiety and sleep quality 0–10, practices, a short note."""

    on = models.DateField()
    mood = models.PositiveSmallIntegerField()
    anxiety = models.PositiveSmallIntegerField()
    # Sleep quality 0–10 (not hours): one scale for all three, easy to tap (docs/integration.md).
    sleep_quality = models.PositiveSmallIntegerField()
    practices_done = models.ManyToManyField(Commitment, blank=True, related_name="+")
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(mood__lte=10), "mood_range"),
            _check(models.Q(anxiety__lte=10), "anxiety_range"),
            _check(models.Q(sleep_quality__lte=10), "sleep_range"),
            models.UniqueConstraint(
                fields=["client", "on"], name="%(app_label)s_%(class)s_one_per_day"
            ),
        ]


class CoachingKind(models.TextChoices):
    COACHING = "coaching", "Coaching session"
    INTEGRATION_SESSION = "integration_session", "Integration session"


class CoachingSession(ClientOwned):
    """A signed DAP note of a coaching or integration session: immutable; amendments are rows."""

    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField()
    kind = models.CharField(max_length=32, choices=CoachingKind)
    data = EncryptedTextField(blank=True, default="")
    assessment = EncryptedTextField(blank=True, default="")
    plan = EncryptedTextField(blank=True, default="")
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="coaching_sessions")
    reviewed_plan = models.BooleanField(default=False)
    signed_at = models.DateTimeField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(kind__in=CoachingKind.values), "kind_valid"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # Signed on creation and never changed (STYLE §4); triggers also refuse UPDATE.
        if not self._state.adding:
            raise NoteImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise NoteImmutable


class FollowUpKind(models.TextChoices):
    JOURNAL_PROMPT = "journal_prompt", "Journal prompt"
    QUESTIONNAIRE = "questionnaire", "Questionnaires"
    INTEGRATION_SESSION = "integration_session", "Suggested integration session"


class FollowUp(ClientOwned):
    """A follow-up task generated after a dosing session or at the end of a course."""

    kind = models.CharField(max_length=32, choices=FollowUpKind)
    phase = models.CharField(max_length=8)  # 48h, 24h, 72h, 1w, 2w, 1m, 3m, 6m
    due_on = models.DateField()
    source_session_public_id = models.UUIDField()
    source_course_public_id = models.UUIDField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(kind__in=FollowUpKind.values), "kind_valid"),
            # The same session never generates the same follow-up twice.
            models.UniqueConstraint(
                fields=["source_session_public_id", "kind", "phase"],
                name="%(app_label)s_%(class)s_one_per_session_kind_phase",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "due_on"])]
