"""`ketacare outcomes` and `ketacare export measures`: errors, suppression, the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacare.audit.models import AuditEvent
from ketacare.cli import app
from tests.conftest import World
from tests.outcomes.helpers import course_given

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_outcomes_of_an_unknown_practice_exits_2_with_a_json_error(world: World) -> None:
    result = runner.invoke(app, ["outcomes", "--practice", "nowhere", "--json"])

    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": "no practice has the slug 'nowhere'"}


def test_export_of_an_unknown_practice_exits_2(world: World, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "measures", "--practice", "nowhere", "--csv", str(tmp_path / "x.csv")]
    )

    assert result.exit_code == 2


def test_outcomes_as_someone_who_is_not_a_lead_exits_2(world: World) -> None:
    result = runner.invoke(
        app,
        ["outcomes", "--practice", "practice-a", "--as", world.practitioner_a.email, "--json"],
    )

    assert result.exit_code == 2


def test_outcomes_of_a_small_practice_are_suppressed_and_audited_on_the_cli_channel(
    world: World,
) -> None:
    course_given(world.client_a1, world.lead_a)

    result = runner.invoke(
        app, ["outcomes", "--practice", "practice-a", "--as", world.lead_a.email, "--json"]
    )

    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["n_clients"] is None  # 1 course: under the small-cell threshold
    assert payload["response_rate"] is None
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.channel == "cli"
    assert event.actor_id == world.lead_a.pk
    assert event.extra["object_type"] == "PracticeOutcomes"


def test_outcomes_without_json_prints_a_table(world: World) -> None:
    result = runner.invoke(app, ["outcomes", "--practice", "practice-a"])

    assert result.exit_code == 0, result.output
    assert "response rate" in result.stdout


def test_outcomes_rejects_an_unknown_protocol(world: World) -> None:
    result = runner.invoke(
        app, ["outcomes", "--practice", "practice-a", "--protocol", "nope", "--json"]
    )

    assert result.exit_code == 2
