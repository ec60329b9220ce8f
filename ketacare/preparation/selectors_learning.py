"""Actor-scoped reads of a client's progress through the psychoeducation modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.preparation.models_learning import LearningProgress
from ketacare.preparation.psychoeducation import Module, modules


@dataclass(frozen=True)
class ModuleProgress:
    """One module with where the client stands on it."""

    module: Module
    is_opened: bool
    is_completed: bool


@dataclass(frozen=True)
class LearningSummary:
    """A client's progress: every module in reading order, and how many are read."""

    rows: tuple[ModuleProgress, ...]
    completed: int
    total: int


def learning_summary(*, actor: Any, client: Client) -> LearningSummary:  # Any: User
    """The client's progress over every shipped module (audited as a VIEW of the client).

    Args:
        actor: the client themself or anyone who may see the client record.
        client: whose progress.

    Returns:
        Rows in reading order plus the completed and total counts; rows for modules no
        longer shipped are ignored.

    Raises:
        NotFound: the actor may not see the client.
    """
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise NotFound
    stored = {
        row.module_slug: row
        for row in LearningProgress.objects.filter(client=client).only(
            "module_slug", "completed_at"
        )
    }
    rows = tuple(
        ModuleProgress(
            module=module,
            is_opened=module.slug in stored,
            is_completed=module.slug in stored and stored[module.slug].is_completed,
        )
        for module in modules()
    )
    audit_record(actor=actor, action=AuditAction.VIEW, obj=client, extra={"section": "learning"})
    return LearningSummary(
        rows=rows, completed=sum(row.is_completed for row in rows), total=len(rows)
    )
