"""Publishing consent documents, signing and withdrawing consent, and writing intentions.

Treatment consent gates dosing: the treatments app must call
``consent_selectors.has_current_treatment_consent`` before scheduling any dosing session.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ketacare.accounts.models import Practice, User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.preparation.consent_exceptions import (
    ALREADY_SIGNED,
    ALREADY_WITHDRAWN,
    BODY_REQUIRED,
    INTENTION_EMPTY,
    LABEL_REQUIRED,
    NAME_MISMATCH,
    NOT_CONFIRMED,
    NOT_LATEST,
    ONLY_THE_CLIENT,
    SUPERSEDES_NOT_LATEST,
    TITLE_REQUIRED,
    ConsentInvalid,
    IntentionInvalid,
)
from ketacare.preparation.consent_templates import DEFAULT_CONSENT_DOCUMENTS
from ketacare.preparation.models import (
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    Intention,
    IntentionScope,
)
from ketacare.preparation.permissions import is_lead_of, is_the_client


@transaction.atomic
def consent_document_publish(
    *, actor: User | None, practice: Practice, kind: ConsentKind | str, title: str, body: str
) -> ConsentDocument:
    """Publish the next version of a practice's consent document of one kind.

    Args:
        actor: a lead of the practice; ``None`` only for the system (``ketacare demo``).
        practice: the practice the document belongs to.
        kind: ``treatment``, ``data_sharing`` or ``research``.
        title: the heading clients see.
        body: Markdown written by the practice (rendered sanitised, never trusted).

    Returns:
        The published, immutable document; its version is one more than the latest.

    Raises:
        PermissionDenied: the actor is not a lead of the practice.
        ConsentInvalid: an empty title or body.
    """
    if actor is not None:
        require(is_lead_of(actor, practice.pk))
    choice = ConsentKind(kind)
    if not title.strip():
        raise ConsentInvalid(TITLE_REQUIRED, field="title")
    if not body.strip():
        raise ConsentInvalid(BODY_REQUIRED, field="body")
    Practice.objects.select_for_update().get(pk=practice.pk)  # serialise version numbers
    latest = ConsentDocument.objects.filter(practice=practice, kind=choice).aggregate(
        top=Max("version")
    )["top"]
    document = ConsentDocument.objects.create(
        practice=practice,
        kind=choice,
        version=(latest or 0) + 1,
        title=title.strip(),
        body=body,
        published_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        extra={"kind": choice.value, "version": document.version},
    )
    return document


def normalised_name(name: str) -> str:
    """Lower case with runs of white space collapsed, for comparing typed names."""
    return " ".join(name.split()).casefold()


def _names_on_record(client: Client) -> set[str]:
    names = {f"{client.given_name} {client.family_name}"}
    if client.preferred_name:
        names.add(f"{client.preferred_name} {client.family_name}")
    return {normalised_name(name) for name in names}


@transaction.atomic
def consent_sign(
    *, actor: User, document: ConsentDocument, typed_full_name: str, confirmed: bool
) -> ConsentSignature:
    """Record the signed-in client's signature of the latest version of a consent document.

    The typed name must match the client's record (given or preferred name plus family
    name), ignoring case and extra spaces: it shows the client knows who they sign as.

    Raises:
        PermissionDenied: the actor is not a client of the document's practice.
        ConsentInvalid: not the latest version, already signed, the name does not match, or
            the confirmation box was not ticked.
    """
    client = Client.objects.filter(user=actor, practice_id=document.practice_id).first()
    if client is None or not is_the_client(actor, client):
        raise PermissionDenied(ONLY_THE_CLIENT)
    newer = ConsentDocument.objects.filter(
        practice_id=document.practice_id, kind=document.kind, version__gt=document.version
    )
    if newer.exists():
        raise ConsentInvalid(NOT_LATEST)
    if normalised_name(typed_full_name) not in _names_on_record(client):
        raise ConsentInvalid(NAME_MISMATCH, field="typed_full_name")
    if not confirmed:
        raise ConsentInvalid(NOT_CONFIRMED, field="confirmed")
    standing = ConsentSignature.objects.select_for_update().filter(
        client=client, document=document, withdrawn_at__isnull=True
    )
    if standing.exists():
        raise ConsentInvalid(ALREADY_SIGNED)
    signature = ConsentSignature.objects.create(
        practice_id=document.practice_id,
        client=client,
        document=document,
        typed_full_name=" ".join(typed_full_name.split()),
        confirmed=True,
        signed_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.SIGN,
        obj=signature,
        extra={"kind": document.kind, "version": document.version},
    )
    return signature


@transaction.atomic
def consent_withdraw(*, actor: User, signature: ConsentSignature, reason: str) -> ConsentSignature:
    """Withdraw a standing consent; the client may do so at any time, with or without a reason.

    Raises:
        PermissionDenied: the actor is not the client who signed.
        ConsentInvalid: the signature was already withdrawn.
    """
    require(is_the_client(actor, signature.client))
    signature = ConsentSignature.objects.select_for_update().get(pk=signature.pk)
    if signature.is_withdrawn:
        raise ConsentInvalid(ALREADY_WITHDRAWN)
    signature.withdrawn_at, signature.withdrawal_reason = timezone.now(), reason.strip()
    signature.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=signature, extra={"withdrawn": True})
    return signature


@transaction.atomic
def intention_write(
    *,
    actor: User,
    client: Client,
    scope: IntentionScope | str,
    body: str,
    session_label: str = "",
    supersedes: Intention | None = None,
) -> Intention:
    """Store a client's intention; an edit is a new row that ``supersedes`` the latest one.

    Raises:
        PermissionDenied: the actor is not the client themself.
        IntentionInvalid: empty text, a session intention without a label, or an edit of a
            version that is not the latest.
    """
    require(is_the_client(actor, client))
    choice = IntentionScope(scope)
    label = " ".join(session_label.split()) if choice == IntentionScope.SESSION else ""
    if not body.strip():
        raise IntentionInvalid(INTENTION_EMPTY)
    if choice == IntentionScope.SESSION and not label:
        raise IntentionInvalid(LABEL_REQUIRED, field="session_label")
    if supersedes is not None and (
        supersedes.client_id != client.pk
        or Intention.objects.filter(supersedes=supersedes).exists()
    ):
        raise IntentionInvalid(SUPERSEDES_NOT_LATEST)
    intention = Intention.objects.create(
        practice_id=client.practice_id,
        client=client,
        scope=choice,
        session_label=label,
        body=body.strip(),
        supersedes=supersedes,
    )
    audit_record(
        actor=actor,
        action=AuditAction.AMEND if supersedes else AuditAction.CREATE,
        obj=intention,
        extra={"scope": choice.value},
    )
    return intention


def consent_defaults_publish(*, practice: Practice) -> list[ConsentDocument]:
    """Publish the template documents (``consent_templates``) for every kind not yet published.

    A system action for ``ketacare demo``; the texts are templates the practice must review
    with counsel before use.

    Returns:
        The documents published now (none when every kind already has a document).
    """
    published = []
    for kind, title, body in DEFAULT_CONSENT_DOCUMENTS:
        if not ConsentDocument.objects.filter(practice=practice, kind=kind).exists():
            published.append(
                consent_document_publish(
                    actor=None, practice=practice, kind=kind, title=title, body=body
                )
            )
    return published
