"""Who may plan courses, check clients in, and confirm readiness."""

from __future__ import annotations

from typing import Any

from ketacare.clients.models import Client
from ketacare.preparation.permissions import can_decide_screening, is_the_client


def can_plan_treatment(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """A care-team practitioner or lead, or a lead of the client's practice."""
    return can_decide_screening(actor, client)


def can_confirm_readiness(actor: Any, client: Client) -> bool:  # Any: User or AnonymousUser
    """The client themself, signed in with their client membership."""
    return is_the_client(actor, client)
