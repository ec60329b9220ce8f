"""`GET /api/v1/caseload`: the caseload's rows as JSON, audited, for practitioners and leads."""

from __future__ import annotations

import pytest

from ketacare.accounts.services import api_token_create
from ketacare.audit.models import AuditEvent
from tests.caseload import helpers as h
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db
URL = "/api/v1/caseload"


def test_a_practitioner_gets_their_caseload_in_order_with_reasons(world: World) -> None:
    h.alert(world.client_a1, "urgent", code="bp_stop")
    h.follow_up(world.client_a1, h.days_ago(3))
    by = world.practitioner_a
    secret = api_token_create(actor=by, user=by).secret

    response = signed_in(None).get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["counts"] == {"all": 1, "attention": 1, "rems": 0, "relapse": 0}
    assert body["missed_check_in_days"] == 3
    (row,) = body["items"]
    assert row["client_id"] == str(world.client_a1.public_id)
    assert (row["urgent_alert"], row["stop_alert"], row["score"]) == (True, True, 100 + 5 + 3)
    assert [(r["kind"], r["severity"], r["label"]) for r in row["reasons"]] == [
        ("urgent_alert", "urgent", "1 urgent alert: dosing stopped"),
        ("follow_up", "low", "1 follow-up due"),
    ]
    assert row["reasons"][1]["on"] == h.days_ago(3).isoformat()


def test_the_api_filters_pages_and_audits_the_ids_it_returns(world: World) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 4, "Api")
    for client in made[:2]:
        h.alert(client, "review")
    http = signed_in(world.lead_a)
    before = AuditEvent.objects.count()

    first = http.get(f"{URL}?show=attention&limit=1").json()
    second = http.get(f"{URL}?show=attention&limit=1&offset=1").json()

    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["client_id"] != second["items"][0]["client_id"]
    events = list(AuditEvent.objects.filter(seq__gt=before, action="list"))
    assert [e.extra["client_ids"] for e in events] == [
        [first["items"][0]["client_id"]],
        [second["items"][0]["client_id"]],
    ]


@pytest.mark.parametrize("query", ["?show=everything", "?limit=0", "?limit=201", "?offset=-1"])
def test_bad_parameters_get_a_422_with_a_message(world: World, query: str) -> None:
    response = signed_in(world.lead_a).get(f"{URL}{query}")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_clients_get_a_403_in_json(world: World) -> None:
    assert world.client_a1.user is not None
    response = signed_in(world.client_a1.user).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
