"""Actor-scoped, audited reads of plans, check-ins, coaching notes and follow-ups."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.domain.integration_rules import PlanProgress, progress
from ketacare.integration.models import (
    CoachingSession,
    Commitment,
    CommitmentCheckIn,
    CommitmentStatus,
    DailyCheckIn,
    FollowUp,
    Insight,
)
from ketacare.integration.permissions import can_read_coaching_notes
from ketacare.integration.services import client_today

MAX_ROWS = 200
TREND_DAYS = 28
FOLLOW_UP_LOOKAHEAD_DAYS = 7

M = TypeVar("M", bound=Model)


def _scoped(model: type[M], actor: Any) -> QuerySet[M]:  # Any: User
    return model._default_manager.filter(client__in=clients_visible_to(actor)).select_related(
        "client", "client__practice"
    )


def _require_visible(actor: Any, client: Client) -> None:  # Any: User
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise NotFound


def _listed(actor: Any, object_type: str, client: Client, rows: list[M]) -> list[M]:  # Any
    audit_record_list(
        actor=actor,
        object_type=object_type,
        subject_client_public_ids={client.public_id} if rows else set(),
    )
    return rows


def _get(model: type[M], actor: Any, public_id: uuid.UUID | str) -> M:  # Any: User
    try:
        row = _scoped(model, actor).get(public_id=public_id)
    except (model.DoesNotExist, ValidationError, ValueError) as exc:  # type: ignore[attr-defined]
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=row)
    return row


def insights_for(*, actor: Any, client: Client) -> list[Insight]:  # Any: User
    """A client's insights, newest first (audited as a LIST).

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    _require_visible(actor, client)
    rows = list(_scoped(Insight, actor).filter(client=client).order_by("-created_at")[:MAX_ROWS])
    return _listed(actor, "Insight", client, rows)


def insight_get(*, actor: Any, public_id: uuid.UUID | str) -> Insight:  # Any: User
    """One insight the actor may see (audited as a VIEW); NotFound otherwise."""
    return _get(Insight, actor, public_id)


def commitments_for(*, actor: Any, client: Client) -> list[Commitment]:  # Any: User
    """A client's commitments, active first then newest (audited as a LIST).

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    _require_visible(actor, client)
    rows = sorted(
        _scoped(Commitment, actor).filter(client=client).order_by("-start_on", "-pk")[:MAX_ROWS],
        key=lambda c: c.status != CommitmentStatus.ACTIVE,
    )
    return _listed(actor, "Commitment", client, rows)


def commitment_get(*, actor: Any, public_id: uuid.UUID | str) -> Commitment:  # Any: User
    """One commitment the actor may see (audited as a VIEW); NotFound otherwise."""
    return _get(Commitment, actor, public_id)


def commitment_check_ins(*, actor: Any, commitment: Commitment) -> list[CommitmentCheckIn]:  # Any
    """A commitment's check-ins, newest first (audited as a LIST)."""
    rows = list(
        _scoped(CommitmentCheckIn, actor).filter(commitment=commitment).order_by("-on")[:MAX_ROWS]
    )
    return _listed(actor, "CommitmentCheckIn", commitment.client, rows)


@dataclass(frozen=True)
class PlanRow:
    """A commitment with how it went over the last four weeks."""

    commitment: Commitment
    progress: PlanProgress


def plan_summary(*, actor: Any, client: Client) -> list[PlanRow]:  # Any: User
    """Each active or paused commitment with its last four weeks (audited as LISTs).

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    commitments = [
        c
        for c in commitments_for(actor=actor, client=client)
        if c.status in {CommitmentStatus.ACTIVE, CommitmentStatus.PAUSED}
    ]
    today = client_today(client)
    outcomes: dict[int, list[tuple[dt.date, str]]] = {c.pk: [] for c in commitments}
    for commitment_id, on, outcome in CommitmentCheckIn.objects.filter(
        commitment__in=commitments, on__gte=today - dt.timedelta(days=TREND_DAYS)
    ).values_list("commitment_id", "on", "outcome"):
        outcomes[commitment_id].append((on, outcome))
    audit_record_list(
        actor=actor,
        object_type="CommitmentCheckIn",
        subject_client_public_ids={client.public_id} if commitments else set(),
    )
    return [
        PlanRow(
            c,
            progress(cadence=c.cadence, start_on=c.start_on, today=today, outcomes=outcomes[c.pk]),
        )
        for c in commitments
    ]


def daily_check_ins_for(
    *, actor: Any, client: Client, days: int = TREND_DAYS
) -> list[DailyCheckIn]:  # Any: User
    """The client's daily check-ins of the last ``days`` days, newest first (audited as a LIST).

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    _require_visible(actor, client)
    since = client_today(client) - dt.timedelta(days=days - 1)
    rows = list(
        _scoped(DailyCheckIn, actor)
        .filter(client=client, on__gte=since)
        .prefetch_related("practices_done")
        .order_by("-on")[:MAX_ROWS]
    )
    return _listed(actor, "DailyCheckIn", client, rows)


