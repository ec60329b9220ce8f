"""Who may write, read and manage journal entries and practice prompts."""

from __future__ import annotations

from typing import Any

from ketacare.accounts.models import Practice, Role
from ketacare.accounts.selectors import memberships_for
from ketacare.clients.models import Client


def is_the_client(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """The client themself, signed in with their client membership."""
    return (
        client.user_id is not None
        and client.user_id == getattr(actor, "pk", None)
        and any(
            m.role == Role.CLIENT and m.practice_id == client.practice_id
            for m in memberships_for(actor)
        )
    )


def practices_staffed_by(actor: Any) -> list[Practice]:  # Any: User or AnonymousUser
    """Practices where ``actor`` is a practitioner or lead (they may manage its prompts)."""
    return [m.practice for m in memberships_for(actor) if m.role in {Role.PRACTITIONER, Role.LEAD}]


def can_manage_prompts(actor: Any, practice: Practice) -> bool:  # Any: User or AnonymousUser
    """Practitioners and leads add and retire their practice's own prompts."""
    return any(p.pk == practice.pk for p in practices_staffed_by(actor))
