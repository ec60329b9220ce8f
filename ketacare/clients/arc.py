"""The client's arc of care (prepare → dose → integrate → sustain) described in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from ketacare.clients.models import Client, ClientStatus

_ORDER = [
    ClientStatus.PREPARING,
    ClientStatus.IN_TREATMENT,
    ClientStatus.INTEGRATING,
    ClientStatus.DISCHARGED,
]
_STAGES = [
    ("Preparation", "Learn how the treatment works, complete your intake and set intentions."),
    ("Dosing sessions", "Your sessions, with your care team beside you."),
    ("Integration", "Journal, plan and check in, so what you learn becomes part of daily life."),
    ("Lasting change", "Follow-up questionnaires show how your change holds over the months."),
]


@dataclass(frozen=True)
class ArcStage:
    """One stage of the arc and where the client stands in it."""

    name: str
    help: str
    state: str  # "done", "current" or "upcoming"

    @property
    def state_label(self) -> str:
        return {"done": "Done", "current": "You are here", "upcoming": "Coming up"}[self.state]


def client_arc(client: Client) -> list[ArcStage]:
    """The four stages with the client's position (an invited client is before the first)."""
    position = _ORDER.index(ClientStatus(client.status)) if client.status in _ORDER else 0
    stages = []
    for index, (name, help_text) in enumerate(_STAGES):
        if index < position:
            state = "done"
        elif index == position:
            state = "current"
        else:
            state = "upcoming"
        stages.append(ArcStage(name=name, help=help_text, state=state))
    return stages
