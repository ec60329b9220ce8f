"""Blood-pressure tiers (reference §3 platform defaults, Spravato PI §2): boundaries and policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import ScreeningPolicy, ScreeningResult, parse_profile, screen

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]
Run = Callable[[JsonDict], ScreeningResult]
BP_CODES = {
    "CI_BP_SEVERE",
    "REL_BP_ELEVATED",
    "REL_BP_NOT_ASSESSED_HYPERTENSION",
    "CAUTION_HTN_CONTROLLED",
    "CAUTION_BP_NOT_ASSESSED",
}


def _bp_codes(result: ScreeningResult) -> set[str]:
    return set(result.codes) & BP_CODES


@pytest.mark.parametrize(
    ("bp", "hypertension", "expected", "eligibility"),
    [
        ((120, 80), False, set(), "yes"),
        ((140, 90), False, set(), "yes"),
        ((140, 90), True, {"CAUTION_HTN_CONTROLLED"}, "yes"),
        ((141, 90), False, {"REL_BP_ELEVATED"}, "review"),
        ((140, 91), False, {"REL_BP_ELEVATED"}, "review"),
        ((179, 109), False, {"REL_BP_ELEVATED"}, "review"),
        ((179, 109), True, {"REL_BP_ELEVATED"}, "review"),
        ((180, 109), False, {"CI_BP_SEVERE"}, "no"),
        ((179, 110), False, {"CI_BP_SEVERE"}, "no"),
        ((180, 110), True, {"CI_BP_SEVERE"}, "no"),
        ((230, 130), True, {"CI_BP_SEVERE"}, "no"),
    ],
)
def test_only_the_highest_bp_tier_fires_at_the_boundaries(
    make_data: MakeData,
    run: Run,
    bp: tuple[int, int],
    hypertension: bool,
    expected: set[str],
    eligibility: str,
) -> None:
    conditions = ["hypertension"] if hypertension else []
    data = make_data(vitals={"sbp": bp[0], "dbp": bp[1], "spo2": 98}, conditions=conditions)

    result = run(data)

    assert _bp_codes(result) == expected
    assert result.eligibility.value == eligibility


def test_bp_reason_names_the_measured_pressure_and_the_threshold(
    make_data: MakeData, run: Run
) -> None:
    result = run(make_data(vitals={"sbp": 152, "dbp": 96.5}))

    assert result.flags[0].reason.startswith("BP 152/96.5 mmHg above 140/90 mmHg")


@pytest.mark.parametrize(
    ("conditions", "expected", "eligibility"),
    [
        ([], {"CAUTION_BP_NOT_ASSESSED"}, "yes"),
        (["hypertension"], {"REL_BP_NOT_ASSESSED_HYPERTENSION"}, "review"),
    ],
)
def test_missing_vitals_are_flagged_never_read_as_normal(
    make_data: MakeData, run: Run, conditions: list[str], expected: set[str], eligibility: str
) -> None:
    result = run(make_data(vitals=None, conditions=conditions))

    assert _bp_codes(result) == expected
    assert "CAUTION_SPO2_NOT_ASSESSED" in result.codes
    assert result.eligibility.value == eligibility


@pytest.mark.parametrize(
    ("sbp", "dbp", "expected"),
    [(130, 80, set()), (131, 80, {"REL_BP_ELEVATED"}), (160, 80, {"CI_BP_SEVERE"})],
)
def test_a_practice_policy_moves_the_bp_tiers(
    make_data: MakeData, sbp: int, dbp: int, expected: set[str]
) -> None:
    policy = ScreeningPolicy(
        bp_elevated_sbp_mmhg=130,
        bp_elevated_dbp_mmhg=80,
        bp_severe_sbp_mmhg=160,
        bp_severe_dbp_mmhg=100,
    )

    result = screen(parse_profile(make_data(vitals={"sbp": sbp, "dbp": dbp})), policy)

    assert _bp_codes(result) == expected
