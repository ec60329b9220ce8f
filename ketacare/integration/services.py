"""Writing the integration plan: insights, commitments, their check-ins and the daily check-in.

Every write is authorised, validated and audited in one transaction. The daily check-in's save
evaluates the mood-drop rule (``domain.integration_rules``) and raises attention alerts in the
same transaction, so a check-in is never stored without the alerts it calls for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import Practice, User
from ketacare.alerts.models import Alert, AlertSeverity, AlertStatus
from ketacare.alerts.services import alert_raise
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.domain.instruments.registry import INSTRUMENTS
from ketacare.domain.integration_rules import DropPolicy, MoodPoint, evaluate_mood_drop
from ketacare.integration.exceptions import (
    CHECK_IN_IN_FUTURE,
    COMMITMENT_NOT_ACTIVE,
    ONLY_LEAD,
    PRACTICE_NOT_ACTIVE,
    REVIEW_BEFORE_START,
    UNKNOWN_INSTRUMENT,
    IntegrationInvalid,
)
from ketacare.integration.models import (
    Cadence,
    CoachingSession,
    Commitment,
    CommitmentCheckIn,
    CommitmentStatus,
    DailyCheckIn,
    Domain,
    Insight,
    InsightSource,
    IntegrationSettings,
    Outcome,
)
from ketacare.integration.permissions import can_write_plan, is_lead_of
from ketacare.journal.models import Entry

SOURCE_TYPE = "daily_check_in"
NOTE_MAX = 140


def integration_settings_for(practice: Practice) -> IntegrationSettings:
    """The practice's integration policy, created with the platform defaults [P] on first use."""
    settings, _ = IntegrationSettings.objects.get_or_create(practice=practice)
    return settings


def integration_settings_read(practice: Practice) -> IntegrationSettings:
    """The practice's policy for display: the stored row, or the defaults [P] unsaved.

    Pages (GET) use this, so reading never writes; services that act on the policy use
    ``integration_settings_for``.
    """
    stored = IntegrationSettings.objects.filter(practice=practice).first()
    return stored if stored is not None else IntegrationSettings(practice=practice)


@dataclass(frozen=True)
class IntegrationPolicy:
    """The practice settings a lead may change (each default is platform policy [P])."""

    low_mood_threshold: int
    low_mood_days: int
    baseline_drop_points: int
    follow_up_instruments: tuple[str, ...]
    missed_check_in_days: int = 3


# The ranges the database constraints hold (IntegrationSettings.Meta).
POLICY_RANGES = {
    "low_mood_threshold": (0, 10),
    "low_mood_days": (1, 14),
    "baseline_drop_points": (1, 10),
    "missed_check_in_days": (1, 30),
}


@transaction.atomic
def integration_settings_update(
    *, actor: User, practice: Practice, values: IntegrationPolicy
) -> IntegrationSettings:
    """A lead changes the practice's integration policy (audited with the changed names only).

    Raises:
        PermissionDenied: the actor does not lead this practice.
        IntegrationInvalid: a number outside its range, or no or an unknown questionnaire.
    """
    require(is_lead_of(actor, practice.pk), ONLY_LEAD)
    for field, (low, high) in POLICY_RANGES.items():
        if not low <= getattr(values, field) <= high:
            raise IntegrationInvalid(f"Choose a number from {low} to {high}.", field)
    codes = list(dict.fromkeys(values.follow_up_instruments))
    if not codes or any(code not in INSTRUMENTS for code in codes):
        raise IntegrationInvalid(UNKNOWN_INSTRUMENT, "follow_up_instruments")
    settings = integration_settings_for(practice)
    new = {**values.__dict__, "follow_up_instruments": codes}
    changed = [name for name, value in new.items() if getattr(settings, name) != value]
    for name in changed:
        setattr(settings, name, new[name])
    if changed:
        settings.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=settings,
        practice=practice,
        extra={"changed": changed},
    )
    return settings


def client_today(client: Client) -> dt.date:
    """Today in the client's practice time zone (a check-in belongs to the client's day)."""
    return timezone.now().astimezone(ZoneInfo(client.practice.timezone)).date()


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        raise IntegrationInvalid(f"Choose a valid {field.replace('_', ' ')}.", field)
    return value


