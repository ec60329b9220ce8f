"""`ketacare score --batch --record`: every safety item reaches the care team as an alert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacare.alerts.models import Alert
from ketacare.cli import app
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.measures.models import QuestionnaireResponse
from tests.conftest import World
from tests.measures.helpers import SAFETY_CASES, lowest_answers, triggering_answers

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _batch(tmp_path: Path, lines: list[dict[str, object]]) -> str:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("code", "flag"), SAFETY_CASES)
def test_every_safety_flag_recorded_by_batch_raises_an_alert(
    world: World, tmp_path: Path, code: str, flag: str
) -> None:
    line: dict[str, object] = {
        "client": str(world.client_a1.public_id),
        "instrument": code,
        "answers": triggering_answers(code, flag),
    }

    result = runner.invoke(
        app,
        [
            "score",
            "--batch",
            _batch(tmp_path, [line]),
            "--record",
            "--as",
            world.practitioner_a.email,
        ],
    )

    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout.splitlines()[0])
    assert flag in output["flags"]
    assert output["alerts_raised"] >= 1
    alert = Alert.objects.get(source_public_id=output["response_id"], code=flag)
    assert alert.client == world.client_a1


def test_batch_record_refuses_a_client_outside_the_actors_care_and_continues(
    world: World, tmp_path: Path
) -> None:
    phq9 = lowest_answers(INSTRUMENTS["PHQ-9"])
    lines: list[dict[str, object]] = [
        {"client": str(world.client_a2.public_id), "instrument": "PHQ-9", "answers": phq9},
        {"client": str(world.client_a1.public_id), "instrument": "PHQ-9", "answers": phq9},
    ]

    result = runner.invoke(
        app,
        [
            "score",
            "--batch",
            _batch(tmp_path, lines),
            "--record",
            "--as",
            world.practitioner_a.email,
        ],
    )

    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2
    assert out[0] == {"error": "no such client, or not one you may record for", "line": 1}
    assert out[1]["instrument"] == "PHQ-9"
    assert QuestionnaireResponse.objects.filter(client=world.client_a2).count() == 0
    assert QuestionnaireResponse.objects.filter(client=world.client_a1).count() == 1


def test_batch_line_naming_a_client_is_refused_without_record(world: World, tmp_path: Path) -> None:
    line: dict[str, object] = {
        "client": str(world.client_a1.public_id),
        "instrument": "PHQ-9",
        "answers": triggering_answers("PHQ-9", "phq9_item9_positive"),
    }

    result = runner.invoke(app, ["score", "--batch", _batch(tmp_path, [line])])

    assert result.exit_code == 2
    assert "--record" in json.loads(result.stdout.splitlines()[0])["error"]
    assert not QuestionnaireResponse.objects.exists()


def test_record_needs_an_actor(world: World, tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "--batch", _batch(tmp_path, []), "--record"])

    assert result.exit_code == 2
    assert "--as" in result.stdout
