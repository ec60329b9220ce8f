"""Recording a client's progress through the psychoeducation modules (audited writes)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound, require
from ketacare.preparation.models_learning import LearningProgress
from ketacare.preparation.permissions import is_the_client
from ketacare.preparation.psychoeducation import module_get

ONLY_THE_CLIENT = "Only the client can record their own reading."


def _progress(*, actor: User, client: Client, slug: str) -> LearningProgress:
    require(is_the_client(actor, client), ONLY_THE_CLIENT)
    if module_get(slug) is None:
        raise NotFound
    progress, created = LearningProgress.objects.get_or_create(
        client=client,
        module_slug=slug,
        defaults={"practice_id": client.practice_id, "opened_at": timezone.now()},
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=progress)
    return progress


@transaction.atomic
def learning_mark_opened(*, actor: User, client: Client, slug: str) -> LearningProgress:
    """Record that the client opened a module; opening it again changes nothing.

    Args:
        actor: the client themself (staff reading a module record nothing).
        client: the actor's client record.
        slug: a shipped module's slug.

    Returns:
        The client's progress row for the module.

    Raises:
        PermissionDenied: the actor is not this client.
        NotFound: no module has this slug.
    """
    return _progress(actor=actor, client=client, slug=slug)


@transaction.atomic
def learning_mark_completed(*, actor: User, client: Client, slug: str) -> LearningProgress:
    """Record that the client has read a module; the first time counts, repeats change nothing.

    Args:
        actor: the client themself.
        client: the actor's client record.
        slug: a shipped module's slug.

    Returns:
        The client's progress row, with ``completed_at`` set.

    Raises:
        PermissionDenied: the actor is not this client.
        NotFound: no module has this slug.
    """
    progress = _progress(actor=actor, client=client, slug=slug)
    if progress.completed_at is None:
        progress.completed_at = max(timezone.now(), progress.opened_at)
        progress.save(update_fields=["completed_at", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=progress, extra={"field": "completed_at"}
        )
    return progress
