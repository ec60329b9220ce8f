"""The journal API: create, list, read; scoped, audited, one error shape."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from ketacare.accounts.models import User
from ketacare.accounts.services import api_token_create
from ketacare.audit.models import AuditEvent
from ketacare.journal.models import Entry, Prompt
from tests.conftest import World
from tests.journal.helpers import SECRET, entry_of
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/journal/entries"


def _bearer(user: User) -> HttpClient:
    secret = api_token_create(actor=user, user=user).secret
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _post(http: HttpClient, payload: dict[str, object]) -> tuple[int, dict[str, object]]:
    response = http.post(URL, json.dumps(payload), content_type="application/json")
    return response.status_code, response.json()


def test_client_posts_an_entry_and_gets_201_with_its_id(world: World) -> None:
    http = _bearer(user_of(world.client_a1))
    prompt = Prompt.objects.get(code="w1-body")

    status, body = _post(
        http, {"body": SECRET, "prompt_id": str(prompt.public_id), "shared_with_care_team": True}
    )

    assert status == 201
    entry = Entry.objects.get(public_id=str(body["id"]))
    assert (entry.body, entry.prompt, entry.phase) == (SECRET, prompt, "1w")
    assert entry.shared_with_care_team
    assert AuditEvent.objects.filter(action="create", object_public_id=entry.public_id).exists()


def test_phase_defaults_to_the_clients_current_phase(world: World) -> None:
    status, body = _post(_bearer(user_of(world.client_a1)), {"body": "ZZ"})

    assert status == 201
    assert body["phase"] == "preparation"
    assert body["shared_with_care_team"] is False


@pytest.mark.parametrize(
    "payload",
    [
        {"body": ""},
        {"body": "x", "phase": "tomorrow"},
        {"body": "x", "unexpected": 1},
        {"body": "x", "prompt_id": "00000000-0000-4000-8000-000000000000"},
        {},
    ],
)
def test_invalid_input_is_422_json(world: World, payload: dict[str, object]) -> None:
    status, body = _post(_bearer(user_of(world.client_a1)), payload)

    assert status == 422
    assert set(body) == {"detail", "code"}


def test_staff_cannot_post_entries(world: World) -> None:
    status, body = _post(_bearer(world.practitioner_a), {"body": "x"})

    assert status == 403
    assert body["code"] == "forbidden"


def test_list_and_get_follow_the_sharing_rules(world: World) -> None:
    private = entry_of(world.client_a1, "ZZ-private")
    shared = entry_of(world.client_a1, "ZZ-shared", shared=True)
    own = _bearer(user_of(world.client_a1))
    team = _bearer(world.practitioner_a)
    other = _bearer(world.practitioner_b)

    own_ids = {e["id"] for e in own.get(URL).json()}
    team_ids = {e["id"] for e in team.get(URL, {"client": str(world.client_a1.public_id)}).json()}

    assert own_ids == {str(private.public_id), str(shared.public_id)}
    assert team_ids == {str(shared.public_id)}
    assert team.get(f"{URL}/{shared.public_id}").json()["body"] == "ZZ-shared"
    assert team.get(f"{URL}/{private.public_id}").status_code == 404
    assert other.get(f"{URL}/{shared.public_id}").status_code == 404
    assert other.get(URL, {"client": str(world.client_a1.public_id)}).status_code == 404
    assert other.get(URL).json() == []
    assert HttpClient().get(URL).status_code == 401


def test_unknown_id_is_404_json(world: World) -> None:
    response = _bearer(user_of(world.client_a1)).get(f"{URL}/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_missing_key_is_a_clear_503_json(world: World) -> None:
    entry = entry_of(world.client_a1)
    http = _bearer(user_of(world.client_a1))
    other = "other:" + base64.b64encode(bytes([9]) * 32).decode("ascii")

    with override_settings(FIELD_ENCRYPTION_KEYS=[other]):
        response = http.get(f"{URL}/{entry.public_id}")

    assert response.status_code == 503
    assert response.json()["code"] == "key_unavailable"
