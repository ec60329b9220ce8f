"""Writes of the dosing session: pre-dose gate, administrations, vitals and their alerts.

Every vitals row is saved by ``vital_signs_record`` and nowhere else, so no reading escapes
the in-session rules of ``ketacare.domain.session_safety`` (pharmacology reference §3 [P]).
Findings become alerts (source ``dosing_session``) in the same transaction, at most one open
alert per code per session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert, AlertStatus
from ketacare.alerts.services import alert_raise
from ketacare.audit.services import AuditAction, audit_record
from ketacare.core.permissions import require
from ketacare.domain.pharmacokinetics import ROUTES_BY_DRUG, parse_drug, parse_route
from ketacare.domain.session_safety import (
    BpGate,
    Finding,
    Reading,
    Thresholds,
    esketamine_device_times,
    evaluate_readings,
    mg_per_kg,
    predose_bp_gate,
)
from ketacare.treatments import exceptions as exc
from ketacare.treatments.exceptions import TreatmentRefused
from ketacare.treatments.models import DosingSession, SessionStatus
from ketacare.treatments.permissions import can_plan_treatment
from ketacare.treatments.session_models import (
    VITAL_RANGES,
    Administration,
    BpChoice,
    BpDecision,
    SessionSafetySettings,
    VitalSigns,
    VitalsPhase,
)

SOURCE_TYPE = "dosing_session"
STOP_CODES = frozenset({"bp_stop", "spo2_stop", "red_flag_symptom"})
RECORDING = frozenset({SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS, SessionStatus.STOPPED})
DOSING = frozenset({SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS})
THRESHOLD_FIELDS = tuple(Thresholds.__dataclass_fields__)


def safety_settings_for(practice_id: int) -> SessionSafetySettings:
    """The practice's settings, created with the platform defaults [P] on first use."""
    settings, _ = SessionSafetySettings.objects.get_or_create(practice_id=practice_id)
    return settings


def thresholds_for(practice_id: int) -> Thresholds:
    """The practice's thresholds as the pure rules take them."""
    settings = safety_settings_for(practice_id)
    return Thresholds(**{name: getattr(settings, name) for name in THRESHOLD_FIELDS})


def _locked(actor: User, session: DosingSession, allowed: frozenset[str]) -> DosingSession:
    require(can_plan_treatment(actor, session.client), exc.ONLY_CARE_TEAM)
    session = DosingSession.objects.select_for_update().select_related("client").get(pk=session.pk)
    if session.status not in allowed:
        closed = session.status not in {SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN}
        raise TreatmentRefused(exc.SESSION_CLOSED if closed else exc.NOT_CHECKED_IN)
    return session


def _row(session: DosingSession, actor: User) -> dict[str, object]:
    return {
        "practice_id": session.practice_id,
        "client": session.client,
        "session": session,
        "recorded_by": actor,
    }


def _not_future(when: dt.datetime, field: str) -> None:
    if when > timezone.now() + dt.timedelta(minutes=1):
        raise TreatmentRefused(exc.IN_THE_FUTURE, field=field)


def open_alerts(session: DosingSession) -> list[Alert]:
    """Alerts of this session not yet resolved, most urgent first (a system read)."""
    alerts = Alert.objects.filter(
        source_type=SOURCE_TYPE, source_public_id=session.public_id
    ).exclude(status=AlertStatus.RESOLVED)
    return sorted(alerts, key=lambda a: (a.severity != "urgent", a.created_at))


def raise_findings(session: DosingSession, findings: tuple[Finding, ...]) -> list[Alert]:
    """Open an alert for each finding unless one with its code is already open here."""
    already = {alert.code for alert in open_alerts(session)}
    return [
        alert_raise(
            practice=session.client.practice,
            client=session.client,
            source_type=SOURCE_TYPE,
            source_public_id=session.public_id,
            code=finding.code,
            severity=finding.severity.value,
            summary=finding.summary,
        )
        for finding in findings
        if finding.code not in already
    ]


def _check_ranges(values: dict[str, int | None]) -> None:
    for field, value in values.items():
        low, high, message = VITAL_RANGES[field]
        if value is not None and not low <= value <= high:
            raise TreatmentRefused(message, field=field)
    if all(value is None for value in values.values()):
        raise TreatmentRefused(exc.VITALS_EMPTY)
    if (values["systolic"] is None) != (values["diastolic"] is None):
        raise TreatmentRefused(exc.BP_PAIR, field="diastolic")


@dataclass(frozen=True)
class VitalsOutcome:
    """A saved reading, the pre-dose gate (pre-dose phase only) and the alerts it raised."""

    vitals: VitalSigns
    gate: BpGate | None
    alerts: tuple[Alert, ...]


