"""FHIR export of one client's questionnaire data: scoped, hashed and audited (security §4.8)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.selectors import client_get
from ketacare.fhir.bundle import bundle_for
from ketacare.measures.models import QuestionnaireResponse

EXPORT_FORMAT = "fhir-r4b-bundle"


@dataclass(frozen=True, slots=True)
class FhirExport:
    """An export: the Bundle's canonical JSON, its SHA-256 and resource counts by type."""

    bundle_json: str
    sha256: str
    counts: dict[str, int]


@transaction.atomic
def fhir_client_export(*, actor: User, client_public_id: uuid.UUID | str) -> FhirExport:
    """Export every questionnaire response of one client as a FHIR R4B collection Bundle.

    Only the requested client's responses are included, oldest first, amendments alongside
    the responses they correct. The EXPORT audit event records resource counts and the
    manifest hash, never values.

    Args:
        actor: who asks; they must be able to see the client.
        client_public_id: the client's public id.

    Returns:
        The Bundle JSON with its SHA-256 manifest and counts.

    Raises:
        NotFound: no such client, or outside the actor's scope (indistinguishable).
    """
    client = client_get(actor=actor, public_id=client_public_id)
    responses = (
        QuestionnaireResponse.objects.filter(client=client)
        .select_related("client", "amends")
        .order_by("submitted_at", "pk")
    )
    manifest = bundle_for(responses=responses, generated_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=client,
        extra={"format": EXPORT_FORMAT, "counts": manifest.counts, "sha256": manifest.sha256},
    )
    return FhirExport(
        bundle_json=manifest.bundle_json, sha256=manifest.sha256, counts=manifest.counts
    )
