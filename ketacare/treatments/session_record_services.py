"""Writes of the dosing session: checks, adverse events, notes, discharge, stop/defer/cancel.

Red-flag adverse events (chest pain, severe headache, neuro deficit, dyspnoea) raise a stop
alert (pharmacology reference §3 [P]). Discharge is refused, with every reason, until each
criterion is recorded, the protocol's minimum monitoring has passed and no stop-level alert
of the session is unacknowledged. Signed notes are immutable; amendments are new rows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import Practice, User
from ketacare.alerts.models import AlertStatus
from ketacare.audit.services import AuditAction, audit_record
from ketacare.core.permissions import require
from ketacare.domain.instruments import cadss6
from ketacare.domain.session_safety import (
    discharge_blockers,
    evaluate_readings,
    evaluate_symptoms,
)
from ketacare.preparation.permissions import is_lead_of
from ketacare.treatments import exceptions as exc
from ketacare.treatments.exceptions import DischargeRefused, TreatmentRefused
from ketacare.treatments.models import DosingSession, SessionStatus
from ketacare.treatments.permissions import can_plan_treatment
from ketacare.treatments.protocol_services import effective_template
from ketacare.treatments.session_models import (
    Administration,
    AdverseEvent,
    CheckKind,
    ClinicalCheck,
    DischargeCheck,
    DischargeItem,
    InSessionNote,
    SessionNote,
    SessionSafetySettings,
)
from ketacare.treatments.session_services import (
    DOSING,
    RECORDING,
    STOP_CODES,
    _locked,
    _not_future,
    _readings,
    _row,
    _set_status,
    open_alerts,
    raise_findings,
    safety_settings_for,
    thresholds_for,
)
from ketacare.treatments.signals import session_discharged


@transaction.atomic
def sedation_check_record(
    *, actor: User, session: DosingSession, score: int, taken_at: dt.datetime | None = None
) -> ClinicalCheck:
    """Record a MOAA/S sedation score (0-5; 5 = responds readily to name).

    Raises:
        TreatmentRefused: session not open, or score outside 0-5.
    """
    session = _locked(actor, session, RECORDING)
    if not 0 <= score <= 5:  # MOAA/S is scored 0-5
        raise TreatmentRefused("MOAA/S is scored 0 to 5.", field="score")
    row = ClinicalCheck.objects.create(
        **_row(session, actor),
        kind=CheckKind.MOAAS,
        taken_at=taken_at or timezone.now(),
        score=score,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"kind": "moaas"})
    return row


@transaction.atomic
def dissociation_check_record(
    *,
    actor: User,
    session: DosingSession,
    items: dict[str, int],
    taken_at: dt.datetime | None = None,
) -> ClinicalCheck:
    """Record a CADSS-6 check, scored by ``domain.instruments.cadss6`` (total 0-24).

    Raises:
        TreatmentRefused: session not open, or the scorer rejects the items.
    """
    session = _locked(actor, session, RECORDING)
    try:
        result = cadss6.score(dict(items))
    except ValueError as error:
        raise TreatmentRefused(str(error)) from None
    row = ClinicalCheck.objects.create(
        **_row(session, actor),
        kind=CheckKind.CADSS6,
        taken_at=taken_at or timezone.now(),
        score=int(result.total or 0),
        items={key: items[key] for key in cadss6.CADSS6_ITEMS},
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"kind": "cadss6"})
    return row


@transaction.atomic
def adverse_event_record(  # noqa: PLR0913  (keyword-only facets of one event)
    *,
    actor: User,
    session: DosingSession,
    kind: str,
    severity: str,
    onset_at: dt.datetime,
    action_taken: str = "",
    resolved: bool = False,
) -> AdverseEvent:
    """Record an adverse event; a red-flag kind raises a stop alert (once per session).

    Raises:
        TreatmentRefused: session not open or onset in the future.
    """
    session = _locked(actor, session, RECORDING)
    _not_future(onset_at, "onset_at")
    row = AdverseEvent.objects.create(
        **_row(session, actor),
        kind=kind,
        severity=severity,
        onset_at=onset_at,
        action_taken=action_taken.strip(),
        resolved=resolved,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"kind": kind})
    raise_findings(session, evaluate_symptoms([kind]))
    return row


@transaction.atomic
def in_session_note_add(*, actor: User, session: DosingSession, body: str) -> InSessionNote:
    """Add the practitioner's timestamped note (encrypted at rest).

    Raises:
        TreatmentRefused: session not open or blank note.
    """
    session = _locked(actor, session, RECORDING)
    if not body.strip():
        raise TreatmentRefused(exc.NOTE_REQUIRED, field="body")
    row = InSessionNote.objects.create(
        **_row(session, actor), noted_at=timezone.now(), body=body.strip()
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row)
    return row


@transaction.atomic
def discharge_check_record(*, actor: User, session: DosingSession, item: str) -> DischargeCheck:
    """Record one discharge criterion as met (again: no change).

    Raises:
        TreatmentRefused: session not open.
    """
    session = _locked(actor, session, RECORDING)
    row, created = DischargeCheck.objects.get_or_create(
        session=session,
        item=DischargeItem(item),
        defaults={
            "practice_id": session.practice_id,
            "client": session.client,
            "recorded_by": actor,
        },
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"item": item})
    return row


def monitoring_anchor(session: DosingSession) -> dt.datetime | None:
    """When the last dose ended (infusion end, last device, or injection time)."""
    doses = Administration.objects.filter(session=session)
    return max((a.ended_at or a.started_at for a in doses), default=None)


def discharge_reasons(session: DosingSession, now: dt.datetime) -> tuple[str, ...]:
    """Every reason the client may not leave yet (empty: they may). A system read."""
    done = set(DischargeCheck.objects.filter(session=session).values_list("item", flat=True))
    anchor = monitoring_anchor(session)
    stops = [
        a for a in open_alerts(session) if a.code in STOP_CODES and a.status == AlertStatus.OPEN
    ]
    return discharge_blockers(
        unchecked=[item.label for item in DischargeItem if item.value not in done],
        monitored_min=None if anchor is None else (now - anchor).total_seconds() / 60,
        min_monitoring_min=effective_template(session.course).min_monitoring_min,
        open_stop_alerts=len(stops),
    )


@transaction.atomic
def session_discharge(*, actor: User, session: DosingSession) -> DosingSession:
    """Discharge the client: a running session completes; a stopped one stays stopped.

    Sends ``session_discharged`` on commit.

    Raises:
        DischargeRefused: with every unmet criterion.
    """
    session = _locked(actor, session, frozenset({SessionStatus.IN_PROGRESS, SessionStatus.STOPPED}))
    now = timezone.now()
    reasons = discharge_reasons(session, now)
    if reasons:
        raise DischargeRefused(reasons)
    session.discharged_at = now
    if session.status == SessionStatus.IN_PROGRESS:
        session.status = SessionStatus.COMPLETED
    session.save(update_fields=["discharged_at", "status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=session, extra={"discharged": True})
    transaction.on_commit(lambda: session_discharged.send(sender=DosingSession, session=session))
    return session


@transaction.atomic
def session_stop(*, actor: User, session: DosingSession) -> DosingSession:
    """Stop a checked-in or running session for safety (no more doses; monitoring goes on).

    Raises:
        TreatmentRefused: the session is not checked in or running.
    """
    try:
        session = _locked(actor, session, DOSING)
    except TreatmentRefused:
        raise TreatmentRefused(exc.CANNOT_STOP) from None
    _set_status(actor, session, SessionStatus.STOPPED, reason="clinician_stop")
    return session


@transaction.atomic
def session_defer(*, actor: User, session: DosingSession) -> DosingSession:
    """Defer a checked-in session that has not started (the clinician's call).

    Raises:
        TreatmentRefused: the session is not checked in.
    """
    try:
        session = _locked(actor, session, frozenset({SessionStatus.CHECKED_IN}))
    except TreatmentRefused:
        raise TreatmentRefused(exc.CANNOT_DEFER) from None
    _set_status(actor, session, SessionStatus.DEFERRED, reason="clinician_defer")
    return session


@transaction.atomic
def session_cancel(*, actor: User, session: DosingSession) -> DosingSession:
    """Cancel a scheduled or checked-in session that has not started.

    Raises:
        TreatmentRefused: dosing has started or the session is closed.
    """
    allowed = frozenset({SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN})
    try:
        session = _locked(actor, session, allowed)
    except TreatmentRefused:
        raise TreatmentRefused(exc.CANNOT_CANCEL) from None
    _set_status(actor, session, SessionStatus.CANCELLED, reason="cancelled")
    return session


@transaction.atomic
def session_note_sign(*, actor: User, session: DosingSession, body: str) -> SessionNote:
    """Sign the session note (immutable from now on).

    Raises:
        TreatmentRefused: blank, or a note is already signed (amend it instead).
    """
    require(can_sign(actor, session), exc.ONLY_CARE_TEAM)
    if not body.strip():
        raise TreatmentRefused(exc.NOTE_REQUIRED, field="body")
    if SessionNote.objects.filter(session=session).exists():
        raise TreatmentRefused(exc.NOTE_ALREADY_SIGNED)
    note = SessionNote.objects.create(
        **_row(session, actor), body=body.strip(), signed_at=timezone.now()
    )
    audit_record(actor=actor, action=AuditAction.SIGN, obj=note)
    return note


@transaction.atomic
def session_note_amend(*, actor: User, note: SessionNote, body: str) -> SessionNote:
    """Sign an amendment: a new note pointing at the latest version it corrects.

    Raises:
        TreatmentRefused: blank, or ``note`` is not the latest version.
    """
    require(can_sign(actor, note.session), exc.ONLY_CARE_TEAM)
    if not body.strip():
        raise TreatmentRefused(exc.NOTE_REQUIRED, field="body")
    if SessionNote.objects.filter(amends=note).exists():
        raise TreatmentRefused(exc.AMEND_LATEST_ONLY)
    amendment = SessionNote.objects.create(
        **_row(note.session, actor), body=body.strip(), signed_at=timezone.now(), amends=note
    )
    audit_record(actor=actor, action=AuditAction.AMEND, obj=amendment)
    return amendment


def can_sign(actor: User, session: DosingSession) -> bool:
    """The care team (or a lead) may sign; a note needs no open session."""
    return can_plan_treatment(actor, session.client)


@transaction.atomic
def safety_settings_update(
    *, actor: User, practice: Practice, values: dict[str, int | None]
) -> SessionSafetySettings:
    """A lead changes the practice's session thresholds (audited with the changed names).

    Raises:
        PermissionDenied: the actor does not lead this practice.
    """
    require(is_lead_of(actor, practice.pk), exc.ONLY_LEAD)
    settings = safety_settings_for(practice.pk)
    changed = [name for name, value in values.items() if getattr(settings, name) != value]
    for name in changed:
        setattr(settings, name, values[name])
    settings.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=settings,
        practice=practice,
        extra={"changed": changed},
    )
    return settings


def findings_preview(session: DosingSession) -> tuple[str, ...]:
    """On-screen prompts (e.g. re-check BP in 5 min) over the in-session readings."""
    review = evaluate_readings(_readings(session), thresholds_for(session.practice_id))
    return tuple(
        f"{prompt.summary} Due at {timezone.localtime(prompt.due_at):%H:%M}."
        for prompt in review.prompts
    )
