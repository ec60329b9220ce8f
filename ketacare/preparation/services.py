"""Filling in the intake, screening it, and signing the clinician's screening decision.

`intake_submit` stores the screening result and raises an alert for every absolute
contraindication in one transaction: a result and its alerts are saved together or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.alerts.models import AlertSeverity
from ketacare.alerts.services import alert_raise
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.domain.screening import (
    DEFAULT_POLICY,
    Flag,
    ProfileError,
    ScreeningPolicy,
    Severity,
    parse_profile,
    screen,
)
from ketacare.preparation.exceptions import (
    ABSOLUTE_NOT_APPROVABLE,
    AMENDS_NOT_LATEST,
    AMENDS_OTHER_RESULT,
    CONDITIONS_REQUIRED,
    FIELD_NOT_IN_STEP,
    INTAKE_SUBMITTED,
    UNKNOWN_STEP,
    DecisionInvalid,
    IntakeInvalid,
)
from ketacare.preparation.models import (
    Decision,
    Eligibility,
    Intake,
    ScreeningDecision,
    ScreeningResult,
)
from ketacare.preparation.permissions import can_decide_screening, can_fill_intake
from ketacare.preparation.steps import LAST_STEP, STEP_BY_NUMBER, field_label, step_for_field

SOURCE_TYPE = "screening_result"


@transaction.atomic
def intake_start_or_resume(*, actor: User, client: Client) -> Intake:
    """The client's intake in progress, or a new empty one.

    Raises:
        PermissionDenied: the actor is neither the client nor on their care team.
    """
    require(can_fill_intake(actor, client))
    intake = Intake.objects.filter(client=client, submitted_at__isnull=True).first()
    if intake is not None:
        return intake
    intake = Intake.objects.create(practice_id=client.practice_id, client=client)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=intake)
    return intake


@transaction.atomic
def intake_save_step(
    *, actor: User, intake: Intake, step: int, data: Mapping[str, object]
) -> Intake:
    """Merge one step's answers into the intake, keeping every other step's answers.

    Args:
        actor: the client or a care-team member.
        intake: an intake in progress.
        step: the step number (1…7) the answers belong to.
        data: profile fields of that step (docs/screening.md); ``None`` removes a field.

    Returns:
        The intake with the answers saved and ``current_step`` at ``step``.

    Raises:
        PermissionDenied: the actor may not fill this intake.
        IntakeInvalid: the intake was submitted, the step is unknown, or a field is not its.
    """
    require(can_fill_intake(actor, intake.client))
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.is_submitted:
        raise IntakeInvalid(INTAKE_SUBMITTED, step=step)
    if step not in STEP_BY_NUMBER:
        raise IntakeInvalid(UNKNOWN_STEP, step=LAST_STEP)
    foreign = [name for name in data if name not in STEP_BY_NUMBER[step].fields]
    if foreign:
        raise IntakeInvalid(FIELD_NOT_IN_STEP.format(field=foreign[0]), step=step, field=foreign[0])
    merged = dict(intake.data)
    for name, value in data.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    intake.data, intake.current_step = merged, step
    intake.save(update_fields=["data", "current_step", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=intake, extra={"step": step})
    return intake


def _flags_json(flags: tuple[Flag, ...]) -> list[dict[str, str]]:
    return [{**flag.as_dict(), "evidence": flag.evidence.value} for flag in flags]


@transaction.atomic
def intake_submit(
    *, actor: User, intake: Intake, policy: ScreeningPolicy = DEFAULT_POLICY
) -> ScreeningResult:
    """Screen a completed intake, store the result, and alert on every absolute flag.

    The alerts carry platform wording only (the flag code), never what the client typed.

    Returns:
        The stored, immutable screening result.

    Raises:
        PermissionDenied: the actor may not fill this intake.
        IntakeInvalid: already submitted, or the profile is incomplete or invalid; ``step``
            is the step that owns the field named in the message (answers are kept).
    """
    require(can_fill_intake(actor, intake.client))
    intake = Intake.objects.select_for_update().select_related("client").get(pk=intake.pk)
    if intake.is_submitted:
        raise IntakeInvalid(INTAKE_SUBMITTED, step=LAST_STEP)
    try:
        profile = parse_profile(dict(intake.data))
    except ProfileError as exc:
        message = f"{field_label(exc.field)} ({exc.field}): {exc.message}"
        raise IntakeInvalid(message, step=step_for_field(exc.field), field=exc.field) from exc
    outcome = screen(profile, policy)
    now = timezone.now()
    intake.submitted_at, intake.current_step = now, LAST_STEP
    intake.save(update_fields=["submitted_at", "current_step", "updated_at"])
    result = ScreeningResult.objects.create(
        practice_id=intake.practice_id,
        client=intake.client,
        intake=intake,
        eligibility=Eligibility(outcome.eligibility.value),
        flags=_flags_json(outcome.flags),
        policy=dataclasses.asdict(policy),
        computed_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=result,
        extra={"eligibility": result.eligibility, "flags": len(outcome.flags)},
    )
    for flag in outcome.flags:
        if flag.severity == Severity.ABSOLUTE:
            alert_raise(
                practice=intake.client.practice,
                client=intake.client,
                source_type=SOURCE_TYPE,
                source_public_id=result.public_id,
                code=flag.code,
                severity=AlertSeverity.REVIEW,
                summary=f"Screening: {flag.code}",
            )
    return result


def _check_decision(
    result: ScreeningResult, decision: Decision, conditions: str, amends: ScreeningDecision | None
) -> None:
    if decision != Decision.DECLINE and result.eligibility == Eligibility.NO:
        raise DecisionInvalid(ABSOLUTE_NOT_APPROVABLE)
    if decision == Decision.APPROVE_WITH_CONDITIONS and not conditions.strip():
        raise DecisionInvalid(CONDITIONS_REQUIRED, field="conditions")
    if amends is not None and amends.screening_result_id != result.pk:
        raise DecisionInvalid(AMENDS_OTHER_RESULT)
    latest = result.decisions.filter(amended_by__isnull=True).first()
    if (latest.pk if latest else None) != (amends.pk if amends else None):
        raise DecisionInvalid(AMENDS_NOT_LATEST)


@transaction.atomic
def screening_decision_record(
    *,
    actor: User,
    result: ScreeningResult,
    decision: Decision | str,
    note: str = "",
    conditions: str = "",
    amends: ScreeningDecision | None = None,
) -> ScreeningDecision:
    """Sign a clinician's decision on a screening result (immutable once signed).

    An absolute contraindication (eligibility ``no``) can only be declined.

    Args:
        actor: a care-team practitioner or a lead of the client's practice.
        result: the screening result decided on.
        decision: ``approve``, ``approve_with_conditions`` or ``decline``.
        note: the clinician's reasoning (encrypted at rest).
        conditions: required for ``approve_with_conditions`` (encrypted at rest).
        amends: the latest decision on ``result``, when correcting it (required if one exists).

    Returns:
        The signed decision.

    Raises:
        PermissionDenied: the actor may not decide for this client.
        DecisionInvalid: approving an absolute contraindication, missing conditions, or an
            amendment that is not of the latest decision on this result.
    """
    require(can_decide_screening(actor, result.client))
    result = ScreeningResult.objects.select_for_update().get(pk=result.pk)
    choice = Decision(decision)
    _check_decision(result, choice, conditions, amends)
    signed = ScreeningDecision.objects.create(
        practice_id=result.practice_id,
        client_id=result.client_id,
        screening_result=result,
        decision=choice,
        note=note.strip(),
        conditions=conditions.strip() if choice == Decision.APPROVE_WITH_CONDITIONS else "",
        decided_by=actor,
        signed_at=timezone.now(),
        amends=amends,
    )
    audit_record(
        actor=actor,
        action=AuditAction.SIGN,
        obj=signed,
        extra={"decision": choice.value, "amends": str(amends.public_id) if amends else ""},
    )
    return signed
