"""Actor-scoped, audited reads of questionnaire assignments and responses."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.domain.instruments import lookup
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse

MAX_ROWS = 200


def _assignments(*, actor: Any) -> QuerySet[QuestionnaireAssignment]:  # Any: User
    return QuestionnaireAssignment.objects.filter(
        client__in=clients_visible_to(actor)
    ).select_related("client", "client__practice")


def _responses(*, actor: Any) -> QuerySet[QuestionnaireResponse]:  # Any: User
    return QuestionnaireResponse.objects.filter(
        client__in=clients_visible_to(actor)
    ).select_related("client", "client__practice", "submitted_by")


def assignments_due(*, actor: User) -> list[QuestionnaireAssignment]:
    """Open questionnaires the actor, as a client, should fill in themself (soonest due first).

    Clinician-rated instruments are left out: the care team completes those. Audited as a LIST.
    """
    due = [
        assignment
        for assignment in _assignments(actor=actor)
        .filter(client__user=actor, response__isnull=True, cancelled_at__isnull=True)
        .order_by("due_at", "pk")[:MAX_ROWS]
        if not lookup(assignment.instrument_code).clinician_rated
    ]
    audit_record_list(
        actor=actor,
        object_type="QuestionnaireAssignment",
        subject_client_public_ids={a.client.public_id for a in due},
    )
    return due


def assignment_get(*, actor: Any, public_id: uuid.UUID | str) -> QuestionnaireAssignment:  # Any
    """One assignment of a client the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such assignment, or outside the actor's scope (indistinguishable).
    """
    try:
        assignment = _assignments(actor=actor).get(public_id=public_id)
    except (QuestionnaireAssignment.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=assignment)
    return assignment


def assignments_open_for(*, actor: Any, client: Client) -> list[QuestionnaireAssignment]:  # Any
    """Open assignments of one client the actor may see (audited as a LIST)."""
    page = list(
        _assignments(actor=actor)
        .filter(client=client, response__isnull=True, cancelled_at__isnull=True)
        .order_by("due_at", "pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="QuestionnaireAssignment",
        subject_client_public_ids={client.public_id} if page else set(),
    )
    return page


def response_list(*, actor: Any, client: Client) -> list[QuestionnaireResponse]:  # Any: User
    """A client's responses, newest first, if the actor may see the client; audited as a LIST.

    Raises:
        NotFound: the client is outside the actor's scope.
    """
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise NotFound
    page = list(
        _responses(actor=actor).filter(client=client).order_by("-submitted_at", "-pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="QuestionnaireResponse",
        subject_client_public_ids={client.public_id} if page else set(),
    )
    return page


def response_get(*, actor: Any, public_id: uuid.UUID | str) -> QuestionnaireResponse:  # Any
    """One response of a client the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such response, or outside the actor's scope (indistinguishable).
    """
    try:
        response = _responses(actor=actor).get(public_id=public_id)
    except (QuestionnaireResponse.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=response)
    return response


def assignments_overdue(*, actor: Any) -> list[QuestionnaireAssignment]:  # Any: User
    """Open assignments past their due time, for clients the actor may see (most overdue first).

    Care-team practitioners see their clients', leads every client of their practice. One query
    whatever the number of clients (the client is joined in). Audited as a LIST.
    """
    page = list(
        _assignments(actor=actor)
        .filter(response__isnull=True, cancelled_at__isnull=True, due_at__lt=timezone.now())
        .order_by("due_at", "pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="QuestionnaireAssignment",
        subject_client_public_ids={a.client.public_id for a in page},
    )
    return page


def responses_own(*, actor: Any) -> list[QuestionnaireResponse]:  # Any: User
    """The actor's own responses as a client (newest first), audited as a LIST.

    Staff without a client record of their own get an empty list.
    """
    page = list(
        _responses(actor=actor)
        .filter(client__user=actor)
        .order_by("-submitted_at", "-pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="QuestionnaireResponse",
        subject_client_public_ids={r.client.public_id for r in page},
    )
    return page
