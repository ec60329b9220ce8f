"""`ketacare screen`: the PROFILE.json contract, --codes, --schema, and bad input (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ketacare.cli import app

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data and command output

HEALTHY: JsonDict = {
    "age": 40,
    "planned_drug": "racemic_ketamine",
    "planned_route": "iv",
    "setting": "clinic",
    "diagnoses": ["treatment_resistant_depression"],
    "conditions": [],
    "substance_use": [],
    "medications": [{"name": "sertraline", "daily_dose_mg": 100}],
    "vitals": {"sbp": 120, "dbp": 78, "hr": 70, "spo2": 98},
    "pregnant": False,
    "breastfeeding": False,
    "hepatic_function": "normal",
    "suicidality": "none",
    "escort_available": True,
    "allergies": [],
}
REVIEW: JsonDict = {
    **HEALTHY,
    "vitals": {"sbp": 150, "dbp": 85, "spo2": 98},
    "medications": [{"name": "Xanax", "daily_dose_mg": 0.5}],
}


def _invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["screen", *args], input=stdin)


def _write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_screen_json_prints_the_contract_result(tmp_path: Path) -> None:
    result = _invoke(_write(tmp_path, REVIEW), "--json")

    payload = json.loads(result.stdout)
    assert result.exit_code == 0
    assert payload["eligibility"] == "review"
    assert [flag["code"] for flag in payload["flags"]] == ["DDI_BENZO_HIGH", "REL_BP_ELEVATED"]
    assert all(set(flag) == {"code", "severity", "reason", "source"} for flag in payload["flags"])


def test_screen_reads_the_profile_from_stdin_with_a_dash() -> None:
    result = _invoke("-", "--json", stdin=json.dumps(HEALTHY))

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"eligibility": "yes", "flags": []}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {**HEALTHY, "medications": [{"name": "x", "dose": 1}]},
            "medications[0].dose: unknown field",
        ),
        ({**HEALTHY, "conditions": ["gout"]}, "conditions[0]: unknown code 'gout'"),
        ({**HEALTHY, "age": "forty"}, "age: must be a whole number"),
        ([1, 2], "profile: must be a JSON object"),
    ],
)
def test_screen_json_reports_an_invalid_profile_naming_the_field(
    tmp_path: Path, data: object, error: str
) -> None:
    result = _invoke(_write(tmp_path, data), "--json")

    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"].startswith(error)


def test_screen_reports_malformed_json_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"age": 40,\n  "sex": }', encoding="utf-8")

    result = _invoke(str(path), "--json")

    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": "PROFILE.json: malformed JSON at line 2 column 10: Expecting value"
    }


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("missing.json", None, "PROFILE.json: file not found"),
        ("latin1.json", b'{"allergies": ["\xe9"]}', "PROFILE.json: cannot read"),
        ("folder", "dir", "PROFILE.json: cannot read"),
    ],
)
def test_screen_reports_an_unreadable_profile(
    tmp_path: Path, name: str, content: bytes | str | None, error: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)

    result = _invoke(str(path), "--json")

    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"].startswith(error)


def test_screen_without_json_reports_bad_input_on_stderr(tmp_path: Path) -> None:
    result = _invoke(_write(tmp_path, {**HEALTHY, "age": -3}))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: age: must be a whole number 0-120 years")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((), "PROFILE.json is required (or use --codes or --schema)"),
        (("--codes", "--schema"), "use --codes or --schema, not both"),
        (("profile.json", "--codes"), "PROFILE.json is not used with --codes or --schema"),
    ],
)
def test_screen_rejects_missing_or_conflicting_arguments(args: tuple[str, ...], error: str) -> None:
    result = _invoke(*args, "--json")

    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"error": error}


def test_screen_prints_a_table_without_json(tmp_path: Path) -> None:
    result = _invoke(_write(tmp_path, REVIEW))

    assert result.exit_code == 0
    assert result.stdout.startswith("Eligibility: review (Clinician review needed)")
    assert "DDI_BENZO_HIGH" in result.stdout
    assert "REL_BP_ELEVATED" in result.stdout


def test_screen_says_when_there_are_no_flags(tmp_path: Path) -> None:
    result = _invoke(_write(tmp_path, HEALTHY))

    assert result.exit_code == 0
    assert result.stdout == "Eligibility: yes (Eligible)\nNo flags.\n"


def test_screen_codes_json_lists_every_vocabulary_drugs_and_rules() -> None:
    result = _invoke("--codes", "--json")

    payload = json.loads(result.stdout)
    assert result.exit_code == 0
    assert {
        "conditions",
        "diagnoses",
        "planned_drug",
        "planned_route",
        "setting",
        "substance",
        "substance_status",
        "substance_severity",
        "substance_pattern",
        "drugs",
        "rules",
    } <= set(payload)
    assert {"code": "cerebral_avm", "label": "Cerebral arteriovenous malformation"} in payload[
        "conditions"
    ]
    alprazolam = next(drug for drug in payload["drugs"] if drug["name"] == "alprazolam")
    assert alprazolam["dze_factor"] == 20.0
    assert "xanax" in alprazolam["aliases"]
    assert {rule["evidence"] for rule in payload["rules"]} == {"V", "R", "P"}


def test_screen_codes_prints_tables_without_json() -> None:
    result = _invoke("--codes")

    assert result.exit_code == 0
    assert "abdominal_aortic_aneurysm" in result.stdout
    assert "alprazolam" in result.stdout
    assert "CI_BP_SEVERE" in result.stdout


def test_screen_schema_prints_the_json_schema() -> None:
    result = _invoke("--schema")

    schema = json.loads(result.stdout)
    assert result.exit_code == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "medications" in schema["required"]


def test_screen_runs_as_a_real_process(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from ketacare.cli import app; app()", "screen"]

    completed = subprocess.run(  # noqa: S603  (fixed interpreter and arguments)
        [*command, _write(tmp_path, REVIEW), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["eligibility"] == "review"
