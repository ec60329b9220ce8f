"""Production configuration (C26): refuse to start without secrets; pass the deploy checks."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_secret

pytestmark = pytest.mark.security

ROOT = Path(__file__).resolve().parents[2]
# What Django does first at start-up: import the settings module on first access.
IMPORT_SETTINGS = (
    "import django; from django.conf import settings; settings.SECRET_KEY; print('started')"
)
# One interpreter tries every scenario: for each, it swaps the environment, forgets the settings
# modules and lets django.conf.settings import them afresh (one start-up instead of eight).
SCENARIO_RUNNER = """
import json, os, sys
import django
from django.conf import settings
from django.utils.functional import empty

results = {}
for name, env in json.load(sys.stdin).items():
    os.environ.clear()
    os.environ.update(env)
    for module in [m for m in sys.modules if m.startswith(("config.settings", "config.env"))]:
        del sys.modules[module]
    settings._wrapped = empty
    try:
        settings.SECRET_KEY
    except Exception as exc:
        results[name] = f"{type(exc).__name__}: {exc}"
    else:
        results[name] = "started"
print(json.dumps(results))
"""
DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
SECRET_KEY_MESSAGE = "KETACARE_SECRET_KEY must be set to 50+ random characters"
FIELD_KEYS_MESSAGE = "KETACARE_FIELD_KEYS (or KETACARE_FIELD_KEYS_FILE) must be set"
HOSTS_MESSAGE = "KETACARE_ALLOWED_HOSTS must list the served host names"

# name -> (environment changes (None removes), expected ImproperlyConfigured message)
REFUSALS: dict[str, tuple[dict[str, str | None], str]] = {
    "no-secret": ({"KETACARE_SECRET_KEY": None}, SECRET_KEY_MESSAGE),
    "short-secret": ({"KETACARE_SECRET_KEY": "short-but-not-a-default"}, SECRET_KEY_MESSAGE),
    "insecure-secret": (
        {"KETACARE_SECRET_KEY": "django-insecure-" + "x1y2z3" * 10},
        SECRET_KEY_MESSAGE,
    ),
    "no-field-keys": ({"KETACARE_FIELD_KEYS": None}, FIELD_KEYS_MESSAGE),
    "blank-field-keys": ({"KETACARE_FIELD_KEYS": " , "}, FIELD_KEYS_MESSAGE),
    "no-hosts": ({"KETACARE_ALLOWED_HOSTS": None}, HOSTS_MESSAGE),
}


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class ProdRuns:
    scenarios: dict[str, str]  # scenario -> "started" or "<Exception>: <message>"
    refusal_process: Outcome  # a real start-up without a secret key
    deploy_check: Outcome


def _prod_env(data_dir: Path, overrides: dict[str, str | None]) -> dict[str, str]:
    """A production environment with good values, then ``overrides`` (None removes)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KETACARE_") and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "KETACARE_SECRET_KEY": secrets.token_urlsafe(48),
            "KETACARE_FIELD_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
            "KETACARE_ALLOWED_HOSTS": "clinic.example",
            "KETACARE_DATA_DIR": str(data_dir / "data"),
            "DATABASE_URL": f"sqlite:///{data_dir / 'prod.sqlite3'}",
        }
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  (fixed arguments, our own interpreter)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str], stdin: str = "") -> Outcome:
    stdout, stderr = process.communicate(stdin, timeout=60)
    return Outcome(process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def prod_runs(tmp_path_factory: pytest.TempPathFactory) -> ProdRuns:
    """Production start-ups in fresh interpreters (never this process's test settings)."""
    data_dir = tmp_path_factory.mktemp("prod")
    envs = {"good": _prod_env(data_dir, {})}
    envs |= {name: _prod_env(data_dir, changes) for name, (changes, _) in REFUSALS.items()}
    deploy_check = _start(DEPLOY_CHECK, envs["good"])
    refusal = _start(["-c", IMPORT_SETTINGS], envs["no-secret"])
    runner = _start(["-c", SCENARIO_RUNNER], envs["good"])
    scenarios = _finish(runner, json.dumps(envs))
    assert scenarios.returncode == 0, scenarios.stderr
    return ProdRuns(
        scenarios=json.loads(scenarios.stdout),
        refusal_process=_finish(refusal),
        deploy_check=_finish(deploy_check),
    )


def test_prod_settings_start_with_real_secrets_keys_and_hosts(prod_runs: ProdRuns) -> None:
    result = prod_runs.scenarios["good"]

    assert result == "started"


@pytest.mark.parametrize("scenario", list(REFUSALS))
def test_prod_settings_refuse_to_start_without_required_configuration(
    prod_runs: ProdRuns, scenario: str
) -> None:
    message = REFUSALS[scenario][1]

    result = prod_runs.scenarios[scenario]

    assert result == f"ImproperlyConfigured: {message}"


def test_prod_start_up_without_a_secret_key_exits_with_the_error(prod_runs: ProdRuns) -> None:
    result = prod_runs.refusal_process

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {SECRET_KEY_MESSAGE}" in result.stderr
    assert "started" not in result.stdout


def test_prod_deploy_check_reports_no_errors_and_no_project_check_issues(
    prod_runs: ProdRuns,
) -> None:
    result = prod_runs.deploy_check

    output = result.stdout + result.stderr
    assert "ERRORS:" not in output
    assert "ketacare." not in output
    assert "Traceback" not in output
    assert result.returncode == 0 or "SystemCheckError" in output


def test_prod_settings_pass_deploy_checks_at_warning_level(
    prod_runs: ProdRuns,
) -> None:
    result = prod_runs.deploy_check

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please"])
def test_env_bool_rejects_unknown_spellings(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("KETACARE_TEST_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="KETACARE_TEST_FLAG must be a boolean"):
        env_bool("KETACARE_TEST_FLAG")


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), (" ON ", True), ("0", False), ("", False)]
)
def test_env_bool_parses_known_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("KETACARE_TEST_FLAG", raw)

    assert env_bool("KETACARE_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("fifteen", "must be an integer"), ("1.5", "must be an integer"), ("0", "at least 1")],
)
def test_env_int_rejects_non_integers_and_values_below_minimum(
    monkeypatch: pytest.MonkeyPatch, raw: str, message: str
) -> None:
    monkeypatch.setenv("KETACARE_TEST_MINUTES", raw)

    with pytest.raises(ImproperlyConfigured, match=message):
        env_int("KETACARE_TEST_MINUTES", 15, minimum=1)


