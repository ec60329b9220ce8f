"""Who may write and read a client's integration plan, check-ins, coaching notes and follow-ups."""

from __future__ import annotations

from typing import Any

from ketacare.accounts.models import Role
from ketacare.accounts.selectors import memberships_for
from ketacare.clients.models import Client
from ketacare.measures.permissions import is_care_team_member, is_the_client

__all__ = [
    "can_read_coaching_notes",
    "can_write_coaching_note",
    "can_write_plan",
    "is_care_team_member",
    "is_lead_of",
    "is_the_client",
]


def can_write_plan(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """Insights, commitments and check-ins are the client's own words: only they write them."""
    return is_the_client(actor, client)


def can_write_coaching_note(actor: Any, client: Client) -> bool:  # Any: User
    """Coaching and integration-session notes: practitioners or leads on the care team."""
    return is_care_team_member(actor, client)


def can_read_coaching_notes(actor: Any, client: Client) -> bool:  # Any: User
    """The care team and the practice's leads; never the client (DAP notes are clinical)."""
    roles = {m.role for m in memberships_for(actor) if m.practice_id == client.practice_id}
    return is_care_team_member(actor, client) or Role.LEAD in roles


def is_lead_of(actor: Any, practice_id: int) -> bool:  # Any: User or AnonymousUser
    """A lead of the practice: the only role that changes its integration policy."""
    return any(m.practice_id == practice_id and m.role == Role.LEAD for m in memberships_for(actor))
