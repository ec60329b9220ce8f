"""`ketacare reminders send-due` and `ketacare worker`, in-process and once as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from typer.testing import CliRunner

from ketacare.cli import app
from ketacare.measures.services import assignment_create
from ketacare.reminders.models import ReminderSent
from tests.conftest import World
from tests.reminders.conftest import CaptureOnCommit

pytestmark = pytest.mark.django_db
runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
NOON = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC)


def test_send_due_sends_a_questionnaire_reminder_through_the_real_providers(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assignment = assignment_create(
        actor=world.practitioner_a, client=world.client_a1, instrument_code="GAD-7", due_at=NOON
    )

    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(app, ["reminders", "send-due", "--json"])

    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["sent"] == 1
    assert ReminderSent.objects.get().key.startswith(f"questionnaire:{assignment.public_id}:")
    assert f"/measures/assignments/{assignment.public_id}/" in mail.outbox[0].body
    assert "GAD" not in mail.outbox[0].body


def test_send_due_prints_counts_only(world: World) -> None:
    with time_machine.travel(NOON, tick=False):
        result = runner.invoke(app, ["reminders", "send-due"])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("sent: 0, already sent: 0")
    assert "@" not in result.stdout


def test_the_worker_command_is_registered() -> None:
    result = runner.invoke(app, ["worker", "--help"])

    assert result.exit_code == 0
    assert "task-queue consumer" in result.stdout


@pytest.mark.slow
def test_send_due_runs_as_a_real_subprocess(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(KETACARE_ENV="dev", KETACARE_DATA_DIR=str(tmp_path / "data"))
    command = [sys.executable, "-c", "from ketacare.cli import app; app()"]

    done = subprocess.run(  # noqa: S603  (fixed arguments)
        [*command, "reminders", "send-due", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["sent"] == 0