def _readings(session: DosingSession) -> list[Reading]:
    rows = VitalSigns.objects.filter(session=session).exclude(phase=VitalsPhase.PRE_DOSE)
    return [
        Reading(r.taken_at, r.systolic, r.diastolic, r.heart_rate, r.spo2) for r in rows.order_by()
    ]


@transaction.atomic
def vital_signs_record(  # noqa: PLR0913  (keyword-only measurements of one reading)
    *,
    actor: User,
    session: DosingSession,
    phase: str,
    taken_at: dt.datetime | None = None,
    systolic: int | None = None,
    diastolic: int | None = None,
    heart_rate: int | None = None,
    spo2: int | None = None,
    respiratory_rate: int | None = None,
) -> VitalsOutcome:
    """Save one set of vitals and apply the safety rules in the same transaction.

    Pre-dose readings pass the BP gate (>=180/110 defers the session; 141-179 or 91-109
    needs a clinician's decision). Other readings run the in-session rules over every
    in-session reading of the session; each finding opens an alert once.

    Raises:
        PermissionDenied: the actor may not treat this client.
        TreatmentRefused: the session is not open, a value is out of range, no value, or a
            pre-dose reading after the first dose.
    """
    session = _locked(actor, session, RECORDING)
    measured = {"systolic": systolic, "diastolic": diastolic, "heart_rate": heart_rate}
    measured |= {"spo2": spo2, "respiratory_rate": respiratory_rate}
    _check_ranges(measured)
    when = taken_at or timezone.now()
    _not_future(when, "taken_at")
    phase = VitalsPhase(phase)
    if phase == VitalsPhase.PRE_DOSE and session.status != SessionStatus.CHECKED_IN:
        raise TreatmentRefused(exc.PREDOSE_ONLY_BEFORE_DOSING)
    vitals = VitalSigns.objects.create(
        **_row(session, actor), taken_at=when, phase=phase, **measured
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=vitals, extra={"phase": phase.value})
    limits = thresholds_for(session.practice_id)
    if phase == VitalsPhase.PRE_DOSE:
        return VitalsOutcome(vitals, _predose_gate(actor, session, vitals, limits), ())
    review = evaluate_readings(_readings(session), limits)
    return VitalsOutcome(vitals, None, tuple(raise_findings(session, review.findings)))


def _predose_gate(
    actor: User, session: DosingSession, vitals: VitalSigns, limits: Thresholds
) -> BpGate | None:
    if vitals.systolic is None or vitals.diastolic is None:
        return None
    gate = predose_bp_gate(vitals.systolic, vitals.diastolic, limits)
    if gate == BpGate.DEFER:
        _set_status(actor, session, SessionStatus.DEFERRED, reason="predose_bp")
    return gate


def _set_status(actor: User, session: DosingSession, status: str, *, reason: str) -> None:
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=session, extra={"status": status, "why": reason}
    )


@transaction.atomic
def session_weight_record(*, actor: User, session: DosingSession, weight_kg: Decimal) -> None:
    """Record the client's weight for this session (kg), before the first dose.

    Raises:
        TreatmentRefused: not checked in, already dosing, or weight outside 20-300 kg.
    """
    session = _locked(actor, session, frozenset({SessionStatus.CHECKED_IN}))
    if not Decimal(20) <= weight_kg <= Decimal(300):
        raise TreatmentRefused(exc.WEIGHT_RANGE, field="weight_kg")
    session.weight_kg = weight_kg
    session.save(update_fields=["weight_kg", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=session, extra={"field": "weight"})


@transaction.atomic
def session_predose_record(
    *, actor: User, session: DosingSession, weight_kg: Decimal, **vitals: int | None
) -> VitalsOutcome:
    """Record the session weight and the pre-dose vitals together (both or neither).

    Raises:
        TreatmentRefused: as ``session_weight_record`` and ``vital_signs_record``.
    """
    session_weight_record(actor=actor, session=session, weight_kg=weight_kg)
    return vital_signs_record(actor=actor, session=session, phase="pre_dose", **vitals)  # type: ignore[arg-type]


def latest_predose(session: DosingSession) -> VitalSigns | None:
    """The latest pre-dose reading with a blood pressure (a system read)."""
    return (
        VitalSigns.objects.filter(
            session=session, phase=VitalsPhase.PRE_DOSE, systolic__isnull=False
        )
        .order_by("-taken_at", "-pk")
        .first()
    )


def predose_gate_of(session: DosingSession) -> tuple[VitalSigns | None, BpGate | None]:
    """The latest pre-dose reading and its gate under the practice's thresholds."""
    vitals = latest_predose(session)
    if vitals is None or vitals.systolic is None or vitals.diastolic is None:
        return vitals, None
    limits = thresholds_for(session.practice_id)
    return vitals, predose_bp_gate(vitals.systolic, vitals.diastolic, limits)


@transaction.atomic
def bp_decision_record(
    *, actor: User, session: DosingSession, decision: str, reason: str
) -> BpDecision:
    """Record the clinician's decision on a review-band pre-dose BP; ``defer`` defers.

    Raises:
        TreatmentRefused: the latest pre-dose BP is not in the review band, or no reason.
    """
    session = _locked(actor, session, frozenset({SessionStatus.CHECKED_IN}))
    vitals, gate = predose_gate_of(session)
    if vitals is None or gate != BpGate.REVIEW:
        raise TreatmentRefused(exc.BP_DECISION_NOT_NEEDED)
    if not reason.strip():
        raise TreatmentRefused(exc.REASON_REQUIRED, field="reason")
    row = BpDecision.objects.create(
        **_row(session, actor), vitals=vitals, decision=BpChoice(decision), reason=reason.strip()
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"decision": decision})
    if row.decision == BpChoice.DEFER:
        _set_status(actor, session, SessionStatus.DEFERRED, reason="clinician_bp_decision")
    return row


