"""Who may fill an intake, see screening flags and record screening decisions."""

from __future__ import annotations

from typing import Any

from ketacare.accounts.models import Role
from ketacare.accounts.selectors import memberships_for
from ketacare.clients.models import Client


def _roles_in(actor: Any, client: Client) -> set[str]:  # Any: User or AnonymousUser
    return {m.role for m in memberships_for(actor) if m.practice_id == client.practice_id}


def is_care_team_member(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """A practitioner or lead of the client's practice who is on the client's care team."""
    staff = _roles_in(actor, client) & {Role.PRACTITIONER, Role.LEAD}
    return bool(staff) and client.care_team_members.filter(practitioner=actor).exists()


def is_the_client(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """The client themself, signed in with their client membership."""
    return (
        client.user_id is not None
        and client.user_id == getattr(actor, "pk", None)
        and Role.CLIENT in _roles_in(actor, client)
    )


def can_fill_intake(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """The client for their own intake, or a care-team member filling it in with them."""
    return is_the_client(actor, client) or is_care_team_member(actor, client)


def can_see_screening(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """Staff only: a care-team member or a lead of the client's practice (never the client)."""
    return is_care_team_member(actor, client) or Role.LEAD in _roles_in(actor, client)


def can_decide_screening(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """A care-team practitioner or a lead of the client's practice."""
    return can_see_screening(actor, client)


# consent and intentions
def is_lead_of(actor: Any, practice_id: int) -> bool:  # Any: User or AnonymousUser
    """A lead of the practice: the only role that publishes consent documents."""
    return any(m.practice_id == practice_id and m.role == Role.LEAD for m in memberships_for(actor))


def can_see_consent_and_intentions(actor: Any, client: Client) -> bool:  # Any: User
    """The client themself, their care team, or a lead of their practice."""
    return is_the_client(actor, client) or can_see_screening(actor, client)
