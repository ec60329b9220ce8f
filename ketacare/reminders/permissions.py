"""Who may read and change reminder preferences: the client themself only."""

from __future__ import annotations

from typing import Any

from ketacare.clients.models import Client


def can_manage_own_reminders(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """Whether ``actor`` is the active account behind ``client``."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and client.user_id is not None
        and client.user_id == actor.pk
    )
