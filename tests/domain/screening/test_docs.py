"""docs/screening.md stays in step with the code: every rule and code, and a live example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ketacare.domain.screening import RULES, Condition, Diagnosis, parse_profile, screen

DOC = (Path(__file__).resolve().parents[3] / "docs" / "screening.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(RULES))
def test_docs_list_every_rule_with_its_severity_and_evidence(code: str) -> None:
    item = RULES[code]
    tier = item.tier or "–"

    assert f"| `{code}` | {item.severity.value} | {tier} | {item.evidence.value} |" in DOC


@pytest.mark.parametrize("code", [*Condition.codes(), *Diagnosis.codes()])
def test_docs_list_every_condition_and_diagnosis_code(code: str) -> None:
    assert f"| `{code}` |" in DOC


def test_docs_example_output_is_what_screening_returns() -> None:
    example = DOC.split("## Example", 1)[1]
    profile_text, output_text = re.findall(r"```json\n(.*?)\n```", example, flags=re.DOTALL)

    result = screen(parse_profile(json.loads(profile_text)))

    assert result.as_dict() == json.loads(output_text)
