"""Practice protocols for tests: a copy in a client's practice, and who may open its form."""

from __future__ import annotations

from ketacare.domain.protocols import protocol_get
from ketacare.domain.protocols.adjust import Overrides, defaults_of
from ketacare.treatments.models import PracticeProtocol
from ketacare.treatments.protocol_services import practice_protocol_copy
from tests.conftest import World


def copy_for(world: World, practice: str = "a", based_on: str = "im_kap") -> PracticeProtocol:
    """A fresh copy of ``based_on`` made by the lead of practice ``a`` or ``b``."""
    lead = world.lead_a if practice == "a" else world.lead_b
    owner = world.practice_a if practice == "a" else world.practice_b
    return practice_protocol_copy(actor=lead, practice=owner, based_on=based_on)


def defaults(based_on: str) -> Overrides:
    """The built-in template's own values, as overrides."""
    return defaults_of(protocol_get(based_on))


def protocol_edit_path(world: World, target: str | None) -> str:
    """The form of a copy in the practice of ``target`` (``client_a1`` → practice a)."""
    assert target is not None
    return f"/treatments/protocols/{copy_for(world, target[len('client_')]).public_id}/edit/"


def lead_of_practice(persona: str, target: str | None) -> int:
    """Leads open their own practice's copies; other leads 404; everyone else 403."""
    if persona == "anonymous":
        return 302
    if not persona.startswith("lead_"):
        return 403
    assert target is not None
    return 200 if persona[-1] == target[len("client_")] else 404
