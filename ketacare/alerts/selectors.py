"""Actor-scoped, audited reads of safety alerts."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ketacare.alerts.models import Alert, AlertSeverity, AlertStatus
from ketacare.alerts.permissions import alerts_visible_to
from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.core.permissions import NotFound

MAX_ALERTS = 200


def _alert_queryset(*, actor: Any) -> QuerySet[Alert]:  # Any: User or AnonymousUser
    return alerts_visible_to(actor).select_related(
        "client", "practice", "acknowledged_by", "resolved_by"
    )


def alert_list(*, actor: Any, status: AlertStatus | str | None = None) -> list[Alert]:  # Any: User
    """The actor's alerts (care teams, led practices), newest urgent first, audited as a LIST.

    Args:
        actor: the signed-in user.
        status: only alerts in this status, or every status when None.

    Returns:
        At most ``MAX_ALERTS`` alerts.
    """
    alerts = _alert_queryset(actor=actor)
    if status is not None:
        alerts = alerts.filter(status=AlertStatus(status))
    page = list(alerts.order_by("status", "-created_at", "pk")[:MAX_ALERTS])
    page.sort(
        key=lambda alert: (alert.status != AlertStatus.OPEN, alert.severity != AlertSeverity.URGENT)
    )
    audit_record_list(
        actor=actor,
        object_type="Alert",
        subject_client_public_ids=[alert.client.public_id for alert in page],
    )
    return page


def alert_get(*, actor: Any, public_id: uuid.UUID | str) -> Alert:  # Any: User
    """One alert the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such alert, or outside the actor's scope (indistinguishable).
    """
    try:
        alert = _alert_queryset(actor=actor).get(public_id=public_id)
    except (Alert.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=alert)
    return alert


def alert_open_count(*, actor: Any) -> int:  # Any: User or AnonymousUser
    """How many of the actor's alerts are open (a number, no PHI, so not audited)."""
    return alerts_visible_to(actor).filter(status=AlertStatus.OPEN).count()
