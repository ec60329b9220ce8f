"""API: daily check-ins, commitments and their check-ins — scoped, audited, one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as HttpClient

from ketacare.accounts.models import User
from ketacare.accounts.services import api_token_create
from ketacare.audit.models import AuditEvent
from ketacare.integration.models import DailyCheckIn
from tests.conftest import World
from tests.integration_app.helpers import commitment
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db
API = "/api/v1/integration"


def _auth(user: User) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user).secret}"}


def _post(user: User, path: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    response = HttpClient().post(
        path, json.dumps(body), content_type="application/json", **_auth(user)
    )
    return response.status_code, response.json()


def test_client_posts_a_daily_check_in_and_reads_it_back(world: World) -> None:
    client_user = user_of(world.client_a1)
    item = commitment(world.client_a1)

    status, body = _post(
        client_user,
        f"{API}/checkins",
        {"mood": 6, "anxiety": 3, "sleep_quality": 7, "practices": [str(item.public_id)]},
    )
    listed = HttpClient().get(f"{API}/checkins", **_auth(client_user)).json()
    one = HttpClient().get(f"{API}/checkins/{body['id']}", **_auth(world.practitioner_a))

    assert status == 201
    assert body["practices"] == [str(item.public_id)]
    assert [row["id"] for row in listed] == [body["id"]]
    assert one.status_code == 200
    assert AuditEvent.objects.filter(object_type="DailyCheckIn", action="view").exists()


def test_care_team_reads_a_clients_check_ins_and_others_get_404(world: World) -> None:
    _post(
        user_of(world.client_a1), f"{API}/checkins", {"mood": 6, "anxiety": 3, "sleep_quality": 7}
    )
    path = f"{API}/checkins?client_id={world.client_a1.public_id}"

    mine = HttpClient().get(path, **_auth(world.practitioner_a))
    other = HttpClient().get(path, **_auth(world.practitioner_a2))
    foreign = HttpClient().get(path, **_auth(world.lead_b))

    assert (mine.status_code, len(mine.json())) == (200, 1)
    assert other.status_code == foreign.status_code == 404
    assert other.json() == {"detail": "Not found.", "code": "not_found"}


def test_out_of_range_mood_and_extra_fields_are_422(world: World) -> None:
    client_user = user_of(world.client_a1)

    bad_mood = _post(client_user, f"{API}/checkins", {"mood": 11, "anxiety": 3, "sleep_quality": 7})
    extra = _post(
        client_user, f"{API}/checkins", {"mood": 1, "anxiety": 3, "sleep_quality": 7, "x": 1}
    )
    foreign = _post(
        client_user,
        f"{API}/checkins",
        {
            "mood": 1,
            "anxiety": 3,
            "sleep_quality": 7,
            "practices": [str(world.client_a2.public_id)],
        },
    )

    assert bad_mood[0] == extra[0] == foreign[0] == 422
    assert foreign[1]["code"] == "invalid_practices"
    assert not DailyCheckIn.objects.exists()


def test_staff_cannot_post_a_check_in(world: World) -> None:
    status, body = _post(
        world.practitioner_a, f"{API}/checkins", {"mood": 6, "anxiety": 3, "sleep_quality": 7}
    )

    assert (status, body["code"]) == (404, "not_found")


def test_client_creates_a_commitment_and_checks_in_on_it(world: World) -> None:
    client_user = user_of(world.client_a1)

    status, created = _post(
        client_user,
        f"{API}/commitments",
        {
            "domain": "emotional_regulation",
            "next_step": "Three slow breaths before replying",
            "cadence": "weekdays",
            "start_on": "2030-01-07",
            "review_on": "2030-02-04",
        },
    )
    check_status, check_in = _post(
        client_user, f"{API}/commitments/{created['id']}/checkins", {"outcome": "partly"}
    )
    listed = (
        HttpClient()
        .get(f"{API}/commitments/{created['id']}/checkins", **_auth(world.lead_a))
        .json()
    )

    assert (status, check_status) == (201, 201)
    assert check_in["outcome"] == "partly"
    assert [row["id"] for row in listed] == [check_in["id"]]


def test_commitment_errors_use_the_one_error_shape(world: World) -> None:
    status, body = _post(
        user_of(world.client_a1),
        f"{API}/commitments",
        {
            "domain": "behaviour",
            "next_step": "Walk",
            "cadence": "daily",
            "start_on": "2030-01-07",
            "review_on": "2030-01-01",
        },
    )

    assert (status, body["code"]) == (422, "invalid_review_on")


def test_care_team_may_not_check_in_for_the_client(world: World) -> None:
    item = commitment(world.client_a1)

    status, body = _post(
        world.practitioner_a, f"{API}/commitments/{item.public_id}/checkins", {"outcome": "done"}
    )

    assert (status, body["code"]) == (403, "forbidden")


def test_another_clients_commitment_is_404(world: World) -> None:
    item = commitment(world.client_a1)

    response = HttpClient().get(
        f"{API}/commitments/{item.public_id}", **_auth(user_of(world.client_a2))
    )

    assert response.status_code == 404
