"""Actor-scoped, audited reads of consent documents, signatures and intentions.

``has_current_treatment_consent`` is the gate the treatments app must call before a dosing
session is scheduled: no dosing without current treatment consent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from ketacare.accounts.selectors import memberships_for
from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.preparation.models import (
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    Intention,
)
from ketacare.preparation.permissions import can_see_consent_and_intentions, is_lead_of

MAX_ROWS = 50


def _latest_document(practice_id: int, kind: str) -> ConsentDocument | None:
    return (
        ConsentDocument.objects.filter(practice_id=practice_id, kind=kind)
        .order_by("-version")
        .first()
    )


def _current(client: Client, kind: str) -> ConsentSignature | None:
    latest = _latest_document(client.practice_id, kind)
    if latest is None:
        return None
    return (
        ConsentSignature.objects.filter(client=client, document=latest, withdrawn_at__isnull=True)
        .select_related("document")
        .first()
    )


def consent_current(*, client: Client, kind: ConsentKind | str) -> ConsentSignature | None:
    """The client's standing signature of the latest published version of ``kind``, if any.

    A system read (no actor): callers are services that already authorised their actor.
    """
    return _current(client, ConsentKind(kind))


def has_current_treatment_consent(client: Client) -> bool:
    """True when the client's treatment consent is signed, not withdrawn and up to date.

    The treatments app must call this before scheduling any dosing session.
    """
    return consent_current(client=client, kind=ConsentKind.TREATMENT) is not None


@dataclass(frozen=True)
class ConsentRow:
    """One kind of consent for a client: the latest document and the standing signature."""

    kind: str
    label: str
    document: ConsentDocument | None
    signature: ConsentSignature | None

    @property
    def needs_signature(self) -> bool:
        return self.document is not None and self.signature is None


def consent_overview(*, actor: Any, client: Client) -> tuple[ConsentRow, ...]:  # Any: User
    """Each kind of consent with its latest document and the client's standing signature.

    Audited as a LIST of the client's signatures.

    Raises:
        NotFound: the actor is neither the client nor staff who may see them.
    """
    if not can_see_consent_and_intentions(actor, client):
        raise NotFound
    rows = tuple(
        ConsentRow(
            kind.value,
            str(kind.label),
            _latest_document(client.practice_id, kind.value),
            _current(client, kind.value),
        )
        for kind in ConsentKind
    )
    audit_record_list(
        actor=actor,
        object_type="ConsentSignature",
        subject_client_public_ids={client.public_id},
        practice=client.practice,
    )
    return rows


def consent_document_get(*, actor: Any, public_id: uuid.UUID | str) -> ConsentDocument:  # Any
    """A document of a practice the actor is a member of (any role), audited as a VIEW.

    Raises:
        NotFound: no such document, or not of the actor's practice (indistinguishable).
    """
    practices = memberships_for(actor).values("practice_id")
    try:
        document = ConsentDocument.objects.filter(practice_id__in=practices).get(
            public_id=public_id
        )
    except (ConsentDocument.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=document)
    return document


def consent_document_list(*, actor: Any, practice_id: int) -> list[ConsentDocument]:  # Any
    """Every version of every consent document of the practice, for its leads.

    Raises:
        NotFound: the actor is not a lead of the practice.
    """
    if not is_lead_of(actor, practice_id):
        raise NotFound
    documents = list(
        ConsentDocument.objects.filter(practice_id=practice_id).order_by("kind", "-version")[
            : MAX_ROWS * 3
        ]
    )
    audit_record_list(actor=actor, object_type="ConsentDocument", subject_client_public_ids=set())
    return documents


def consent_signature_get(*, actor: Any, public_id: uuid.UUID | str) -> ConsentSignature:  # Any
    """One signature the actor may see (the client or their care team), audited as a VIEW.

    Raises:
        NotFound: no such signature, or outside the actor's scope (indistinguishable).
    """
    try:
        signature = (
            ConsentSignature.objects.filter(client__in=clients_visible_to(actor))
            .select_related("client", "document")
            .get(public_id=public_id)
        )
    except (ConsentSignature.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    if not can_see_consent_and_intentions(actor, signature.client):
        raise NotFound
    audit_record(actor=actor, action=AuditAction.VIEW, obj=signature)
    return signature


def intention_list(*, actor: Any, client: Client) -> list[Intention]:  # Any: User
    """The client's current intentions (latest of each edit chain), newest first.

    Audited as a LIST of the client's intentions.

    Raises:
        NotFound: the actor is neither the client nor staff who may see them.
    """
    if not can_see_consent_and_intentions(actor, client):
        raise NotFound
    intentions = list(
        Intention.objects.filter(client=client, superseded_by__isnull=True)
        .select_related("supersedes")
        .order_by("-created_at", "-pk")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="Intention",
        subject_client_public_ids={client.public_id} if intentions else set(),
        practice=client.practice,
    )
    return intentions


def intention_history(*, actor: Any, intention: Intention) -> list[Intention]:  # Any: User
    """Every earlier version of an intention, newest first (audited as a LIST).

    Raises:
        NotFound: the actor may not see the client's intentions.
    """
    if not can_see_consent_and_intentions(actor, intention.client):
        raise NotFound
    history: list[Intention] = []
    current = intention.supersedes
    while current is not None and len(history) < MAX_ROWS:
        history.append(current)
        current = current.supersedes
    audit_record_list(
        actor=actor,
        object_type="Intention",
        subject_client_public_ids={intention.client.public_id} if history else set(),
        practice=intention.client.practice,
    )
    return history


def intention_get(*, actor: Any, public_id: uuid.UUID | str) -> Intention:  # Any: User
    """One intention the actor may see, audited as a VIEW.

    Raises:
        NotFound: no such intention, or outside the actor's scope (indistinguishable).
    """
    try:
        intention = (
            Intention.objects.filter(client__in=clients_visible_to(actor))
            .select_related("client", "client__practice")
            .get(public_id=public_id)
        )
    except (Intention.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    if not can_see_consent_and_intentions(actor, intention.client):
        raise NotFound
    audit_record(actor=actor, action=AuditAction.VIEW, obj=intention)
    return intention