def _text(value: str, field: str, *, required: bool = True, limit: int = 2000) -> str:
    text = value.strip()
    if required and not text:
        raise IntegrationInvalid(f"Write the {field.replace('_', ' ')}.", field)
    if len(text) > limit:
        raise IntegrationInvalid(
            f"Keep the {field.replace('_', ' ')} to {limit} characters.", field
        )
    return text


@transaction.atomic
def insight_create(
    *,
    actor: User,
    client: Client,
    text: str,
    source_kind: str = InsightSource.OTHER,
    source_public_id: uuid.UUID | None = None,
) -> Insight:
    """Record an insight in the client's words, with where it came from.

    Raises:
        PermissionDenied: the actor is not the client.
        IntegrationInvalid: empty text, an unknown source kind, or a source that is not one of
            the client's own entries or coaching sessions.
    """
    require(can_write_plan(actor, client))
    kind = _choice(source_kind, InsightSource.values, "source_kind")
    _check_source(client, kind, source_public_id)
    insight = Insight.objects.create(
        practice_id=client.practice_id,
        client=client,
        text=_text(text, "insight"),
        source_kind=kind,
        source_public_id=source_public_id,
        created_by=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=insight, extra={"source": source_kind})
    return insight


def _check_source(client: Client, kind: str, source_public_id: uuid.UUID | None) -> None:
    """An insight may point only at the client's own journal entry or coaching session."""
    if source_public_id is None or kind == InsightSource.OTHER:
        return
    if kind == InsightSource.COACHING_SESSION:
        found = CoachingSession.objects.filter(client=client, public_id=source_public_id).exists()
    else:  # a journal entry, or a session reflection (a journal entry linked to a session)
        found = Entry.objects.filter(client=client, public_id=source_public_id).exists()
    if not found:
        raise IntegrationInvalid(
            "The entry this insight came from was not found among your own.", "source_kind"
        )


@dataclass(frozen=True)
class CommitmentValues:
    """What a commitment says: its domain, next step, rhythm and dates."""

    domain: str
    next_step: str
    cadence: str
    start_on: dt.date
    review_on: dt.date


@transaction.atomic
def commitment_create(
    *, actor: User, client: Client, values: CommitmentValues, insight: Insight | None = None
) -> Commitment:
    """Turn an insight (or a plain intention) into a commitment in one of the four domains.

    Raises:
        PermissionDenied: the actor is not the client.
        IntegrationInvalid: unknown domain or cadence, empty next step, review before start, or
            an insight of another client (field ``insight``).
    """
    require(can_write_plan(actor, client))
    if insight is not None and insight.client_id != client.pk:
        raise IntegrationInvalid("Choose one of your own insights.", "insight")
    if values.review_on < values.start_on:
        raise IntegrationInvalid(REVIEW_BEFORE_START, "review_on")
    commitment = Commitment.objects.create(
        practice_id=client.practice_id,
        client=client,
        insight=insight,
        domain=_choice(values.domain, Domain.values, "domain"),
        next_step=_text(values.next_step, "next_step", limit=500),
        cadence=_choice(values.cadence, Cadence.values, "cadence"),
        start_on=values.start_on,
        review_on=values.review_on,
        created_by=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=commitment, extra={"domain": values.domain}
    )
    return commitment


@transaction.atomic
def commitment_status_set(*, actor: User, commitment: Commitment, status: str) -> Commitment:
    """Pause, resume, complete or drop a commitment (the client's own decision).

    Raises:
        PermissionDenied: the actor is not the client.
        IntegrationInvalid: an unknown status.
    """
    require(can_write_plan(actor, commitment.client))
    commitment.status = _choice(status, CommitmentStatus.values, "status")
    commitment.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=commitment, extra={"status": status})
    return commitment


@transaction.atomic
def commitment_check_in(
    *, actor: User, commitment: Commitment, outcome: str, note: str = "", on: dt.date | None = None
) -> tuple[CommitmentCheckIn, bool]:
    """Record how an active commitment went on a day; a second check-in that day updates the first.

    Returns:
        The check-in and whether it was created (False: that day's check-in was updated).

    Raises:
        PermissionDenied: the actor is not the client.
        IntegrationInvalid: unknown outcome, a future day, a note too long, or an inactive
            commitment.
    """
    require(can_write_plan(actor, commitment.client))
    day = on or client_today(commitment.client)
    if day > client_today(commitment.client):
        raise IntegrationInvalid(CHECK_IN_IN_FUTURE, "on")
    if commitment.status != CommitmentStatus.ACTIVE:
        raise IntegrationInvalid(COMMITMENT_NOT_ACTIVE, "outcome")
    check_in, created = CommitmentCheckIn.objects.select_for_update().update_or_create(
        commitment=commitment,
        on=day,
        defaults={
            "practice_id": commitment.practice_id,
            "client_id": commitment.client_id,
            "outcome": _choice(outcome, Outcome.values, "outcome"),
            "note": _text(note, "note", required=False, limit=500),
        },
    )
    action = AuditAction.CREATE if created else AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=check_in, extra={"outcome": outcome})
    return check_in, created


