"""Actor-scoped, audited reads of courses, sessions and readiness checklists."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.treatments.models import Course, DosingSession, ReadinessItem, SessionStatus
from ketacare.treatments.permissions import can_confirm_readiness, can_plan_treatment

MAX_ROWS = 50


def _with_readiness(sessions: QuerySet[DosingSession]) -> QuerySet[DosingSession]:
    return sessions.annotate(
        items_total=Count("readiness_items"),
        items_confirmed=Count(
            "readiness_items", filter=Q(readiness_items__confirmed_at__isnull=False)
        ),
    ).order_by("scheduled_on", "number")


@dataclass(frozen=True)
class CourseView:
    """A course with its sessions, each annotated ``items_total`` / ``items_confirmed``."""

    course: Course
    sessions: tuple[DosingSession, ...]


def courses_for_client(*, actor: Any, client: Client) -> tuple[CourseView, ...]:  # Any: User
    """The client's courses, newest first, for their care team, a lead or the client (LIST).

    Raises:
        NotFound: the actor is neither staff who may treat this client nor the client.
    """
    if not (can_plan_treatment(actor, client) or can_confirm_readiness(actor, client)):
        raise NotFound
    courses = tuple(Course.objects.filter(client=client).order_by("-created_at", "-pk")[:MAX_ROWS])
    audit_record_list(
        actor=actor,
        object_type="Course",
        subject_client_public_ids={client.public_id} if courses else set(),
    )
    return tuple(
        CourseView(course, tuple(_with_readiness(course.sessions.all()))) for course in courses
    )


def sessions_own(*, actor: Any, client: Client, today: dt.date) -> tuple[DosingSession, ...]:
    """The client's own scheduled sessions from ``today`` on (audited LIST).

    Raises:
        NotFound: the actor is not this client.
    """
    if not can_confirm_readiness(actor, client):
        raise NotFound
    sessions = tuple(
        _with_readiness(
            DosingSession.objects.filter(
                client=client, status=SessionStatus.SCHEDULED, scheduled_on__gte=today
            )
        )[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="DosingSession",
        subject_client_public_ids={client.public_id} if sessions else set(),
    )
    return sessions


def session_get(*, actor: Any, public_id: uuid.UUID | str) -> DosingSession:  # Any: User
    """One session of a client the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such session, or outside the actor's scope (indistinguishable).
    """
    try:
        session = (
            DosingSession.objects.filter(client__in=clients_visible_to(actor))
            .select_related("client", "course", "client__practice")
            .get(public_id=public_id)
        )
    except (DosingSession.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=session)
    return session


def readiness_items(*, session: DosingSession) -> tuple[ReadinessItem, ...]:
    """A session's checklist, open items first, each group in template order.

    A system read: callers have already fetched ``session`` through ``session_get``.
    """
    items = session.readiness_items.all()
    return tuple(sorted(items, key=lambda item: (item.is_confirmed, item.position)))
