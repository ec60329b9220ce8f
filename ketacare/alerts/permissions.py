"""Who may see and handle alerts: the client's care team and the practice's leads (not clients)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ketacare.accounts.models import Role
from ketacare.accounts.selectors import memberships_for
from ketacare.alerts.models import Alert


def alerts_visible_to(actor: Any) -> QuerySet[Alert]:  # Any: User or AnonymousUser
    """Alerts of clients on the actor's care teams, and of every client in practices they lead.

    Clients never see alerts about themselves: they see the crisis resources instead.
    """
    memberships = list(memberships_for(actor))
    led = [m.practice_id for m in memberships if m.role == Role.LEAD]
    practising = [m.practice_id for m in memberships if m.role == Role.PRACTITIONER]
    if not (led or practising):
        return Alert.objects.none()
    conditions = Q(practice_id__in=led) | Q(
        practice_id__in=practising, client__care_team_members__practitioner=actor
    )
    return Alert.objects.filter(conditions).distinct()


def is_alert_staff(actor: Any) -> bool:  # Any: User or AnonymousUser
    """Whether the actor works in a practice (practitioner or lead), so has an alert list."""
    return memberships_for(actor).filter(role__in=[Role.LEAD, Role.PRACTITIONER]).exists()


def can_handle_alert(actor: Any, alert: Alert) -> bool:  # Any: User or AnonymousUser
    """Whether the actor may acknowledge or resolve ``alert``."""
    return alerts_visible_to(actor).filter(pk=alert.pk).exists()
