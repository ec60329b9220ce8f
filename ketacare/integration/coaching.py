"""Signing coaching and integration-session notes (DAP), immutable once written; amendments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.integration.exceptions import AMEND_OTHER_CLIENT, NOTE_REQUIRED, IntegrationInvalid
from ketacare.integration.models import (
    CoachingKind,
    CoachingSession,
    Commitment,
    FollowUp,
    FollowUpKind,
)
from ketacare.integration.permissions import can_write_coaching_note


@dataclass(frozen=True)
class DapNote:
    """A note in DAP format (Data, Assessment, Plan) and what it is linked to."""

    held_at: dt.datetime
    kind: str
    data: str
    assessment: str
    plan: str
    commitments: Sequence[Commitment] = ()
    reviewed_plan: bool = False


def _validate(client: Client, note: DapNote) -> None:
    if note.kind not in CoachingKind.values:
        raise IntegrationInvalid("Choose coaching or integration session.", "kind")
    if not (note.data.strip() or note.assessment.strip() or note.plan.strip()):
        raise IntegrationInvalid(NOTE_REQUIRED, "data")
    if note.held_at > timezone.now():
        raise IntegrationInvalid("A session note cannot be for a time still to come.", "held_at")
    if any(c.client_id != client.pk for c in note.commitments):
        raise IntegrationInvalid("Link only this client's commitments.", "commitments")


@transaction.atomic
def coaching_note_sign(
    *, actor: User, client: Client, note: DapNote, amends: CoachingSession | None = None
) -> CoachingSession:
    """Write and sign a DAP note in one step; it never changes afterwards.

    An integration-session note also completes the client's earliest open "suggested
    integration session" follow-up due by the session's day (docs/integration.md).

    Raises:
        PermissionDenied: the actor is not a practitioner or lead on the client's care team.
        IntegrationInvalid: no text, unknown kind, a future time, another client's commitment,
            or an amendment of another client's note.
    """
    require(can_write_coaching_note(actor, client))
    _validate(client, note)
    if amends is not None and amends.client_id != client.pk:
        raise IntegrationInvalid(AMEND_OTHER_CLIENT, "amends")
    session = CoachingSession.objects.create(
        practice_id=client.practice_id,
        client=client,
        practitioner=actor,
        held_at=note.held_at,
        kind=note.kind,
        data=note.data.strip(),
        assessment=note.assessment.strip(),
        plan=note.plan.strip(),
        reviewed_plan=note.reviewed_plan,
        signed_at=timezone.now(),
        signed_by=actor,
        amends=amends,
    )
    session.commitments.set(note.commitments)
    audit_record(
        actor=actor,
        action=AuditAction.AMEND if amends else AuditAction.SIGN,
        obj=session,
        extra={"kind": note.kind, "commitments": len(note.commitments)},
    )
    if note.kind == CoachingKind.INTEGRATION_SESSION and amends is None:
        _complete_suggested_session(actor, client, note.held_at.date())
    return session


def _complete_suggested_session(actor: User, client: Client, day: dt.date) -> None:
    follow_up = (
        FollowUp.objects.select_for_update()
        .filter(
            client=client,
            kind=FollowUpKind.INTEGRATION_SESSION,
            done_at__isnull=True,
            due_on__lte=day + dt.timedelta(days=7),
        )
        .order_by("due_on", "pk")
        .first()
    )
    if follow_up is None:
        return
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=follow_up, extra={"done": True})
