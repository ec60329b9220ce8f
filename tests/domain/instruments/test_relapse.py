"""Relapse rule: MADRS ≥22 on 2 consecutive assessments 5–15 days apart (SUSTAIN-1)."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments.change import (
    SUSTAIN1_RELAPSE,
    RelapseRule,
    detect_relapse,
)
from ketacare.domain.instruments.rci import InvalidChangeInput


@pytest.mark.parametrize(
    ("assessments", "relapse", "onset", "day"),
    [
        ([(0, 22), (5, 22)], True, 0, 5),
        ([(0, 22), (15, 30)], True, 0, 15),
        ([(0, 22), (4, 22)], False, None, None),  # too close
        ([(0, 22), (16, 22)], False, None, None),  # too far apart
        ([(0, 21), (7, 22)], False, None, None),  # first below threshold
        ([(0, 22), (7, 10), (14, 25)], False, None, None),  # interrupted
        ([(0, 25), (3, 25), (10, 25)], True, 3, 10),  # gap too short restarts the run
        ([(14, 25), (0, 10), (7, 25)], True, 7, 14),  # any order
        ([], False, None, None),
        ([(0, 40)], False, None, None),
    ],
)
def test_sustain1_rule(
    assessments: list[tuple[int, float]], relapse: bool, onset: int | None, day: int | None
) -> None:
    result = detect_relapse(assessments)

    assert (result.relapse, result.onset_day, result.relapse_day) == (relapse, onset, day)
    assert result.as_dict() == {"relapse": relapse, "onset_day": onset, "relapse_day": day}


def test_rule_is_configurable_hamd_example() -> None:
    rule = RelapseRule(threshold=18, consecutive=2, min_gap_days=7, max_gap_days=14)

    assert detect_relapse([(0, 18), (7, 19)], rule).relapse
    assert not detect_relapse([(0, 18), (5, 19)], rule).relapse


def test_three_consecutive_needed_when_configured() -> None:
    rule = RelapseRule(consecutive=3)

    assert not detect_relapse([(0, 22), (7, 22)], rule).relapse
    assert detect_relapse([(0, 22), (7, 22), (14, 22)], rule).relapse_day == 14


def test_single_assessment_rule() -> None:
    assert detect_relapse([(3, 22)], RelapseRule(consecutive=1)).relapse_day == 3


def test_from_context_defaults_to_sustain1() -> None:
    assert RelapseRule.from_context(None) == SUSTAIN1_RELAPSE
    assert RelapseRule.from_context({"threshold": 18, "max_gap_days": 14}) == RelapseRule(
        threshold=18, max_gap_days=14
    )


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"gap": 3}, "no setting 'gap'"),
        ({"consecutive": 0}, "at least 1"),
        ({"consecutive": 1.5}, "not a whole number"),
        ({"min_gap_days": -1}, "not a whole number"),
        ({"min_gap_days": 10, "max_gap_days": 5}, "greater than max_gap_days"),
        ({"threshold": "22"}, "not a number"),
        ({"threshold": float("nan")}, "not finite"),
    ],
)
def test_invalid_rules_are_rejected(context: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidChangeInput, match=message):
        RelapseRule.from_context(context)


@pytest.mark.parametrize(
    ("assessments", "message"),
    [
        ([(0, 22), (0, 25)], "two assessments on day 0"),
        ([(1.5, 22)], "not a whole number"),
        ([(1, None)], "not a number"),
    ],
)
def test_invalid_assessments_are_rejected(
    assessments: list[tuple[object, object]], message: str
) -> None:
    with pytest.raises(InvalidChangeInput, match=message):
        detect_relapse(assessments)  # type: ignore[arg-type]


def test_float_totals_are_accepted() -> None:
    assert detect_relapse([(0, 22.0), (6, 23.5)]).relapse
