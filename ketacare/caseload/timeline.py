"""A client's timeline for the care team: everything about the client in time order.

One query per source (never per event) and one audit event. Free text never appears: journal
entries show their phase, coaching notes their kind, alerts their platform summary, check-ins
their three numbers. Journal entries the client has not shared never appear at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from ketacare.alerts.models import Alert
from ketacare.alerts.permissions import is_alert_staff
from ketacare.audit.services import AuditAction, audit_record
from ketacare.caseload.selectors import caseload_scope
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.integration.models import CoachingSession, Commitment, DailyCheckIn, FollowUp
from ketacare.journal.models import Entry
from ketacare.measures.models import QuestionnaireResponse
from ketacare.preparation.models import ConsentSignature, Intake, ScreeningDecision, ScreeningResult
from ketacare.treatments.models import Course, DosingSession

# The most recent rows per source: a timeline of years stays one readable page.
MAX_PER_SOURCE = 200
SESSION_SOURCE = "dosing_session"  # treatments.session_services.SOURCE_TYPE


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened (or is due), with where to read more.

    Attributes:
        on: the day; ``at`` the moment when known (None for date-only records).
        at: the moment, when known.
        kind: the part of the arc ("preparation", "treatment", "questionnaire", "alert",
            "journal", "integration", "follow-up").
        title: what happened, in plain words (no free text).
        detail: a short addition (a band, a status, alerts of a session).
        url_name: a page to read more, taking ``url_id``; empty for none.
        url_id: the public id ``url_name`` takes.
    """

    on: dt.date
    at: dt.datetime | None
    kind: str
    title: str
    detail: str = ""
    url_name: str = ""
    url_id: uuid.UUID | None = None

    @property
    def sort_key(self) -> tuple[dt.date, dt.datetime]:
        """Day, then moment; date-only records sort at the start of their day."""
        return self.on, self.at or dt.datetime.combine(self.on, dt.time.min, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Timeline:
    """A client and their events, newest first."""

    client: Client
    events: list[TimelineEvent]


def _event(at: dt.datetime, kind: str, title: str, **more: Any) -> TimelineEvent:  # Any: fields
    return TimelineEvent(at.date(), at, kind, title, **more)


def _preparation(client: Client) -> list[TimelineEvent]:
    events = [
        _event(at, "preparation", "Intake submitted")
        for at in Intake.objects.filter(client=client, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[:MAX_PER_SOURCE]
        if at is not None
    ]
    for result in ScreeningResult.objects.filter(client=client).order_by("-computed_at")[
        :MAX_PER_SOURCE
    ]:
        title = f"Screening: {result.get_eligibility_display().lower()}"
        events.append(_event(result.computed_at, "preparation", title))
    for decision in ScreeningDecision.objects.filter(client=client).order_by("-signed_at")[
        :MAX_PER_SOURCE
    ]:
        title = f"Screening decision: {decision.get_decision_display().lower()}"
        detail = "Corrects an earlier decision" if decision.amends_id else ""
        events.append(_event(decision.signed_at, "preparation", title, detail=detail))
    signatures = ConsentSignature.objects.filter(client=client).select_related("document")
    for signature in signatures.order_by("-signed_at")[:MAX_PER_SOURCE]:
        kind = signature.document.get_kind_display()
        events.append(_event(signature.signed_at, "preparation", f"Signed: {kind.lower()}"))
        if signature.withdrawn_at:
            events.append(
                _event(signature.withdrawn_at, "preparation", f"Withdrew: {kind.lower()}")
            )
    return events


def _treatment(client: Client) -> list[TimelineEvent]:
    alerts = list(Alert.objects.filter(client=client).order_by("-created_at")[:MAX_PER_SOURCE])
    by_session: dict[uuid.UUID, list[Alert]] = defaultdict(list)
    events = []
    for alert in alerts:
        if alert.source_type == SESSION_SOURCE:
            by_session[alert.source_public_id].append(alert)
        else:
            title = f"{alert.get_severity_display()} alert: {alert.summary}"
            detail = alert.get_status_display()
            events.append(
                _event(
                    alert.created_at,
                    "alert",
                    title,
                    detail=detail,
                    url_name="alerts:detail",
                    url_id=alert.public_id,
                )
            )
    for course in Course.objects.filter(client=client).order_by("-start_on")[:MAX_PER_SOURCE]:
        title = f"Course: {course.protocol_name}"
        events.append(
            TimelineEvent(
                course.start_on, None, "treatment", title, detail=course.get_status_display()
            )
        )
    sessions = DosingSession.objects.filter(client=client).order_by("-scheduled_on")
    for session in sessions[:MAX_PER_SOURCE]:
        found = by_session.get(session.public_id, [])
        detail = session.get_status_display()
        if found:
            detail += "; alerts: " + "; ".join(a.summary for a in found)
        events.append(
            TimelineEvent(
                session.scheduled_on,
                session.checked_in_at,
                "treatment",
                f"Dosing session {session.number}",
                detail,
                "treatments:session",
                session.public_id,
            )
        )
    return events


def _questionnaires(client: Client) -> list[TimelineEvent]:
    responses = QuestionnaireResponse.objects.filter(client=client, amendments__isnull=True)
    events = []
    for response in responses.order_by("-submitted_at")[:MAX_PER_SOURCE]:
        total = "" if response.total is None else f" {response.total.normalize():f}"
        title = f"{response.instrument_code}{total}"
        events.append(
            _event(
                response.submitted_at,
                "questionnaire",
                title,
                detail=response.band,
                url_name="measures:result",
                url_id=response.public_id,
            )
        )
    return events


def _journal(client: Client) -> list[TimelineEvent]:
    # Only entries the client chose to share: never an unshared one, not even its date.
    entries = Entry.objects.filter(client=client, shared_with_care_team=True).only(
        "public_id", "created_at", "phase"
    )
    return [
        _event(
            entry.created_at,
            "journal",
            "Journal entry shared",
            detail=entry.get_phase_display(),
            url_name="journal:detail",
            url_id=entry.public_id,
        )
        for entry in entries.order_by("-created_at")[:MAX_PER_SOURCE]
    ]


def _integration(client: Client) -> list[TimelineEvent]:
    events = []
    commitments = Commitment.objects.filter(client=client).only(
        "public_id", "domain", "start_on", "status"
    )
    for commitment in commitments.order_by("-start_on")[:MAX_PER_SOURCE]:
        title = f"Commitment ({commitment.get_domain_display().lower()})"
        events.append(
            TimelineEvent(
                commitment.start_on, None, "integration", title, commitment.get_status_display()
            )
        )
    check_ins = DailyCheckIn.objects.filter(client=client).only(
        "on", "mood", "anxiety", "sleep_quality"
    )
    for check_in in check_ins.order_by("-on")[:MAX_PER_SOURCE]:
        detail = f"mood {check_in.mood}, anxiety {check_in.anxiety}, sleep {check_in.sleep_quality}"
        events.append(TimelineEvent(check_in.on, None, "integration", "Daily check-in", detail))
    notes = CoachingSession.objects.filter(client=client).only(
        "public_id", "held_at", "kind", "amends_id"
    )
    for note in notes.order_by("-held_at")[:MAX_PER_SOURCE]:
        detail = "Amendment" if note.amends_id else "Signed note"
        events.append(
            _event(
                note.held_at,
                "integration",
                note.get_kind_display(),
                detail=detail,
                url_name="integration:note",
                url_id=note.public_id,
            )
        )
    follow_ups = FollowUp.objects.filter(client=client).order_by("-due_on")[:MAX_PER_SOURCE]
    for follow_up in follow_ups:
        detail = "Done" if follow_up.done_at else "Open"
        title = f"Follow-up: {follow_up.get_kind_display().lower()} ({follow_up.phase})"
        events.append(TimelineEvent(follow_up.due_on, None, "follow-up", title, detail))
    return events


def client_timeline(*, actor: Any, public_id: uuid.UUID | str) -> Timeline:  # Any: User
    """Everything about one client in time order, newest first, for their care team or lead.

    Args:
        actor: a practitioner on the client's care team, or a lead of their practice.
        public_id: the client's public id.

    Returns:
        The client and their events (at most `MAX_PER_SOURCE` of each source).

    Raises:
        NotFound: no such client, out of scope, or the actor is not staff (a client asking for
            their own timeline included: indistinguishable).
    """
    if not is_alert_staff(actor):
        raise NotFound
    try:
        client = caseload_scope(actor=actor).select_related("practice").get(public_id=public_id)
    except (Client.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    events = [
        *_preparation(client),
        *_treatment(client),
        *_questionnaires(client),
        *_journal(client),
        *_integration(client),
    ]
    events.sort(key=lambda event: event.sort_key, reverse=True)
    counts = Counter(event.kind for event in events)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=client,
        extra={"object_type": "ClientTimeline", "counts": dict(sorted(counts.items()))},
    )
    return Timeline(client, events)
