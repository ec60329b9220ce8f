"""The follow-up schedule after each dosing session and at the end of a course (issue #6 item 6).

After every discharged session: journal prompts at 24 h, 72 h and 1 week (the issue's own
times) and a suggested integration session within 48 h [P]. After the course's last session
(its highest session number): questionnaires at 1 and 2 weeks, 1, 3 and 6 months, really
assigned through the measures course schedule, and suggested integration sessions at 1 and
2 weeks [P]. The anchor is the discharge day. Generating twice for one session creates nothing
new (a unique constraint and ``get_or_create``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.integration.models import FollowUp, FollowUpKind
from ketacare.integration.permissions import is_care_team_member, is_the_client
from ketacare.measures.permissions import can_assign_questionnaire
from ketacare.measures.services import assignment_schedule_create
from ketacare.treatments.models import DosingSession
from ketacare.treatments.session_models import DischargeCheck

# Questionnaires per protocol [P]: the practice may change the list (IntegrationSettings).
DEFAULT_FOLLOW_UP_INSTRUMENTS = ("PHQ-9", "GAD-7")


@dataclass(frozen=True)
class Step:
    """One follow-up: its kind, phase code, days after discharge and measures' schedule label."""

    kind: str
    phase: str
    days: int
    schedule_label: str = ""


AFTER_EACH_SESSION = (
    Step(FollowUpKind.JOURNAL_PROMPT, "24h", 1),
    Step(FollowUpKind.INTEGRATION_SESSION, "48h", 2),
    Step(FollowUpKind.JOURNAL_PROMPT, "72h", 3),
    Step(FollowUpKind.JOURNAL_PROMPT, "1w", 7),
)
AFTER_LAST_SESSION = (
    Step(FollowUpKind.QUESTIONNAIRE, "1w", 7, "1 week"),
    Step(FollowUpKind.INTEGRATION_SESSION, "1w", 7),
    Step(FollowUpKind.QUESTIONNAIRE, "2w", 14, "2 weeks"),
    Step(FollowUpKind.INTEGRATION_SESSION, "2w", 14),
    Step(FollowUpKind.QUESTIONNAIRE, "1m", 30, "1 month"),
    Step(FollowUpKind.QUESTIONNAIRE, "3m", 91, "3 months"),
    Step(FollowUpKind.QUESTIONNAIRE, "6m", 182, "6 months"),
)


def is_last_session(session: DosingSession) -> bool:
    """Whether ``session`` has the highest number of its course."""
    numbers = DosingSession.objects.filter(course_id=session.course_id).values_list(
        "number", flat=True
    )
    return session.number == max(numbers, default=session.number)


def _assigner(session: DosingSession) -> User | None:
    """Who assigns the questionnaires: whoever discharged, else who planned the course."""
    check = (
        DischargeCheck.objects.filter(session=session)
        .select_related("recorded_by")
        .order_by("-created_at")
        .first()
    )
    for candidate in (check.recorded_by if check else None, session.course.created_by):
        if candidate is not None and can_assign_questionnaire(candidate, session.client):
            return candidate
    return None


def _assign_questionnaires(session: DosingSession, anchor: dt.date, labels: list[str]) -> None:
    from ketacare.integration.services import integration_settings_for  # noqa: PLC0415

    actor = _assigner(session)
    if actor is None:
        return  # nobody on the care team may assign: the follow-up rows still show what is due
    codes = integration_settings_for(session.client.practice).follow_up_instruments
    for code in codes or DEFAULT_FOLLOW_UP_INSTRUMENTS:
        assignment_schedule_create(
            actor=actor,
            client=session.client,
            instrument_code=code,
            anchor_date=anchor,
            points=labels,
        )


@transaction.atomic
def follow_ups_generate(*, session: DosingSession) -> list[FollowUp]:
    """Create the follow-ups of a discharged session (idempotent); a system action, audited.

    Returns:
        The follow-ups created by this call (empty when they already existed).
    """
    session = DosingSession.objects.select_related("client__practice", "course").get(pk=session.pk)
    anchor = (session.discharged_at or timezone.now()).date()
    steps = AFTER_EACH_SESSION + (AFTER_LAST_SESSION if is_last_session(session) else ())
    created = []
    for step in steps:
        follow_up, is_new = FollowUp.objects.get_or_create(
            source_session_public_id=session.public_id,
            kind=step.kind,
            phase=step.phase,
            defaults={
                "practice_id": session.practice_id,
                "client_id": session.client_id,
                "due_on": anchor + dt.timedelta(days=step.days),
                "source_course_public_id": session.course.public_id,
            },
        )
        if is_new:
            created.append(follow_up)
            audit_record(actor=None, action=AuditAction.CREATE, obj=follow_up)
    labels = [s.schedule_label for s in steps if s.schedule_label]
    if labels:
        _assign_questionnaires(session, anchor, labels)
    return created


@transaction.atomic
def follow_up_complete(*, actor: User, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done ("Done" by the client, or by the care team); done stays done.

    Raises:
        PermissionDenied: the actor is neither the client nor on the care team.
    """
    client = follow_up.client
    require(is_the_client(actor, client) or is_care_team_member(actor, client))
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=follow_up, extra={"done": True})
    return follow_up


@transaction.atomic
def journal_follow_ups_complete(*, actor: User, client: Client, day: dt.date) -> list[FollowUp]:
    """A journal entry written on ``day`` completes the client's open journal-prompt follow-ups.

    Every open journal-prompt follow-up due on or before ``day`` (the client's day, practice
    time zone) is done: one entry answers a prompt that is due, and also one missed earlier (a
    late entry still closes the loop). Follow-ups not yet due stay open, so an entry on the
    session day does not complete the 24 h prompt. Each completion is audited.

    Returns:
        The follow-ups this call completed (empty when none was due).

    Raises:
        PermissionDenied: the actor is not the client (only the client writes their journal).
    """
    require(is_the_client(actor, client))
    rows = list(
        FollowUp.objects.select_for_update()
        .filter(
            client=client,
            kind=FollowUpKind.JOURNAL_PROMPT,
            done_at__isnull=True,
            due_on__lte=day,
        )
        .order_by("due_on", "pk")
    )
    now = timezone.now()
    for follow_up in rows:
        follow_up.done_at = now
        follow_up.save(update_fields=["done_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=follow_up,
            extra={"done": True, "by": "journal_entry"},
        )
    return rows
