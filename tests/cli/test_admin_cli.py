"""The operating commands: demo, token create, keys rotate, and one real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacare.accounts.models import ApiToken, Membership, Practice, User
from ketacare.accounts.tokens import token_hash
from ketacare.audit.models import AuditEvent
from ketacare.cli import app
from ketacare.clients.models import Client

pytestmark = pytest.mark.django_db
runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def test_demo_creates_both_practices_and_is_idempotent() -> None:
    first = runner.invoke(app, ["demo", "--password", "a-long-demo-passphrase"])
    counts = (User.objects.count(), Membership.objects.count(), Client.objects.count())
    audit_rows = AuditEvent.objects.count()

    second = runner.invoke(app, ["demo", "--password", "a-long-demo-passphrase"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert set(Practice.objects.values_list("slug", flat=True)) == {
        "demo-practice",
        "other-practice",
    }
    assert counts == (18, 18, 12)
    assert (User.objects.count(), Membership.objects.count(), Client.objects.count()) == counts
    assert AuditEvent.objects.count() == audit_rows  # nothing changed, nothing recorded
    assert "client6@demo.example" in second.output
    assert "lead@other.example" in second.output
    assert User.objects.get(email="client1@demo.example").check_password("a-long-demo-passphrase")


def test_demo_refuses_a_weak_password() -> None:
    result = runner.invoke(app, ["demo", "--password", "short"])

    assert result.exit_code == 2
    assert not User.objects.exists()


def test_token_create_prints_the_token_once_and_stores_only_its_hash() -> None:
    runner.invoke(app, ["demo", "--password", "a-long-demo-passphrase"])

    result = runner.invoke(app, ["token", "create", "practitioner1@demo.example"])

    secret = result.stdout.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert result.exit_code == 0
    assert secret.startswith("kc_")
    assert token.token_hash == token_hash(secret)
    assert not ApiToken.objects.filter(token_hash=secret).exists()
    assert token.user.email == "practitioner1@demo.example"


def test_token_create_for_an_unknown_user_exits_2() -> None:
    result = runner.invoke(app, ["token", "create", "nobody@demo.example"])

    assert result.exit_code == 2
    assert not ApiToken.objects.exists()


def test_keys_rotate_dry_run_reports_and_changes_nothing() -> None:
    runner.invoke(app, ["demo", "--password", "a-long-demo-passphrase"])

    result = runner.invoke(app, ["keys", "rotate", "--dry-run"])

    assert result.exit_code == 0
    assert "would re-encrypt 0 values" in result.stdout


def test_a_fresh_data_directory_needs_no_separate_migrate_step(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(KETACARE_ENV="dev", KETACARE_DATA_DIR=str(tmp_path / "data"))
    command = [sys.executable, "-c", "from ketacare.cli import app; app()"]

    demo = subprocess.run(  # noqa: S603  (our own interpreter and command)
        [*command, "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    verify = subprocess.run(  # noqa: S603
        [*command, "audit", "verify", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert demo.returncode == 0, demo.stderr
    assert "calm-river-stone-42" in demo.stdout
    assert verify.returncode == 0, verify.stderr
    assert '"ok": true' in verify.stdout
    assert (tmp_path / "data" / "ketacare.sqlite3").exists()