def _require_cleared(session: DosingSession) -> None:
    if session.weight_kg is None:
        raise TreatmentRefused(exc.WEIGHT_REQUIRED)
    vitals, gate = predose_gate_of(session)
    if vitals is None or gate is None:
        raise TreatmentRefused(exc.PREDOSE_REQUIRED)
    if gate == BpGate.DEFER:
        raise TreatmentRefused(exc.BP_DEFERRED)
    if gate == BpGate.REVIEW:
        decision = BpDecision.objects.filter(vitals=vitals).order_by("-pk").first()
        if decision is None or decision.decision != BpChoice.PROCEED:
            raise TreatmentRefused(exc.BP_DECISION_REQUIRED)


def _esketamine_end(
    session: DosingSession, dose_mg: Decimal, started_at: dt.datetime
) -> tuple[int, dt.datetime]:
    try:
        times = esketamine_device_times(dose_mg, started_at)
    except ValueError:
        raise TreatmentRefused(exc.ESKETAMINE_DOSE, field="dose_mg") from None
    previous = Administration.objects.filter(session=session, drug="esketamine")
    last = max((a.ended_at or a.started_at for a in previous), default=None)
    if last is not None and started_at - last < dt.timedelta(minutes=5):
        raise TreatmentRefused(exc.ESKETAMINE_TOO_SOON, field="started_at")
    return len(times), times[-1]


@transaction.atomic
def administration_record(  # noqa: PLR0913  (keyword-only facets of one dose)
    *,
    actor: User,
    session: DosingSession,
    drug: str,
    route: str,
    dose_mg: Decimal,
    lot_number: str,
    started_at: dt.datetime,
    ended_at: dt.datetime | None = None,
) -> Administration:
    """Record a dose; the first one starts the session (IN_PROGRESS), later ones are additional.

    mg/kg comes from the session's weight. Esketamine is 28, 56 or 84 mg, one 28-mg device
    each, 5 min apart (Spravato US PI [V]); its end time is the last device's time.

    Raises:
        TreatmentRefused: not cleared to dose (weight, pre-dose BP gate, clinician decision),
            a route the drug has no model for, a bad esketamine dose or timing, bad times.
    """
    session = _locked(actor, session, DOSING)
    _require_cleared(session)
    if any(alert.code in STOP_CODES for alert in open_alerts(session)):
        raise TreatmentRefused(exc.STOP_ALERT_OPEN)
    if parse_route(route) not in ROUTES_BY_DRUG[parse_drug(drug)]:
        raise TreatmentRefused(exc.ROUTE_NOT_FOR_DRUG, field="route")
    if not lot_number.strip():
        raise TreatmentRefused(exc.LOT_REQUIRED, field="lot_number")
    _not_future(started_at, "started_at")
    if ended_at is not None and ended_at < started_at:
        raise TreatmentRefused(exc.ENDS_BEFORE_START, field="ended_at")
    devices = None
    if drug == "esketamine":
        devices, ended_at = _esketamine_end(session, dose_mg, started_at)
    assert session.weight_kg is not None  # checked by _require_cleared  # noqa: S101
    row = Administration.objects.create(
        **_row(session, actor),
        drug=drug,
        route=route,
        dose_mg=dose_mg,
        dose_mg_per_kg=mg_per_kg(dose_mg, session.weight_kg),
        devices=devices,
        lot_number=lot_number.strip(),
        started_at=started_at,
        ended_at=ended_at,
        is_additional=Administration.objects.filter(session=session).exists(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, extra={"drug": drug})
    if session.status == SessionStatus.CHECKED_IN:
        _set_status(actor, session, SessionStatus.IN_PROGRESS, reason="first_dose")
    return row
