"""`ketacare pk`: the JSON contract, the human table and bad input (exit 2 with an error)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from ketacare.cli import app

JsonDict = dict[str, Any]  # Any: JSON command output
CONTRACT_KEYS = {
    "drug",
    "route",
    "dose_mg",
    "cmax_ng_ml",
    "tmax_min",
    "tmax_after_last_dose_min",
    "auc_0_24_ng_h_ml",
    "auc_inf_ng_h_ml",
    "terminal_half_life_h",
    "bioavailability",
    "metabolite",
    "series",
    "sampling",
    "model",
}
runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, ["pk", *args])


def run_json(*args: str) -> JsonDict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    payload: JsonDict = json.loads(result.stdout)
    return payload


def test_iv_weight_based_dose_returns_the_contract() -> None:
    payload = run_json(
        "--drug",
        "racemic_ketamine",
        "--route",
        "iv",
        "--dose-mg-per-kg",
        "0.5",
        "--weight-kg",
        "70",
        "--infusion-min",
        "40",
    )

    assert payload.keys() >= CONTRACT_KEYS
    assert payload["drug"] == "racemic_ketamine"
    assert payload["route"] == "iv"
    assert payload["dose_mg"] == pytest.approx(35.0)
    assert 100 <= payload["cmax_ng_ml"] <= 250
    assert payload["tmax_min"] == 40
    assert payload["sampling"] == "venous"
    assert payload["model"] == "domino"
    assert set(payload["metabolite"]) == {"name", "cmax_ng_ml", "tmax_min"}
    assert payload["metabolite"]["name"] == "norketamine"


def test_series_covers_six_hours_at_one_minute_by_default() -> None:
    payload = run_json("--drug", "racemic_ketamine", "--route", "im", "--dose-mg", "50")

    series = payload["series"]
    assert len(series) == 361
    assert series[0] == [0.0, 0.0]
    assert series[-1][0] == 360.0
    assert max(c for _, c in series) == pytest.approx(payload["cmax_ng_ml"], rel=1e-3)


def test_step_option_thins_the_series() -> None:
    payload = run_json(
        "--drug", "racemic_ketamine", "--route", "oral", "--dose-mg", "100", "--step-min", "30"
    )

    assert [t for t, _ in payload["series"]] == [30.0 * i for i in range(13)]


@pytest.mark.parametrize("args", [("--devices", "3"), ("--dose-mg", "84")])
def test_esketamine_nasal_spray_by_devices_or_dose(args: tuple[str, str]) -> None:
    payload = run_json("--drug", "esketamine", "--route", "intranasal", *args)

    assert payload["dose_mg"] == 84.0
    assert payload["cmax_ng_ml"] == pytest.approx(101.0, rel=0.02)
    assert 20 <= payload["tmax_after_last_dose_min"] <= 40
    assert payload["metabolite"]["name"] == "noresketamine"
    assert payload["model"] == "perez_ruixo_2021"


def test_alternative_model_is_selectable_and_reports_its_sampling_site() -> None:
    payload = run_json(
        "--drug",
        "racemic_ketamine",
        "--route",
        "iv",
        "--dose-mg",
        "35",
        "--infusion-min",
        "40",
        "--model",
        "kamp_arterial",
    )

    assert payload["model"] == "kamp_arterial"
    assert payload["sampling"] == "arterial"


def test_intranasal_bioavailability_is_an_input() -> None:
    low = run_json(
        "--drug",
        "racemic_ketamine",
        "--route",
        "intranasal",
        "--dose-mg",
        "30",
        "--bioavailability",
        "0.13",
    )

    assert low["bioavailability"] == pytest.approx(0.13)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--route", "iv", "--dose-mg", "10"), "--drug is required"),
        (("--drug", "racemic_ketamine", "--dose-mg", "10"), "--route is required"),
        (("--drug", "lsd", "--route", "iv", "--dose-mg", "10"), "unknown drug"),
        (("--drug", "racemic_ketamine", "--route", "rectal", "--dose-mg", "10"), "unknown route"),
        (("--drug", "esketamine", "--route", "iv", "--dose-mg", "28"), "no published model"),
        (("--drug", "racemic_ketamine", "--route", "iv"), "exactly one of"),
        (
            (
                "--drug",
                "racemic_ketamine",
                "--route",
                "iv",
                "--dose-mg",
                "35",
                "--dose-mg-per-kg",
                "0.5",
                "--weight-kg",
                "70",
            ),
            "exactly one of",
        ),
        (
            ("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg-per-kg", "0.5"),
            "needs weight_kg",
        ),
        (("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg", "-5"), "positive"),
        (("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg", "ten"), "must be a number"),
        (("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg", "nan"), "finite"),
        (
            (
                "--drug",
                "racemic_ketamine",
                "--route",
                "iv",
                "--dose-mg",
                "10",
                "--weight-kg",
                "400",
            ),
            "between 20 and 300",
        ),
        (
            (
                "--drug",
                "racemic_ketamine",
                "--route",
                "oral",
                "--dose-mg",
                "10",
                "--infusion-min",
                "30",
            ),
            "IV route only",
        ),
        (
            (
                "--drug",
                "racemic_ketamine",
                "--route",
                "iv",
                "--dose-mg",
                "10",
                "--infusion-min",
                "0",
            ),
            "infusion_min must be > 0",
        ),
        (("--drug", "esketamine", "--route", "intranasal", "--devices", "4"), "1, 2 or 3"),
        (("--drug", "esketamine", "--route", "intranasal", "--devices", "1.5"), "whole number"),
        (
            ("--drug", "esketamine", "--route", "intranasal", "--devices", "2", "--dose-mg", "84"),
            "does not match",
        ),
        (("--drug", "esketamine", "--route", "intranasal", "--dose-mg", "30"), "multiple of 28"),
        (
            ("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg", "10", "--model", "hijazi"),
            "unknown model",
        ),
        (
            ("--drug", "racemic_ketamine", "--route", "iv", "--dose-mg", "10", "--step-min", "0"),
            "step_min",
        ),
    ],
)
def test_bad_input_exits_2_with_a_json_error(args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--json")

    assert result.exit_code == 2
    assert message in json.loads(result.stdout)["error"]


def test_bad_input_without_json_goes_to_stderr() -> None:
    result = run("--drug", "lsd", "--route", "iv", "--dose-mg", "10")

    assert result.exit_code == 2
    assert "error: unknown drug" in result.stderr


def test_human_output_is_a_summary_table() -> None:
    result = run("--drug", "esketamine", "--route", "intranasal", "--devices", "2")

    assert result.exit_code == 0
    assert "Cmax" in result.stdout
    assert "noresketamine" in result.stdout
    assert "perez_ruixo_2021" in result.stdout


def test_real_subprocess_prints_json() -> None:
    command = [
        sys.executable,
        "-c",
        "from ketacare.cli import app; app()",
        "pk",
        "--drug",
        "racemic_ketamine",
        "--route",
        "sublingual",
        "--dose-mg",
        "25",
        "--json",
    ]

    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)  # noqa: S603

    assert completed.returncode == 0, completed.stderr
    payload = json.loads(completed.stdout)
    assert 22.0 <= payload["cmax_ng_ml"] <= 35.2
    assert payload["metabolite"]["cmax_ng_ml"] > payload["cmax_ng_ml"]