def test_env_int_reads_a_valid_value_and_defaults_when_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KETACARE_TEST_MINUTES", "20")
    monkeypatch.delenv("KETACARE_TEST_UNSET", raising=False)

    assert env_int("KETACARE_TEST_MINUTES", 15, minimum=1) == 20
    assert env_int("KETACARE_TEST_UNSET", 15, minimum=1) == 15


def test_env_secret_reads_the_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-the-file\n", encoding="utf-8")
    monkeypatch.delenv("KETACARE_TEST_SECRET", raising=False)
    monkeypatch.setenv("KETACARE_TEST_SECRET_FILE", str(secret_file))

    assert env_secret("KETACARE_TEST_SECRET") == "from-the-file"


def test_env_secret_refuses_both_the_variable_and_its_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-the-file", encoding="utf-8")
    monkeypatch.setenv("KETACARE_TEST_SECRET", "direct")
    monkeypatch.setenv("KETACARE_TEST_SECRET_FILE", str(secret_file))

    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("KETACARE_TEST_SECRET")


def test_env_secret_refuses_a_missing_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KETACARE_TEST_SECRET", raising=False)
    monkeypatch.setenv("KETACARE_TEST_SECRET_FILE", str(tmp_path / "absent"))

    with pytest.raises(ImproperlyConfigured, match="missing file"):
        env_secret("KETACARE_TEST_SECRET")
