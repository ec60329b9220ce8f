"""FHIR export: one client's Bundle through the service and the API (scope, hash, audit)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.test import Client as HttpClient
from fhir.resources.R4B.bundle import Bundle

from ketacare.accounts.models import User
from ketacare.accounts.services import api_token_create
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.fhir.services import fhir_client_export
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.services import response_amend, response_submit
from tests.conftest import World

pytestmark = pytest.mark.django_db
NOWHERE = "00000000-0000-4000-8000-000000000000"


def _headers(user: User | None) -> dict[str, Any]:
    assert user is not None
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user).secret}"}


def _submit(practitioner: User, client: Client, code: str, answers: dict[str, object]) -> Any:
    return response_submit(actor=practitioner, client=client, instrument_code=code, answers=answers)


@pytest.fixture
def history(world: World) -> list[QuestionnaireResponse]:
    """Responses for client_a1 (PHQ-9, GAD-7, C-SSRS, an amended PHQ-2) and one for client_a2."""
    a1 = world.client_a1
    responses = [
        _submit(world.practitioner_a, a1, "PHQ-9", {str(n): 1 for n in range(1, 10)}),
        _submit(world.practitioner_a, a1, "GAD-7", {str(n): 2 for n in range(1, 8)}),
        _submit(world.practitioner_a, a1, "C-SSRS", {"1": 0, "2": 0, "6": 0}),
    ]
    original = _submit(world.practitioner_a, a1, "PHQ-2", {"1": 0, "2": 0})
    amendment = response_amend(
        actor=world.practitioner_a, original=original, answers={"1": 1, "2": 0}
    )
    responses += [original, amendment]
    _submit(world.practitioner_a2, world.client_a2, "PHQ-2", {"1": 3, "2": 3})
    return responses


def _get(user: User | None, client: Client) -> Any:
    return HttpClient().get(f"/api/v1/clients/{client.public_id}/fhir", **_headers(user))


def test_export_holds_only_the_clients_responses_and_their_totals(
    world: World, history: list[QuestionnaireResponse]
) -> None:
    export = fhir_client_export(
        actor=world.practitioner_a, client_public_id=world.client_a1.public_id
    )

    Bundle.model_validate_json(export.bundle_json)
    bundle = json.loads(export.bundle_json)
    assert bundle["type"] == "collection"
    resources = [entry["resource"] for entry in bundle["entry"]]
    ids = {r["id"] for r in resources if r["resourceType"] == "QuestionnaireResponse"}
    assert ids == {str(r.public_id) for r in history}
    assert {r["subject"]["reference"] for r in resources} == {
        f"Patient/{world.client_a1.public_id}"
    }
    # C-SSRS is categorical: no total, so one Observation fewer than responses.
    assert export.counts == {"QuestionnaireResponse": 5, "Observation": 4}


def test_export_contains_no_client_name_at_all(
    world: World, history: list[QuestionnaireResponse]
) -> None:
    response = _get(world.practitioner_a, world.client_a1)

    body = response.content.decode()
    assert response.status_code == 200
    for sentinel in ("ZZ-SENTINEL-A1", "ZZ-SENTINEL-A2", "ZZ-SENTINEL-B1", "Sentinel"):
        assert sentinel not in body
    assert str(world.client_a2.public_id) not in body


def test_export_header_is_the_sha256_of_the_body(
    world: World, history: list[QuestionnaireResponse]
) -> None:
    response = _get(world.client_a1.user, world.client_a1)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["X-Content-SHA256"] == hashlib.sha256(response.content).hexdigest()
    assert json.loads(response.content)["resourceType"] == "Bundle"


@pytest.mark.parametrize("persona", ["practitioner_a2", "lead_b", "client_a2", "operator"])
def test_export_outside_scope_is_404_in_the_error_shape(
    world: World, history: list[QuestionnaireResponse], persona: str
) -> None:
    user = getattr(world, persona)
    user = user.user if isinstance(user, Client) else user

    response = _get(user, world.client_a1)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert not AuditEvent.objects.filter(action="export").exists()


def test_export_of_a_missing_client_is_indistinguishable(world: World) -> None:
    http = HttpClient()

    response = http.get(f"/api/v1/clients/{NOWHERE}/fhir", **_headers(world.practitioner_a))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_service_refuses_a_client_outside_scope(world: World) -> None:
    with pytest.raises(NotFound):
        fhir_client_export(actor=world.practitioner_b, client_public_id=world.client_a1.public_id)


def test_export_writes_one_export_audit_event_with_counts_only(
    world: World, history: list[QuestionnaireResponse]
) -> None:
    before = AuditEvent.objects.count()

    response = _get(world.practitioner_a, world.client_a1)

    exports = list(AuditEvent.objects.filter(seq__gt=before, action="export"))
    assert len(exports) == 1
    event = exports[0]
    assert event.actor_id == world.practitioner_a.pk
    assert event.subject_client_public_id == world.client_a1.public_id
    assert event.extra == {
        "format": "fhir-r4b-bundle",
        "counts": {"QuestionnaireResponse": 5, "Observation": 4},
        "sha256": response["X-Content-SHA256"],
    }


def test_export_needs_authentication(world: World) -> None:
    response = HttpClient().get(f"/api/v1/clients/{world.client_a1.public_id}/fhir")

    assert response.status_code == 401


def test_instrument_questionnaire_is_served_as_fhir_json(world: World) -> None:
    response = HttpClient().get("/api/v1/instruments/phq9/fhir", **_headers(world.client_a1.user))

    body = response.json()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert body["resourceType"] == "Questionnaire"
    assert body["url"] == "urn:ketacare:questionnaire:PHQ-9"


def test_unknown_instrument_questionnaire_is_404(world: World) -> None:
    response = HttpClient().get("/api/v1/instruments/NOPE/fhir", **_headers(world.practitioner_a))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_instrument_questionnaire_needs_authentication(db: None) -> None:
    response = HttpClient().get("/api/v1/instruments/PHQ-9/fhir")

    assert response.status_code == 401