@dataclass(frozen=True)
class DailyValues:
    """One day's check-in: 0–10 scales, the commitments practised and a one-line note."""

    mood: int
    anxiety: int
    sleep_quality: int
    practices: Sequence[Commitment] = ()
    note: str = ""


def _scale(value: int, field: str) -> int:
    if not 0 <= value <= 10:
        raise IntegrationInvalid(f"Choose a {field.replace('_', ' ')} from 0 to 10.", field)
    return value


def _validate_daily(client: Client, values: DailyValues) -> None:
    for field in ("mood", "anxiety", "sleep_quality"):
        _scale(getattr(values, field), field)
    _text(values.note, "note", required=False, limit=NOTE_MAX)
    for commitment in values.practices:
        if commitment.client_id != client.pk or commitment.status != CommitmentStatus.ACTIVE:
            raise IntegrationInvalid(PRACTICE_NOT_ACTIVE, "practices")


@transaction.atomic
def daily_check_in_save(
    *, actor: User, client: Client, values: DailyValues, on: dt.date | None = None
) -> tuple[DailyCheckIn, list[Alert]]:
    """Save the client's check-in for a day and raise any attention alerts the drop rule calls for.

    Re-saving the same day updates that day's check-in (audited as an UPDATE).

    Returns:
        The check-in and the alerts raised by this save (usually none).

    Raises:
        PermissionDenied: the actor is not the client.
        IntegrationInvalid: a scale outside 0–10, a note over 140 characters, a future day, or
            a practice that is not one of the client's active commitments.
    """
    require(can_write_plan(actor, client))
    day = on or client_today(client)
    if day > client_today(client):
        raise IntegrationInvalid(CHECK_IN_IN_FUTURE, "on")
    _validate_daily(client, values)
    check_in, created = DailyCheckIn.objects.select_for_update().update_or_create(
        client=client,
        on=day,
        defaults={
            "practice_id": client.practice_id,
            "mood": values.mood,
            "anxiety": values.anxiety,
            "sleep_quality": values.sleep_quality,
            "note": values.note.strip(),
        },
    )
    check_in.practices_done.set(values.practices)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=check_in,
        extra={"practices": len(values.practices)},
    )
    return check_in, _mood_drop_alerts(client, check_in)


def _mood_drop_alerts(client: Client, check_in: DailyCheckIn) -> list[Alert]:
    """Apply the drop rule (issue #6 item 4) to every check-in so far; raise what is not open."""
    settings = integration_settings_for(client.practice)
    policy = DropPolicy(
        low_mood_threshold=settings.low_mood_threshold,
        low_mood_days=settings.low_mood_days,
        baseline_drop_points=settings.baseline_drop_points,
    )
    points = [
        MoodPoint(on, mood)
        for on, mood in DailyCheckIn.objects.filter(client=client)
        .order_by("on")
        .values_list("on", "mood")
    ]
    alerts = []
    for finding in evaluate_mood_drop(points, policy):
        unresolved = Alert.objects.filter(
            client=client, source_type=SOURCE_TYPE, code=finding.code
        ).exclude(status=AlertStatus.RESOLVED)
        raised_for_this = Alert.objects.filter(
            source_type=SOURCE_TYPE, source_public_id=check_in.public_id, code=finding.code
        )
        if unresolved.exists() or raised_for_this.exists():
            continue  # no duplicate while one is open, and one per check-in and code
        alerts.append(
            alert_raise(
                practice=client.practice,
                client=client,
                source_type=SOURCE_TYPE,
                source_public_id=check_in.public_id,
                code=str(finding.code),
                severity=AlertSeverity.ATTENTION,
                summary=finding.summary,
            )
        )
    return alerts
