"""The dosing session record as the care team's session screen reads it (audited)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ketacare.alerts.models import Alert
from ketacare.audit.services import audit_record_list
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.domain.protocols import ProtocolTemplate
from ketacare.domain.session_safety import BpGate, next_vitals_due_min
from ketacare.treatments.models import DosingSession, SessionStatus
from ketacare.treatments.permissions import can_confirm_readiness, can_plan_treatment
from ketacare.treatments.protocol_services import effective_template
from ketacare.treatments.selectors import session_get
from ketacare.treatments.session_models import (
    Administration,
    AdverseEvent,
    BpDecision,
    ClinicalCheck,
    DischargeCheck,
    DischargeItem,
    InSessionNote,
    SessionNote,
    VitalSigns,
    VitalsPhase,
)
from ketacare.treatments.session_record_services import (
    discharge_reasons,
    findings_preview,
    monitoring_anchor,
)
from ketacare.treatments.session_services import (
    STOP_CODES,
    open_alerts,
    predose_gate_of,
    safety_settings_for,
)


@dataclass(frozen=True)
class Timers:
    """Server-side times the screen's JS counts from (ISO strings in data- attributes)."""

    first_dose_at: dt.datetime | None
    next_vitals_at: dt.datetime | None
    monitoring_until: dt.datetime | None


@dataclass(frozen=True)
class SessionRecord:
    """Everything the session screen shows, read once per request."""

    session: DosingSession
    protocol: ProtocolTemplate
    alerts: tuple[Alert, ...]
    prompts: tuple[str, ...]
    gate: BpGate | None
    decisions: tuple[BpDecision, ...]
    administrations: tuple[Administration, ...]
    vitals: tuple[VitalSigns, ...]
    checks: tuple[ClinicalCheck, ...]
    adverse_events: tuple[AdverseEvent, ...]
    in_notes: tuple[InSessionNote, ...]
    discharge_done: dict[str, DischargeCheck]
    discharge_reasons: tuple[str, ...]
    notes: tuple[SessionNote, ...]
    timers: Timers

    @property
    def has_stop_alert(self) -> bool:
        return any(alert.code in STOP_CODES for alert in self.alerts)

    @property
    def discharge_items(self) -> list[tuple[str, str, DischargeCheck | None]]:
        return [(i.value, i.label, self.discharge_done.get(i.value)) for i in DischargeItem]

    @property
    def latest_note(self) -> SessionNote | None:
        amended = {note.amends_id for note in self.notes}
        latest = [note for note in self.notes if note.pk not in amended]
        return latest[-1] if latest else None


def _timers(
    session: DosingSession, protocol: ProtocolTemplate, vitals: tuple[VitalSigns, ...]
) -> Timers:
    doses = Administration.objects.filter(session=session).order_by("started_at")
    first = doses.first()
    if first is None:
        return Timers(None, None, None)
    t0 = first.started_at
    during = [v for v in vitals if v.phase != VitalsPhase.PRE_DOSE and v.taken_at >= t0]
    last_min = (during[-1].taken_at - t0).total_seconds() / 60 if during else None
    every = safety_settings_for(session.practice_id).vitals_every_min or protocol.vitals_every_min
    due = next_vitals_due_min(
        every_min=every, at_min=protocol.vitals_at_min, last_reading_min=last_min
    )
    anchor = monitoring_anchor(session)
    until = anchor + dt.timedelta(minutes=protocol.min_monitoring_min) if anchor else None
    return Timers(t0, t0 + dt.timedelta(minutes=due), until)


def session_record_get(*, actor: Any, public_id: uuid.UUID) -> SessionRecord:  # Any: User
    """The whole session record for the client's care team (audited VIEW of the session).

    Raises:
        NotFound: no such session, outside the actor's scope, or not on the care team.
    """
    session = session_get(actor=actor, public_id=public_id)
    if not can_plan_treatment(actor, session.client):
        raise NotFound
    protocol = effective_template(session.course)  # a practice copy's values, if any
    rows = {"session": session}
    vitals = tuple(VitalSigns.objects.filter(**rows))
    notes = tuple(SessionNote.objects.filter(**rows).select_related("recorded_by"))
    return SessionRecord(
        session=session,
        protocol=protocol,
        alerts=tuple(open_alerts(session)),
        prompts=findings_preview(session),
        gate=predose_gate_of(session)[1],
        decisions=tuple(BpDecision.objects.filter(**rows).order_by("created_at")),
        administrations=tuple(Administration.objects.filter(**rows)),
        vitals=vitals,
        checks=tuple(ClinicalCheck.objects.filter(**rows)),
        adverse_events=tuple(AdverseEvent.objects.filter(**rows)),
        in_notes=tuple(InSessionNote.objects.filter(**rows).select_related("recorded_by")),
        discharge_done={
            c.item: c for c in DischargeCheck.objects.filter(**rows).select_related("recorded_by")
        },
        discharge_reasons=discharge_reasons(session, timezone.now()),
        notes=notes,
        timers=_timers(session, protocol, vitals),
    )


REFLECT_WITHIN = dt.timedelta(days=3)  # [P] "while it is fresh": up to 3 days after discharge


def sessions_completed_own(
    *, actor: Any, client: Client, now: dt.datetime
) -> tuple[DosingSession, ...]:  # Any: User
    """The client's own sessions discharged in the last 3 days, newest first (audited LIST).

    They are offered for a reflection while the session is fresh (the journal's reflect page).

    Raises:
        NotFound: the actor is not this client.
    """
    if not can_confirm_readiness(actor, client):
        raise NotFound
    sessions = tuple(
        DosingSession.objects.filter(
            client=client,
            status=SessionStatus.COMPLETED,
            discharged_at__gte=now - REFLECT_WITHIN,
        ).order_by("-discharged_at")[:5]
    )
    audit_record_list(
        actor=actor,
        object_type="DosingSession",
        subject_client_public_ids={client.public_id} if sessions else set(),
    )
    return sessions


IN_SESSION_NOTES_SHOWN = 20


def in_session_notes_for(*, actor: Any, client: Client) -> tuple[InSessionNote, ...]:  # Any: User
    """The practitioners' timestamped in-session notes, newest first, for integration work.

    Issue #5 item 8: what the practitioner noted during a session feeds the integration
    sessions that follow; the care team reads them on the client's integration page.

    Raises:
        NotFound: the actor is not on the client's care team (or a lead of the practice).
    """
    if not can_plan_treatment(actor, client):
        raise NotFound
    notes = tuple(
        InSessionNote.objects.filter(client=client)
        .select_related("session", "recorded_by")
        .order_by("-noted_at", "-pk")[:IN_SESSION_NOTES_SHOWN]
    )
    audit_record_list(
        actor=actor,
        object_type="InSessionNote",
        subject_client_public_ids={client.public_id} if notes else set(),
    )
    return notes
