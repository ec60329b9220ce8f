"""Who may see which client: the client themself, their care team, and the practice's leads."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ketacare.accounts.models import Role
from ketacare.accounts.selectors import memberships_for
from ketacare.clients.models import Client


def visible_clients_filter(actor: Any) -> Q | None:  # Any: User or AnonymousUser
    """A filter for the clients ``actor`` may see, or None when they may see none.

    Rules (docs/security.md, "Roles"): a client sees only their own record; a practitioner
    sees the clients whose care team they are on, in practices where they are a practitioner;
    a lead sees every client of the practices they lead. Platform operators see none.
    """
    memberships = list(memberships_for(actor))
    led = [m.practice_id for m in memberships if m.role == Role.LEAD]
    practising = [m.practice_id for m in memberships if m.role == Role.PRACTITIONER]
    as_client = [m.practice_id for m in memberships if m.role == Role.CLIENT]
    conditions = Q(pk__in=[])
    if led:
        conditions |= Q(practice_id__in=led)
    if practising:
        conditions |= Q(practice_id__in=practising, care_team_members__practitioner=actor)
    if as_client:
        conditions |= Q(practice_id__in=as_client, user=actor)
    if not (led or practising or as_client):
        return None
    return conditions


def clients_visible_to(actor: Any) -> QuerySet[Client]:  # Any: User or AnonymousUser
    """Every client ``actor`` may see (unaudited: selectors audit what they return)."""
    conditions = visible_clients_filter(actor)
    if conditions is None:
        return Client.objects.none()
    return Client.objects.filter(conditions).distinct()


def can_view_client(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """Whether ``actor`` may see ``client``."""
    return clients_visible_to(actor).filter(pk=client.pk).exists()
