"""Measures API: instruments, submitting and listing responses (scoped, audited, one shape)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client as HttpClient

from ketacare.accounts.models import User
from ketacare.accounts.services import api_token_create
from ketacare.alerts.models import Alert
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.services import SOURCE_TYPE
from tests.conftest import World
from tests.measures.helpers import SAFETY_CASES, triggering_answers

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db
PHQ9_ZEROES = {str(n): 0 for n in range(1, 10)}


def _headers(user: User | None) -> dict[str, Any]:
    assert user is not None
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user).secret}"}


def _url(client: Client) -> str:
    return f"/api/v1/clients/{client.public_id}/responses"


def _post(user: User | None, client: Client, body: dict[str, Any]) -> Response:
    return HttpClient().post(
        _url(client), json.dumps(body), content_type="application/json", **_headers(user)
    )


def test_instruments_lists_every_instrument_with_items(world: World) -> None:
    response = HttpClient().get("/api/v1/instruments", **_headers(world.practitioner_a))

    assert response.status_code == 200
    body = response.json()
    assert [i["code"] for i in body] == list(INSTRUMENTS)
    phq9 = body[0]
    assert len(phq9["items"]) == len(INSTRUMENTS["PHQ-9"].items)


def test_client_submits_a_response_and_gets_the_score(world: World) -> None:
    before = AuditEvent.objects.count()

    response = _post(
        world.client_a1.user,
        world.client_a1,
        {"instrument": "PHQ-9", "answers": {**PHQ9_ZEROES, "1": 2}},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["instrument"] == "PHQ-9"
    assert body["total"] == 2
    assert body["score"]["total"] == 2
    assert body["client_id"] == str(world.client_a1.public_id)
    stored = QuestionnaireResponse.objects.get(public_id=body["id"])
    assert AuditEvent.objects.filter(
        seq__gt=before, action="create", object_public_id=stored.public_id
    ).exists()


def test_invalid_answers_are_422_naming_the_item(world: World) -> None:
    response = _post(
        world.practitioner_a,
        world.client_a1,
        {"instrument": "PHQ-9", "answers": {**PHQ9_ZEROES, "7": 9}},
    )

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "invalid_answers"
    assert "item 7" in body["detail"]


def test_unknown_instrument_is_422(world: World) -> None:
    response = _post(world.practitioner_a, world.client_a1, {"instrument": "XYZ", "answers": {}})

    assert response.status_code == 422
    assert response.json()["code"] == "unknown_instrument"


def test_unknown_body_fields_are_refused(world: World) -> None:
    response = _post(
        world.practitioner_a,
        world.client_a1,
        {"instrument": "PHQ-9", "answers": PHQ9_ZEROES, "submitted_by": "someone"},
    )

    assert response.status_code == 422
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize("persona", ["client_a2", "practitioner_a2", "practitioner_b", "lead_b"])
def test_submitting_for_a_client_outside_scope_is_404(world: World, persona: str) -> None:
    actor = getattr(world, persona)
    user = actor.user if isinstance(actor, Client) else actor

    response = _post(user, world.client_a1, {"instrument": "PHQ-9", "answers": PHQ9_ZEROES})

    assert response.status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_lead_not_on_the_care_team_may_read_but_not_submit(world: World) -> None:
    submitted = _post(
        world.lead_a, world.client_a1, {"instrument": "PHQ-9", "answers": PHQ9_ZEROES}
    )
    listed = HttpClient().get(_url(world.client_a1), **_headers(world.lead_a))

    assert submitted.status_code == 403
    assert listed.status_code == 200


def test_client_cannot_submit_a_clinician_rated_instrument(world: World) -> None:
    answers = {str(n): 0 for n in range(1, 11)}

    response = _post(
        world.client_a1.user, world.client_a1, {"instrument": "MADRS", "answers": answers}
    )

    assert response.status_code == 403


def test_response_list_is_scoped_and_audited(world: World) -> None:
    _post(world.practitioner_a, world.client_a1, {"instrument": "PHQ-9", "answers": PHQ9_ZEROES})
    before = AuditEvent.objects.count()

    mine = HttpClient().get(_url(world.client_a1), **_headers(world.practitioner_a))
    other = HttpClient().get(_url(world.client_a1), **_headers(world.practitioner_b))

    assert [r["instrument"] for r in mine.json()] == ["PHQ-9"]
    assert other.status_code == 404
    listed = AuditEvent.objects.filter(seq__gt=before, action="list").first()
    assert listed is not None
    assert listed.extra["object_type"] == "QuestionnaireResponse"


@pytest.mark.parametrize(("code", "flag"), SAFETY_CASES)
def test_every_safety_flag_through_the_api_raises_an_alert(
    world: World, code: str, flag: str
) -> None:
    actor = world.practitioner_a if INSTRUMENTS[code].clinician_rated else world.client_a1.user

    response = _post(
        actor, world.client_a1, {"instrument": code, "answers": triggering_answers(code, flag)}
    )

    assert response.status_code == 201
    assert flag in response.json()["flags"]
    assert Alert.objects.filter(
        source_type=SOURCE_TYPE, source_public_id=response.json()["id"], code=flag
    ).exists()
