"""`ketacare instruments`, `score` and `change`: in-process via Typer's runner, once for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacare.cli import app

REPO = Path(__file__).resolve().parents[2]
PHQ9 = {"1": 3, "2": 3, "3": 2, "4": 2, "5": 1, "6": 0, "7": 0, "8": 0, "9": 1}
GAD7 = {str(n): 1 for n in range(1, 8)}

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_instruments_json_lists_every_code_with_licence_and_loinc() -> None:
    code, out, _ = run("instruments", "--json")

    listed = json.loads(out)
    assert code == 0
    assert [entry["code"] for entry in listed][:3] == ["PHQ-9", "PHQ-2", "GAD-7"]
    assert len(listed) == 17
    phq9 = listed[0]
    assert phq9["loinc_panel"] == "44249-1"
    assert phq9["licence"] == "free"
    assert phq9["items"] == 9
    assert phq9["flags"] == [
        {"name": "phq9_item9_positive", "severity": "review", "is_safety": True}
    ]
    assert phq9["bands"][0] == {"label": "none-minimal", "low": 0, "high": 4}


def test_instruments_table_by_default() -> None:
    code, out, _ = run("instruments")

    assert code == 0
    for text in ("Code", "LOINC", "C-SSRS", "CADSS-6", "categorical", "licensed"):
        assert text in out


def test_score_json_prints_the_contract_dict() -> None:
    code, out, _ = run("score", "PHQ 9", "--answers", json.dumps(PHQ9), "--json")

    assert code == 0
    result = json.loads(out)
    assert set(result) == {"instrument", "total", "band", "subscales", "flags", "details"}
    assert (result["instrument"], result["total"], result["band"]) == ("PHQ-9", 12, "moderate")
    assert result["flags"] == ["phq9_item9_positive"]


def test_score_passes_context() -> None:
    answers = json.dumps({"1": 2, "2": 1, "3": 0})

    _, male, _ = run(
        "score", "AUDIT-C", "--answers", answers, "--context", '{"sex": "male"}', "--json"
    )
    _, female, _ = run(
        "score", "AUDIT-C", "--answers", answers, "--context", '{"sex": "female"}', "--json"
    )

    assert json.loads(male)["details"]["positive"] is False
    assert json.loads(female)["details"]["positive"] is True


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["PHQ-9", "--answers", json.dumps({**PHQ9, "9": 4})],
            "PHQ-9 item 9: value 4 is out of range 0–3",
        ),
        (["PHQ-9", "--answers", json.dumps({**PHQ9, "12": 0})], "PHQ-9 has no item 12"),
        (["GAD-7", "--answers", '{"1": 1}'], "GAD-7 item 2 is missing"),
        (["PHQ-9", "--answers", "[1, 2]"], "--answers must be a JSON object"),
        (
            ["PCL-5", "--answers", "{}", "--context", '{"cutoff": 40}'],
            "PCL-5 context cutoff: 40 is not an integer from 31 to 33",
        ),
        (["PHQ-9"], "give INSTRUMENT and --answers, or --batch FILE"),
    ],
)
def test_score_bad_input_exits_2_with_an_error_naming_the_item(args: list[str], error: str) -> None:
    code, out, _ = run("score", *args, "--json")

    assert code == 2
    assert json.loads(out) == {"error": error}


def test_score_malformed_json_exits_2() -> None:
    code, out, _ = run("score", "PHQ-9", "--answers", "{1: 2", "--json")

    assert code == 2
    assert json.loads(out)["error"].startswith("--answers is not valid JSON")


def test_score_unknown_instrument_lists_codes() -> None:
    code, out, _ = run("score", "PHQ-8", "--answers", "{}", "--json")

    assert code == 2
    assert "valid codes: PHQ-9, PHQ-2" in json.loads(out)["error"]


def test_score_human_output_is_a_short_summary() -> None:
    code, out, _ = run("score", "phq9", "--answers", json.dumps(PHQ9))

    assert code == 0
    assert "PHQ-9 total 12 (moderate)" in out
    assert "FLAG phq9_item9_positive (review)" in out


def test_score_human_output_shows_subscales_and_categorical_totals() -> None:
    _, pcl5, _ = run("score", "PCL-5", "--answers", json.dumps({str(n): 1 for n in range(1, 21)}))
    _, cssrs, _ = run("score", "C-SSRS", "--answers", '{"1": 0, "2": 0, "6": 0}')

    assert "cluster_b: 5" in pcl5
    assert "C-SSRS total — (none)" in cssrs


def test_score_human_bad_input_goes_to_stderr() -> None:
    code, out, err = run("score", "PHQ-9", "--answers", "{}")

    assert code == 2
    assert out == ""
    assert "error: PHQ-9 item 1 is missing" in err


def test_batch_from_stdin_scores_in_order_and_exits_2_after_a_bad_line() -> None:
    lines = [
        json.dumps({"instrument": "GAD-7", "answers": GAD7}),
        "not json",
        "",
        json.dumps({"instrument": "phq9", "answers": {**PHQ9, "9": 5}}),
        json.dumps(
            {
                "instrument": "AUDIT-C",
                "answers": {"1": 1, "2": 1, "3": 1},
                "context": {"sex": "male"},
            }
        ),
        json.dumps([1]),
        json.dumps({"instrument": 9, "answers": {}}),
        json.dumps({"instrument": "GAD-7", "answers": GAD7, "id": 3}),
        json.dumps({"instrument": "GAD-7", "answers": [1]}),
    ]

    code, out, _ = run("score", "--batch", "-", stdin="\n".join(lines) + "\n")

    results = json_lines(out)
    assert code == 2
    assert results[0]["total"] == 7
    assert results[1]["line"] == 2
    assert str(results[1]["error"]).startswith("not valid JSON")
    assert results[2] == {"error": "PHQ-9 item 9: value 5 is out of range 0–3", "line": 4}
    assert results[3]["details"]["positive"] is False  # type: ignore[index]
    assert results[4] == {"error": "each line must be a JSON object", "line": 6}
    assert results[5] == {"error": '"instrument" must be a string', "line": 7}
    assert results[6]["error"] == "unknown key 'id' (expected instrument, answers, context)"
    assert results[7] == {"error": '"answers" must be a JSON object', "line": 9}
    assert len(results) == 8


def test_batch_from_file_all_good_exits_0(tmp_path: Path) -> None:
    batch = tmp_path / "responses.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"instrument": code, "answers": GAD7}) for code in ("GAD-7", "gad 7"))
    )

    code, out, _ = run("score", "--batch", str(batch))

    assert code == 0
    assert [result["total"] for result in json_lines(out)] == [7, 7]


def test_batch_missing_file_exits_2(tmp_path: Path) -> None:
    code, out, _ = run("score", "--batch", str(tmp_path / "absent.jsonl"))

    assert code == 2
    assert json.loads(out)["error"].startswith("cannot read")


def test_batch_cannot_be_combined_with_an_instrument() -> None:
    code, out, _ = run("score", "PHQ-9", "--batch", "-", stdin="")

    assert code == 2
    assert "cannot be combined" in json.loads(out)["error"]


def test_change_json_has_the_standard_keys() -> None:
    code, out, _ = run("change", "PHQ-9", "20", "10", "--json")

    result = json.loads(out)
    assert code == 0
    assert {
        "response": True,
        "remission": False,
        "reliable_improvement": True,
        "reliable_deterioration": False,
        "recovery": False,
        "reliable_recovery": False,
    }.items() <= result.items()


def test_change_with_context_and_float_totals() -> None:
    _, pcl5, _ = run("change", "PCL-5", "42", "32", "--context", '{"cutoff": 31}', "--json")
    _, brs, _ = run("change", "BRS", "2.5", "3.5", "--json")

    assert json.loads(pcl5)["below_cutoff"] is False
    assert json.loads(brs)["difference"] == 1.0


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["PHQ-9", "ten", "5"], "BASELINE 'ten' is not a number"),
        (["PHQ-9", "10", "30"], "PHQ-9 followup: value 30 is out of range 0–27"),
        (["C-SSRS", "1", "0"], "C-SSRS has no total score, so change metrics do not apply"),
        (["PHQ-9", "10", "5", "--context", "{"], "--context is not valid JSON"),
    ],
)
def test_change_bad_input_exits_2(args: list[str], error: str) -> None:
    code, out, _ = run("change", *args, "--json")

    assert code == 2
    assert json.loads(out)["error"].startswith(error)


def test_change_human_output_is_a_table() -> None:
    code, out, _ = run("change", "MADRS", "30", "11")

    assert code == 0
    assert "remission le12" in out
    assert "yes" in out
    assert "—" in out


def test_score_in_a_real_subprocess() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from ketacare.cli import app; app()",
            "score",
            "c-ssrs screener",
            "--answers",
            '{"1": 1, "2": 1, "3": 0, "4": 1, "5": 0, "6": 0}',
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {
        "instrument": "C-SSRS",
        "total": None,
        "band": "high",
        "subscales": {},
        "flags": ["cssrs_high_risk"],
        "details": {"risk_level": "high"},
    }
