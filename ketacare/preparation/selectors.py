"""Actor-scoped, audited reads of intakes, screening results and decisions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.preparation.models import Decision, Intake, ScreeningDecision, ScreeningResult
from ketacare.preparation.permissions import can_see_screening

MAX_ROWS = 50


def intake_get(*, actor: Any, public_id: uuid.UUID | str) -> Intake:  # Any: User
    """One intake of a client the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such intake, or outside the actor's scope (indistinguishable).
    """
    try:
        intake = (
            Intake.objects.filter(client__in=clients_visible_to(actor))
            .select_related("client", "client__practice")
            .get(public_id=public_id)
        )
    except (Intake.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=intake)
    return intake


@dataclass(frozen=True)
class PreparationStatus:
    """Where a client stands, in words fit for the client (never flags or reasons)."""

    state: str  # not_started, in_progress, under_review, approved, approved_with_conditions,
    # not_suitable_now
    intake: Intake | None


_DECISION_STATE = {
    Decision.APPROVE: "approved",
    Decision.APPROVE_WITH_CONDITIONS: "approved_with_conditions",
    Decision.DECLINE: "not_suitable_now",
}


def _latest_decision(result: ScreeningResult) -> ScreeningDecision | None:
    return result.decisions.filter(amended_by__isnull=True).first()


def preparation_status(*, actor: Any, client: Client) -> PreparationStatus:  # Any: User
    """The state of the client's latest intake and decision (audited as a VIEW of the intake).

    Raises:
        NotFound: the actor may not see the client.
    """
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise NotFound
    intake = Intake.objects.filter(client=client).order_by("-created_at", "-pk").first()
    if intake is None:
        return PreparationStatus("not_started", None)
    audit_record(actor=actor, action=AuditAction.VIEW, obj=intake)
    result = ScreeningResult.objects.filter(intake=intake).first()
    if result is None:
        return PreparationStatus("in_progress", intake)
    decision = _latest_decision(result)
    if decision is None:
        return PreparationStatus("under_review", intake)
    return PreparationStatus(_DECISION_STATE[Decision(decision.decision)], intake)


@dataclass(frozen=True)
class ScreeningOverview:
    """For staff: the latest result, its current decision and every decision on it."""

    result: ScreeningResult | None
    current: ScreeningDecision | None
    history: tuple[ScreeningDecision, ...]


def screening_overview(*, actor: Any, client: Client) -> ScreeningOverview:  # Any: User
    """The client's latest screening result with its decisions, for staff only.

    Audited as a VIEW of the result and a LIST of the decisions.

    Raises:
        NotFound: the actor is not staff who may see this client's screening.
    """
    if not can_see_screening(actor, client):
        raise NotFound
    result = ScreeningResult.objects.filter(client=client).order_by("-computed_at", "-pk").first()
    if result is None:
        return ScreeningOverview(None, None, ())
    audit_record(actor=actor, action=AuditAction.VIEW, obj=result)
    history = tuple(
        result.decisions.select_related("decided_by", "amends").order_by("-signed_at", "-pk")[
            :MAX_ROWS
        ]
    )
    audit_record_list(
        actor=actor,
        object_type="ScreeningDecision",
        subject_client_public_ids={client.public_id} if history else set(),
    )
    return ScreeningOverview(result, _latest_decision(result), history)


def screening_result_get(*, actor: Any, public_id: uuid.UUID | str) -> ScreeningResult:  # Any
    """One screening result, for staff who may see the client's screening (audited VIEW).

    Raises:
        NotFound: no such result, or the actor may not see it (indistinguishable).
    """
    try:
        result = (
            ScreeningResult.objects.filter(client__in=clients_visible_to(actor))
            .select_related("client", "client__practice")
            .get(public_id=public_id)
        )
    except (ScreeningResult.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    if not can_see_screening(actor, result.client):
        raise NotFound
    audit_record(actor=actor, action=AuditAction.VIEW, obj=result)
    return result
