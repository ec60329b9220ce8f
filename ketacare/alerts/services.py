"""Raising, acknowledging, resolving and escalating safety alerts (audited, e-mail on commit).

E-mails say only that an alert needs attention and link to it: no client name, no answers,
no summary, so nothing clinical leaves the server by mail (docs/security.md, "PHI in e-mail").
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ketacare.accounts.models import Practice, Role, User
from ketacare.alerts.exceptions import AlertAlreadyHandled, ResolutionNoteRequired
from ketacare.alerts.models import Alert, AlertSeverity, AlertStatus
from ketacare.alerts.permissions import can_handle_alert
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require

ALERT_SUBJECT = "ketacare: a safety alert needs attention"
ESCALATION_SUBJECT = "ketacare: a safety alert has not been acknowledged"


def _alert_link(alert_id: int) -> str:
    public_id = Alert.objects.values_list("public_id", flat=True).get(pk=alert_id)
    return settings.KETACARE_BASE_URL + reverse("alerts:detail", args=[public_id])


def _care_team_emails(alert_id: int) -> list[str]:
    alert = Alert.objects.select_related("client").get(pk=alert_id)
    emails = list(
        User.objects.filter(
            is_active=True,
            care_assignments__client_id=alert.client_id,
            memberships__practice_id=alert.practice_id,
            memberships__is_active=True,
        )
        .values_list("email", flat=True)
        .distinct()
    )
    # A client without a care team must still reach someone: the practice's leads.
    return emails or _lead_emails(alert.practice_id)


def _lead_emails(practice_id: int) -> list[str]:
    leads = User.objects.filter(
        is_active=True,
        memberships__practice_id=practice_id,
        memberships__role=Role.LEAD,
        memberships__is_active=True,
    )
    return sorted(set(leads.values_list("email", flat=True)))


def notify_care_team(*, alert_id: int) -> None:
    """E-mail the care team that an alert needs attention (link only, no PHI)."""
    body = (
        "A safety alert in ketacare needs your attention.\n\n"
        f"Open it after signing in: {_alert_link(alert_id)}\n"
    )
    send_mail(ALERT_SUBJECT, body, None, _care_team_emails(alert_id))


def notify_leads(*, alert_id: int) -> None:
    """E-mail the practice's leads that an alert is overdue (link only, no PHI)."""
    practice_id = Alert.objects.values_list("practice_id", flat=True).get(pk=alert_id)
    body = (
        "A safety alert in ketacare has not been acknowledged in time and needs a lead.\n\n"
        f"Open it after signing in: {_alert_link(alert_id)}\n"
    )
    send_mail(ESCALATION_SUBJECT, body, None, _lead_emails(practice_id))


@transaction.atomic
def alert_raise(  # noqa: PLR0913  (keyword-only facets of one alert)
    *,
    practice: Practice,
    client: Client,
    source_type: str,
    source_public_id: uuid.UUID,
    code: str,
    severity: AlertSeverity | str,
    summary: str,
) -> Alert:
    """Open an alert for a source record, in the source's transaction, and notify on commit.

    Args:
        practice: the client's practice (must match ``client.practice``).
        client: whom the alert concerns.
        source_type: what raised it, e.g. ``"questionnaire_response"`` (alerts import no source).
        source_public_id: the public id of the source record.
        code: the machine name of the concern, e.g. an instrument flag name.
        severity: ``urgent``, ``review`` or ``attention``.
        summary: platform wording only; never free text written by the client.

    Returns:
        The open alert.

    Raises:
        ValueError: the practice is not the client's, or the severity is unknown.
    """
    if client.practice_id != practice.pk:
        raise ValueError("an alert's practice must be its client's practice")
    alert = Alert.objects.create(
        practice=practice,
        client=client,
        source_type=source_type,
        source_public_id=source_public_id,
        code=code,
        severity=AlertSeverity(severity),
        summary=summary[:255],
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=alert,
        extra={"source_type": source_type, "code": code, "severity": str(severity)},
    )
    transaction.on_commit(lambda: notify_care_team(alert_id=alert.pk))
    return alert


@transaction.atomic
def alert_acknowledge(*, actor: User, alert: Alert) -> Alert:
    """Record that a care-team member or lead has seen an open alert and is acting on it.

    Raises:
        PermissionDenied: the actor may not handle this alert.
        AlertAlreadyHandled: the alert is no longer open.
    """
    require(can_handle_alert(actor, alert))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.OPEN:
        raise AlertAlreadyHandled
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by, alert.acknowledged_at = actor, timezone.now()
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=alert, extra={"status": "ack"})
    return alert


@transaction.atomic
def alert_resolve(*, actor: User, alert: Alert, note: str) -> Alert:
    """Close an open or acknowledged alert with a note saying how it was resolved.

    Raises:
        PermissionDenied: the actor may not handle this alert.
        ResolutionNoteRequired: the note is blank.
        AlertAlreadyHandled: the alert is already resolved.
    """
    require(can_handle_alert(actor, alert))
    if not note.strip():
        raise ResolutionNoteRequired
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.RESOLVED:
        raise AlertAlreadyHandled
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor, now
    alert.status, alert.resolved_by, alert.resolved_at = AlertStatus.RESOLVED, actor, now
    alert.resolution_note = note.strip()
    alert.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=alert, extra={"status": "resolved"})
    return alert


@transaction.atomic
def alerts_escalate_overdue(*, now: dt.datetime, after: dt.timedelta | None = None) -> list[Alert]:
    """Escalate alerts still open (unacknowledged) too long to the practice leads.

    Each alert escalates once; leads are e-mailed on commit.

    Args:
        now: the current time (timezone-aware UTC).
        after: how long an alert may stay open; default: each practice's own
            ``alert_escalation_minutes`` (30 unless the lead changed it).

    Returns:
        The alerts escalated by this call.
    """
    candidates = (
        Alert.objects.select_for_update()
        .filter(status=AlertStatus.OPEN, escalated_at__isnull=True)
        .select_related("practice", "client")
        .order_by("created_at")
    )
    overdue = [
        alert
        for alert in candidates
        if now - alert.created_at
        >= (after or dt.timedelta(minutes=alert.practice.alert_escalation_minutes))
    ]
    for alert in overdue:
        alert.escalated_at = now
        alert.save(update_fields=["escalated_at", "updated_at"])
        audit_record(actor=None, action=AuditAction.UPDATE, obj=alert, extra={"escalated": True})
        transaction.on_commit(functools.partial(notify_leads, alert_id=alert.pk))
    return overdue
