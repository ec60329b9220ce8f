"""Assigning questionnaires and storing scored, immutable responses with their safety alerts.

Every stored response passes through `_response_store`, which raises an alert for each safety
flag before the transaction commits: a response and its alerts are saved together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert, AlertSeverity
from ketacare.alerts.services import alert_raise
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.domain.instruments import (
    Instrument,
    InstrumentScore,
    InvalidAnswers,
    UnknownInstrument,
    lookup,
)
from ketacare.measures.exceptions import (
    ASSIGNMENT_MISMATCH,
    CLINICIAN_RATED,
    NOT_ALLOWED,
    SCHEDULE_NO_POINTS,
    SCHEDULE_UNKNOWN_POINT,
    AssignmentNotOpen,
    ResponseInvalid,
    ScheduleInvalid,
)
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
from ketacare.measures.permissions import (
    can_assign_questionnaire,
    can_submit_response,
    is_the_client,
)
from ketacare.measures.schedules import POINTS_BY_LABEL, SCHEDULE_LABELS, SchedulePoint

SOURCE_TYPE = "questionnaire_response"
_TOTAL_PLACES = Decimal("0.0001")


def instrument_for(code: str) -> Instrument:
    """The instrument spec for a code, or a `ResponseInvalid` naming the valid codes.

    Raises:
        ResponseInvalid: no instrument matches ``code`` (code ``unknown_instrument``).
    """
    try:
        return lookup(code)
    except UnknownInstrument as exc:
        raise ResponseInvalid(str(exc), code="unknown_instrument") from exc


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    client: Client,
    instrument_code: str,
    due_at: dt.datetime,
    schedule_label: str = "",
    schedule_anchor: dt.date | None = None,
) -> QuestionnaireAssignment:
    """Ask for a questionnaire to be completed by ``due_at`` (a care-team member or a lead).

    ``schedule_anchor`` is the course date a scheduled point counts from (None for one-offs).

    Raises:
        ResponseInvalid: unknown instrument.
        PermissionDenied: the actor is neither on the care team nor a lead of the practice.
    """
    instrument = instrument_for(instrument_code)
    require(can_assign_questionnaire(actor, client))
    assignment = QuestionnaireAssignment.objects.create(
        practice_id=client.practice_id,
        client=client,
        instrument_code=instrument.code,
        assigned_by=actor,
        due_at=due_at,
        schedule_label=schedule_label.strip()[:40],
        schedule_anchor=schedule_anchor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assignment,
        extra={"instrument": instrument.code},
    )
    return assignment


@dataclass(frozen=True)
class ScheduleResult:
    """What scheduling did: new assignments, points already scheduled, points already past."""

    created: tuple[QuestionnaireAssignment, ...]
    existing: tuple[str, ...]
    past: tuple[str, ...]


def _schedule_points(points: Iterable[str]) -> list[SchedulePoint]:
    chosen = list(dict.fromkeys(points))
    if not chosen:
        raise ScheduleInvalid(SCHEDULE_NO_POINTS)
    unknown = [label for label in chosen if label not in POINTS_BY_LABEL]
    if unknown:
        raise ScheduleInvalid(SCHEDULE_UNKNOWN_POINT.format(label=unknown[0]))
    return [POINTS_BY_LABEL[label] for label in SCHEDULE_LABELS if label in chosen]


@transaction.atomic
def assignment_schedule_create(
    *,
    actor: User,
    client: Client,
    instrument_code: str,
    anchor_date: dt.date,
    points: Iterable[str] = SCHEDULE_LABELS,
) -> ScheduleResult:
    """Assign a questionnaire at each chosen point of the course schedule, in one transaction.

    Idempotent: a point already scheduled (same instrument, label and anchor, not cancelled)
    is left alone. Points whose due day has passed are skipped rather than created overdue.

    Args:
        actor: a care-team member or a lead of the client's practice.
        client: who is asked.
        instrument_code: an instrument code or spelling of it.
        anchor_date: the last (or planned) dosing session's date (UTC day).
        points: labels from `schedules.SCHEDULE_LABELS`; all of them by default.

    Returns:
        The created assignments and the labels skipped as existing or past.

    Raises:
        ResponseInvalid: unknown instrument.
        ScheduleInvalid: no point, or an unknown point, was chosen.
        PermissionDenied: the actor is neither on the care team nor a lead of the practice.
    """
    instrument = instrument_for(instrument_code)
    chosen = _schedule_points(points)
    require(can_assign_questionnaire(actor, client))
    existing = set(
        QuestionnaireAssignment.objects.select_for_update()
        .filter(
            client=client,
            instrument_code=instrument.code,
            schedule_anchor=anchor_date,
            cancelled_at__isnull=True,
        )
        .values_list("schedule_label", flat=True)
    )
    today = timezone.now().date()
    created, past = [], []
    for point in chosen:
        if point.label in existing:
            continue
        due_at = point.due_at(anchor=anchor_date, today=today)
        if due_at.date() < today:
            past.append(point.label)
            continue
        created.append(
            assignment_create(
                actor=actor,
                client=client,
                instrument_code=instrument.code,
                due_at=due_at,
                schedule_label=point.label,
                schedule_anchor=anchor_date,
            )
        )
    skipped = tuple(p.label for p in chosen if p.label in existing)
    return ScheduleResult(tuple(created), skipped, tuple(past))


def _score(instrument: Instrument, answers: object, context: object) -> InstrumentScore:
    try:
        return instrument.score(answers, context)  # type: ignore[arg-type]
    except InvalidAnswers as exc:
        raise ResponseInvalid(str(exc)) from exc


def response_safety_alerts_raise(
    response: QuestionnaireResponse, client: Client, instrument: Instrument, result: InstrumentScore
) -> list[Alert]:
    """Raise an alert for every safety flag of a stored response.

    The one path for both `response_submit` and bulk writers (the demo cohort): none skips it.
    """
    alerts = []
    for name in result.flags:
        spec = next((flag for flag in instrument.flags if flag.name == name), None)
        if spec is not None and not spec.is_safety:
            continue
        # A flag without a spec is treated as urgent: an unknown concern is never dropped.
        severity = AlertSeverity(spec.severity.value) if spec else AlertSeverity.URGENT
        summary = f"{instrument.code}: {spec.description if spec else name}"
        alerts.append(
            alert_raise(
                practice=client.practice,
                client=client,
                source_type=SOURCE_TYPE,
                source_public_id=response.public_id,
                code=name,
                severity=severity,
                summary=summary,
            )
        )
    return alerts


def _response_store(  # noqa: PLR0913  (keyword-only facets of one response)
    *,
    actor: User,
    client: Client,
    instrument: Instrument,
    answers: Mapping[str, object],
    context: Mapping[str, object] | None,
    assignment: QuestionnaireAssignment | None = None,
    amends: QuestionnaireResponse | None = None,
) -> QuestionnaireResponse:
    result = _score(instrument, answers, context)
    response = QuestionnaireResponse.objects.create(
        practice_id=client.practice_id,
        client=client,
        assignment=assignment,
        instrument_code=instrument.code,
        instrument_version=instrument.version,
        answers={str(key): value for key, value in answers.items()},
        context=dict(context or {}),
        score=result.as_dict(),
        total=None if result.total is None else Decimal(str(result.total)).quantize(_TOTAL_PLACES),
        band=result.band or "",
        flags=list(result.flags),
        submitted_by=actor,
        submitted_at=timezone.now(),
        amends=amends,
    )
    audit_record(
        actor=actor,
        action=AuditAction.AMEND if amends else AuditAction.CREATE,
        obj=response,
        extra={"instrument": instrument.code, "flag_count": len(result.flags)},
    )
    response_safety_alerts_raise(response, client, instrument, result)
    return response


def _require_submit(actor: User, client: Client, instrument: Instrument) -> None:
    if can_submit_response(actor, client, instrument):
        return
    # The client may know why (their own record); anyone else learns nothing more.
    clinician_only = instrument.clinician_rated and is_the_client(actor, client)
    raise PermissionDenied(CLINICIAN_RATED if clinician_only else NOT_ALLOWED)


def _lock_open_assignment(
    assignment: QuestionnaireAssignment, client: Client, instrument: Instrument
) -> QuestionnaireAssignment:
    if assignment.client_id != client.pk or assignment.instrument_code != instrument.code:
        raise AssignmentNotOpen(ASSIGNMENT_MISMATCH)
    locked = QuestionnaireAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not locked.is_open:
        raise AssignmentNotOpen
    return locked


@transaction.atomic
def response_submit(
    *,
    actor: User,
    client: Client,
    instrument_code: str,
    answers: Mapping[str, object],
    context: Mapping[str, object] | None = None,
    assignment: QuestionnaireAssignment | None = None,
) -> QuestionnaireResponse:
    """Score and store a questionnaire response; raise an alert for every safety flag.

    Args:
        actor: the client themself (self-report instruments only) or a care-team member.
        client: whose response it is.
        instrument_code: an instrument code or spelling of it ("PHQ-9", "phq9").
        answers: item keys ("1", "6_recent") → values as the instrument numbers them.
        context: instrument-specific inputs (AUDIT-C ``sex``, PCL-5 ``cutoff``), or None.
        assignment: the open assignment this response completes, if any.

    Returns:
        The stored, immutable response with its score snapshot.

    Raises:
        ResponseInvalid: unknown instrument, or answers that cannot be scored (names the item).
        PermissionDenied: the actor may not submit this instrument for this client.
        AssignmentNotOpen: the assignment is completed, cancelled or not this client's.
    """
    instrument = instrument_for(instrument_code)
    _require_submit(actor, client, instrument)
    if assignment is not None:
        assignment = _lock_open_assignment(assignment, client, instrument)
    response = _response_store(
        actor=actor,
        client=client,
        instrument=instrument,
        answers=answers,
        context=context,
        assignment=assignment,
    )
    if assignment is not None:
        assignment.response = response
        assignment.save(update_fields=["response", "updated_at"])
    return response


@transaction.atomic
def response_amend(
    *,
    actor: User,
    original: QuestionnaireResponse,
    answers: Mapping[str, object],
    context: Mapping[str, object] | None = None,
) -> QuestionnaireResponse:
    """Correct a response by storing a new one that ``amends`` it (the original never changes).

    Raises:
        ResponseInvalid: answers that cannot be scored (names the item).
        PermissionDenied: the actor may not submit this instrument for this client.
    """
    instrument = instrument_for(original.instrument_code)
    _require_submit(actor, original.client, instrument)
    return _response_store(
        actor=actor,
        client=original.client,
        instrument=instrument,
        answers=answers,
        context=context,
        amends=original,
    )
