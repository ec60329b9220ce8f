"""`GET /api/v1/outcomes/practice`: the `ketacare outcomes --json` contract, for leads."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ketacare.cli import app
from tests.conftest import World, signed_in
from tests.outcomes.test_acceptance import CONTRACT, write_practice  # shared data

pytestmark = pytest.mark.django_db
URL = "/api/v1/outcomes/practice"


def test_a_lead_gets_the_same_outcomes_as_the_command(world: World) -> None:
    write_practice(world)

    response = signed_in(world.lead_a).get(URL)
    command = CliRunner().invoke(app, ["outcomes", "--practice", "practice-a", "--json"])

    assert response.status_code == 200
    assert set(response.json()) == CONTRACT
    assert response.json() == json.loads(command.stdout)
    assert response.json()["n_with_followup"] == 32


def test_filters_narrow_the_courses(world: World) -> None:
    write_practice(world)
    http = signed_in(world.lead_a)

    other = http.get(f"{URL}?protocol=spravato").json()
    none_yet = http.get(f"{URL}?start=2099-01-01").json()

    assert other["n_clients"] == 0
    assert none_yet["n_clients"] == 0


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?protocol=not-a-protocol", "invalid_protocol"),
        ("?start=2025-05-01&end=2025-01-01", "invalid_end"),
        ("?start=yesterday", "invalid_input"),
    ],
)
def test_bad_filters_get_a_422_naming_the_field(world: World, query: str, code: str) -> None:
    response = signed_in(world.lead_a).get(f"{URL}{query}")

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["detail"]


@pytest.mark.parametrize("persona", ["practitioner_a", "operator"])
def test_only_leads_may_read_practice_outcomes(world: World, persona: str) -> None:
    response = signed_in(getattr(world, persona)).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