def daily_check_in_get(*, actor: Any, public_id: uuid.UUID | str) -> DailyCheckIn:  # Any: User
    """One daily check-in the actor may see (audited as a VIEW); NotFound otherwise."""
    return _get(DailyCheckIn, actor, public_id)


def daily_check_in_latest(*, actor: Any, client: Client) -> DailyCheckIn | None:  # Any: User
    """The client's most recent check-in (for today's form or yesterday's defaults), audited."""
    _require_visible(actor, client)
    latest = (
        _scoped(DailyCheckIn, actor)
        .filter(client=client)
        .prefetch_related("practices_done")
        .order_by("-on")
        .first()
    )
    if latest is not None:
        audit_record(actor=actor, action=AuditAction.VIEW, obj=latest)
    return latest


def follow_ups_due(*, actor: Any, client: Client) -> list[FollowUp]:  # Any: User
    """Open follow-ups due by a week from today, soonest first (audited as a LIST).

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    _require_visible(actor, client)
    until = client_today(client) + dt.timedelta(days=FOLLOW_UP_LOOKAHEAD_DAYS)
    rows = list(
        _scoped(FollowUp, actor)
        .filter(client=client, done_at__isnull=True, due_on__lte=until)
        .order_by("due_on", "pk")[:MAX_ROWS]
    )
    return _listed(actor, "FollowUp", client, rows)


def follow_up_get(*, actor: Any, public_id: uuid.UUID | str) -> FollowUp:  # Any: User
    """One follow-up the actor may see (audited as a VIEW); NotFound otherwise."""
    return _get(FollowUp, actor, public_id)


def coaching_notes_for(*, actor: Any, client: Client) -> list[CoachingSession]:  # Any: User
    """A client's signed DAP notes, newest first, for the care team and leads only.

    Clients never read DAP notes; they see only the dates (``coaching_dates_for``).

    Raises:
        NotFound: the client is outside the actor's scope, or the actor may not read notes.
    """
    _require_visible(actor, client)
    if not can_read_coaching_notes(actor, client):
        raise NotFound
    rows = list(
        _scoped(CoachingSession, actor)
        .filter(client=client)
        .select_related("practitioner", "amends")
        .prefetch_related("commitments")
        .order_by("-held_at", "-pk")[:MAX_ROWS]
    )
    return _listed(actor, "CoachingSession", client, rows)


def coaching_note_get(*, actor: Any, public_id: uuid.UUID | str) -> CoachingSession:  # Any: User
    """One DAP note for the care team or a lead (audited as a VIEW); NotFound for anyone else."""
    try:
        note = _scoped(CoachingSession, actor).get(public_id=public_id)
    except (CoachingSession.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    if not can_read_coaching_notes(actor, note.client):
        raise NotFound
    audit_record(actor=actor, action=AuditAction.VIEW, obj=note)
    return note


def coaching_dates_for(*, actor: Any, client: Client) -> list[tuple[str, dt.datetime]]:  # Any
    """What the client sees of their sessions: the kind's label and the time, never the note.

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    _require_visible(actor, client)
    rows = list(
        _scoped(CoachingSession, actor)
        .filter(client=client, amends__isnull=True)
        .order_by("-held_at")[:MAX_ROWS]
    )
    _listed(actor, "CoachingSession", client, rows)
    return [(row.get_kind_display(), row.held_at) for row in rows]


def follow_ups_due_caseload(*, actor: Any, today: dt.date) -> list[FollowUp]:  # Any: User
    """Open follow-ups due by ``today`` for every client the actor may see (audited as a LIST)."""
    rows = list(
        _scoped(FollowUp, actor)
        .filter(done_at__isnull=True, due_on__lte=today)
        .order_by("due_on", "pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="FollowUp",
        subject_client_public_ids={row.client.public_id for row in rows},
    )
    return rows
