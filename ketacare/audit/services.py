"""Writing audit events: ``audit_record`` is called by every service and selector touching PHI."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import connection, transaction
from django.utils import timezone

from ketacare.audit.chain import GENESIS_HASH, row_digest
from ketacare.audit.models import AuditAction, AuditEvent
from ketacare.core import request_context

__all__ = ["AuditAction", "audit_record", "audit_record_list"]

# Any fixed 64-bit number; serialises chain appends on PostgreSQL for the transaction's life.
_CHAIN_LOCK_KEY = 0x6B657461636172


class _HasPublicId(Protocol):
    public_id: uuid.UUID


def _practice_public_id(obj: object | None, practice: _HasPublicId | None) -> uuid.UUID | None:
    if practice is not None:
        return practice.public_id
    owner = getattr(obj, "practice", None)
    return getattr(owner, "public_id", None)


def _actor_fields(actor: Any, role: str) -> dict[str, Any]:  # Any: User or AnonymousUser
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_label": "anonymous", "actor_role": role}
    return {"actor_id": actor.pk, "actor_label": str(actor.public_id), "actor_role": role}


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are already serialised.


@transaction.atomic
def audit_record(  # noqa: PLR0913  (an audit row has many facets, all keyword-only)
    *,
    actor: Any,  # Any: a User, AnonymousUser or None for system actions
    action: AuditAction | str,
    obj: object | None = None,
    practice: _HasPublicId | None = None,
    role: str = "",
    outcome: str = "success",
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event chained to the previous one, in the caller's transaction.

    Args:
        actor: who acted (None for the system itself).
        action: what happened.
        obj: the object acted on; its ``public_id``, ``practice`` and
            ``audit_subject_client_public_id`` are recorded when present.
        practice: the tenant, when ``obj`` does not carry one.
        role: the actor's role in that practice, if known.
        outcome: ``success``, ``denied`` or ``failure``.
        extra: names and counts only (never PHI values).

    Returns:
        The stored event.
    """
    _lock_chain()
    context = request_context.current()
    last = AuditEvent.objects.order_by("-seq").values("seq", "row_hash").first()
    fields: dict[str, Any] = {
        "seq": (last["seq"] + 1) if last else 1,
        "occurred_at": timezone.now(),
        **_actor_fields(actor, role),
        "practice_public_id": _practice_public_id(obj, practice),
        "action": str(action),
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_public_id": getattr(obj, "public_id", None),
        "subject_client_public_id": getattr(obj, "audit_subject_client_public_id", None),
        "outcome": outcome,
        "channel": context.channel,
        "request_id": context.request_id,
        "ip": context.ip,
        "user_agent": context.user_agent,
        "extra": dict(extra or {}),
    }
    prev_hash = last["row_hash"] if last else GENESIS_HASH
    event = AuditEvent(**fields, prev_hash=prev_hash, row_hash=row_digest(prev_hash, fields))
    event.save()
    return event


def audit_record_list(
    *,
    actor: Any,  # Any: a User
    object_type: str,
    subject_client_public_ids: Iterable[uuid.UUID],
    practice: _HasPublicId | None = None,
    role: str = "",
) -> AuditEvent:
    """Record that a list was shown, with the client ids it showed (bounded by page size)."""
    ids = [str(public_id) for public_id in subject_client_public_ids]
    return audit_record(
        actor=actor,
        action=AuditAction.LIST,
        practice=practice,
        role=role,
        extra={"object_type": object_type, "count": len(ids), "client_ids": ids},
    )
