"""Planning a course behind its gates, confirming readiness, and checking a client in.

Gates (docs/treatments.md): a course is planned only when the client's latest screening
decision approves them and their treatment consent is current; check-in asks again for consent.
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
from ketacare.domain.protocols import ScheduleError, plan_sessions
from ketacare.preparation.consent_selectors import has_current_treatment_consent
from ketacare.preparation.models import Decision, ScreeningDecision, ScreeningResult
from ketacare.treatments.exceptions import (
    CONSENT_WITHDRAWN,
    COURSE_OPEN,
    NO_CONSENT,
    NOT_APPROVED,
    NOT_SCHEDULED,
    ONLY_CARE_TEAM,
    ONLY_THE_CLIENT,
    OVERRIDE_REQUIRED,
    READINESS_CLOSED,
    WEEKEND_START,
    TreatmentRefused,
)
from ketacare.treatments.models import (
    OPEN_COURSE_STATUSES,
    Course,
    CourseStatus,
    DosingSession,
    ReadinessItem,
    SessionStatus,
)
from ketacare.treatments.permissions import can_confirm_readiness, can_plan_treatment
from ketacare.treatments.protocol_services import planning_template

APPROVING = frozenset({Decision.APPROVE, Decision.APPROVE_WITH_CONDITIONS})


def latest_screening_decision(client: Client) -> ScreeningDecision | None:
    """The standing decision on the client's latest screening result (amendments followed).

    A newer intake without a decision yet means there is no standing decision: a new
    screening supersedes the old approval until a clinician decides on it.
    """
    result = ScreeningResult.objects.filter(client=client).order_by("-computed_at", "-pk").first()
    if result is None:
        return None
    return result.decisions.filter(amended_by__isnull=True).order_by("-signed_at", "-pk").first()


def _check_gates(client: Client) -> None:
    decision = latest_screening_decision(client)
    if decision is None or decision.decision not in APPROVING:
        raise TreatmentRefused(NOT_APPROVED)
    if not has_current_treatment_consent(client):
        raise TreatmentRefused(NO_CONSENT)


@transaction.atomic
def course_plan(*, actor: User, client: Client, protocol_code: str, start_on: dt.date) -> Course:
    """Plan a course: its sessions from the template's schedule, each with its checklist.

    Args:
        actor: a care-team practitioner or lead, or a lead of the client's practice.
        client: the client to treat.
        protocol_code: a key of ``domain.protocols.PROTOCOLS``, or the public id of an
            active practice protocol of the client's practice (its adjusted template).
        start_on: the first session's date (a weekday).

    Returns:
        The planned course, with its sessions and readiness items stored.

    Raises:
        PermissionDenied: the actor may not plan this client's treatment.
        TreatmentRefused: no approving decision, no current consent, an unknown protocol,
            a weekend start, or a course already planned or active.
    """
    require(can_plan_treatment(actor, client), ONLY_CARE_TEAM)
    Client.objects.select_for_update().filter(pk=client.pk).first()  # serialise plans
    template, practice_protocol = planning_template(
        practice_id=client.practice_id, choice=protocol_code
    )
    _check_gates(client)
    if Course.objects.filter(client=client, status__in=OPEN_COURSE_STATUSES).exists():
        raise TreatmentRefused(COURSE_OPEN)
    try:
        planned = plan_sessions(template, start_on)
    except ScheduleError as exc:
        raise TreatmentRefused(WEEKEND_START, field="start_on") from exc
    course = Course.objects.create(
        practice_id=client.practice_id,
        client=client,
        protocol_code=template.code,
        practice_protocol=practice_protocol,
        start_on=start_on,
        created_by=actor,
    )
    for plan in planned:
        session = DosingSession.objects.create(
            practice_id=client.practice_id,
            client=client,
            course=course,
            number=plan.number,
            phase=plan.phase,
            scheduled_on=plan.on,
        )
        ReadinessItem.objects.bulk_create(
            ReadinessItem(
                practice_id=client.practice_id,
                client=client,
                session=session,
                position=position,
                code=item.code,
                text=item.text,
                source=item.source,
            )
            for position, item in enumerate(template.checklist, start=1)
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=course,
        extra={"protocol": template.code, "sessions": len(planned)},
    )
    return course


@transaction.atomic
def readiness_confirm(*, actor: User, item: ReadinessItem) -> ReadinessItem:
    """The client confirms one readiness item; confirming it again changes nothing.

    Raises:
        PermissionDenied: the actor is not the client.
        TreatmentRefused: the session is no longer scheduled (checked in or later).
    """
    require(can_confirm_readiness(actor, item.client), ONLY_THE_CLIENT)
    item = ReadinessItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    if item.session.status != SessionStatus.SCHEDULED:
        raise TreatmentRefused(READINESS_CLOSED)
    if item.confirmed_at is None:
        item.confirmed_at, item.confirmed_by = timezone.now(), actor
        item.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, extra={"code": item.code})
    return item


@dataclass(frozen=True)
class CheckIn:
    """A checked-in session and the readiness items that were still open at check-in."""

    session: DosingSession
    open_items: tuple[ReadinessItem, ...]


@transaction.atomic
def session_check_in(*, actor: User, session: DosingSession, override_note: str = "") -> CheckIn:
    """Check a client in for a scheduled session, after asking again for consent.

    Open readiness items do not block check-in, but the clinician must then write why it
    is safe (``override_note``, encrypted at rest), and the audit event counts them.

    Raises:
        PermissionDenied: the actor may not treat this client.
        TreatmentRefused: consent withdrawn or out of date, the session is not scheduled,
            or items are open and no override note was written.
    """
    require(can_plan_treatment(actor, session.client), ONLY_CARE_TEAM)
    session = DosingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    if session.status != SessionStatus.SCHEDULED:
        raise TreatmentRefused(NOT_SCHEDULED)
    if not has_current_treatment_consent(session.client):
        raise TreatmentRefused(CONSENT_WITHDRAWN)
    open_items = tuple(session.readiness_items.filter(confirmed_at__isnull=True))
    note = override_note.strip()
    if open_items and not note:
        raise TreatmentRefused(OVERRIDE_REQUIRED, field="override_note")
    session.status, session.checked_in_at, session.checked_in_by = (
        SessionStatus.CHECKED_IN,
        timezone.now(),
        actor,
    )
    session.override_note = note if open_items else ""
    session.save(
        update_fields=["status", "checked_in_at", "checked_in_by", "override_note", "updated_at"]
    )
    if session.course.status == CourseStatus.PLANNED:
        session.course.status = CourseStatus.ACTIVE
        session.course.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=session,
        extra={"status": SessionStatus.CHECKED_IN.value, "open_items": len(open_items)},
    )
    return CheckIn(session, open_items)
