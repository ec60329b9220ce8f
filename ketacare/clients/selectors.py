"""Actor-scoped, audited reads of client records."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ketacare.accounts.models import Practice, Role, User
from ketacare.accounts.selectors import practices_led_by
from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound, require


def client_queryset(*, actor: Any) -> QuerySet[Client]:  # Any: User or AnonymousUser
    """Clients the actor may see, ordered by family name (not audited: callers audit a page)."""
    return (
        clients_visible_to(actor)
        .select_related("practice")
        .order_by("family_name", "given_name", "pk")
    )


def client_list(*, actor: Any, limit: int = 200, offset: int = 0) -> list[Client]:  # Any: User
    """One page of the actor's visible clients, audited as a LIST with the ids shown."""
    page = list(client_queryset(actor=actor)[offset : offset + limit])
    audit_record_list(
        actor=actor, object_type="Client", subject_client_public_ids=[c.public_id for c in page]
    )
    return page


def client_get(*, actor: Any, public_id: uuid.UUID | str) -> Client:  # Any: User
    """One client the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such client, or outside the actor's scope (indistinguishable).
    """
    try:
        client = client_queryset(actor=actor).get(public_id=public_id)
    except (Client.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=client)
    return client


def client_own(*, actor: User) -> Client | None:
    """The actor's own client record, if they are a client (audited as a VIEW)."""
    client = client_queryset(actor=actor).filter(user=actor).first()
    if client is not None:
        audit_record(actor=actor, action=AuditAction.VIEW, obj=client)
    return client


def care_team_of(*, client: Client) -> list[User]:
    """The practitioners on a client's care team (the caller already holds the client)."""
    return [
        member.practitioner
        for member in client.care_team_members.select_related("practitioner").order_by(
            "-is_primary", "practitioner__display_name"
        )
    ]


def practice_stats(*, actor: User, practice: Practice) -> dict[str, int]:
    """Headcounts for a practice the actor leads (no PHI; not audited)."""
    require(practices_led_by(actor).filter(pk=practice.pk).exists())
    roles = Counter(
        practice.memberships.filter(is_active=True).values_list("role", flat=True).iterator()
    )
    return {
        "clients": practice.clients.count(),
        "practitioners": roles.get(Role.PRACTITIONER, 0),
        "leads": roles.get(Role.LEAD, 0),
    }
