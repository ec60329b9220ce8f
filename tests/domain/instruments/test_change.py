"""Change metrics: integer 50 % response, remission, NHS Talking Therapies, PCL-5, WHO-5."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments.base import InvalidAnswers
from ketacare.domain.instruments.change import (
    GAD7_TALKING_THERAPIES,
    PHQ9_TALKING_THERAPIES,
    change,
    response,
    talking_therapies_change,
    talking_therapies_outcome,
)
from ketacare.domain.instruments.registry import UnknownInstrument

STANDARD = {
    "response",
    "remission",
    "reliable_improvement",
    "reliable_deterioration",
    "recovery",
    "reliable_recovery",
}


@pytest.mark.parametrize(
    ("baseline", "followup", "expected"),
    [
        (10, 5, True),  # exactly 50 %
        (10, 6, False),
        (9, 4, True),
        (9, 5, False),  # 44 %
        (1, 0, True),
        (20, 25, False),
        (0, 0, None),
        (0, 3, None),
    ],
)
def test_response_uses_the_integer_rule(
    baseline: int, followup: int, expected: bool | None
) -> None:
    assert response(baseline, followup) is expected


def test_change_output_always_has_the_six_standard_keys() -> None:
    for code in ("PHQ-9", "OCI-R", "EDI", "WHO-5", "PCL-5", "MADRS"):
        assert set(change(code, 1, 1).as_dict()) >= STANDARD


def test_phq9_change_worked_example() -> None:
    assert change("phq9", 20, 10).as_dict() == {
        "instrument": "PHQ-9",
        "baseline": 20,
        "followup": 10,
        "difference": -10,
        "response": True,
        "remission": False,
        "reliable_improvement": True,
        "reliable_deterioration": False,
        "recovery": False,
        "reliable_recovery": False,
        "caseness_baseline": True,
        "caseness_followup": True,
    }


@pytest.mark.parametrize(
    ("baseline", "followup", "improvement", "deterioration"),
    [(15, 9, True, False), (15, 10, False, False), (9, 15, False, True), (10, 15, False, False)],
)
def test_phq9_reliable_change_is_six_points(
    baseline: int, followup: int, improvement: bool, deterioration: bool
) -> None:
    result = change("PHQ-9", baseline, followup).metrics

    assert result.reliable_improvement is improvement
    assert result.reliable_deterioration is deterioration


@pytest.mark.parametrize(("followup", "remission"), [(4, True), (5, False)])
def test_phq9_and_gad7_remission_below_five(followup: int, remission: bool) -> None:
    assert change("PHQ-9", 12, followup).metrics.remission is remission
    assert change("GAD-7", 12, followup).metrics.remission is remission


@pytest.mark.parametrize(
    ("baseline", "followup", "recovery", "reliable_recovery"),
    [
        (16, 9, True, True),
        (12, 9, True, False),  # below caseness but only 3 points
        (16, 10, False, False),
        (9, 2, None, None),  # not a case at start: undefined
    ],
)
def test_phq9_recovery_only_defined_for_cases(
    baseline: int, followup: int, recovery: bool | None, reliable_recovery: bool | None
) -> None:
    result = change("PHQ-9", baseline, followup).metrics

    assert result.recovery is recovery
    assert result.reliable_recovery is reliable_recovery


@pytest.mark.parametrize(
    ("baseline", "followup", "improvement", "recovery"),
    [(8, 4, True, True), (8, 5, False, True), (7, 0, True, None), (12, 8, True, False)],
)
def test_gad7_caseness_eight_and_reliable_change_four(
    baseline: int, followup: int, improvement: bool, recovery: bool | None
) -> None:
    result = change("GAD-7", baseline, followup).metrics

    assert result.reliable_improvement is improvement
    assert result.recovery is recovery


def test_talking_therapies_rules_are_data() -> None:
    assert (PHQ9_TALKING_THERAPIES.caseness, PHQ9_TALKING_THERAPIES.reliable_change) == (10, 6)
    assert (GAD7_TALKING_THERAPIES.caseness, GAD7_TALKING_THERAPIES.reliable_change) == (8, 4)
    assert talking_therapies_change(8, 2, GAD7_TALKING_THERAPIES).reliable_recovery is True


@pytest.mark.parametrize(
    ("phq9", "gad7", "improvement", "deterioration", "recovery", "reliable_recovery"),
    [
        ((15, 8), (10, 8), True, False, False, False),  # GAD-7 still a case
        ((15, 8), (10, 5), True, False, True, True),
        ((15, 8), (3, 9), False, False, False, False),  # mixed: neither
        ((5, 12), (3, 3), False, True, None, None),  # not a case at start
        ((9, 9), (7, 7), False, False, None, None),
    ],
)
def test_paired_talking_therapies_outcome(
    phq9: tuple[int, int],
    gad7: tuple[int, int],
    improvement: bool,
    deterioration: bool,
    recovery: bool | None,
    reliable_recovery: bool | None,
) -> None:
    outcome = talking_therapies_outcome(phq9=phq9, gad7=gad7)

    assert outcome.reliable_improvement is improvement
    assert outcome.reliable_deterioration is deterioration
    assert outcome.recovery is recovery
    assert outcome.reliable_recovery is reliable_recovery


@pytest.mark.parametrize(("followup", "remission"), [(5, True), (6, False)])
def test_qids_remission_at_most_five(followup: int, remission: bool) -> None:
    result = change("QIDS-SR16", 12, followup).metrics

    assert result.remission is remission
    assert result.response is True
    assert result.reliable_improvement is None


@pytest.mark.parametrize(
    ("followup", "le10", "le12"),
    [(10, True, True), (11, False, True), (12, False, True), (13, False, False)],
)
def test_madrs_stores_both_remission_definitions(followup: int, le10: bool, le12: bool) -> None:
    result = change("MADRS", 30, followup).as_dict()

    assert result["remission_le10"] is le10
    assert result["remission_le12"] is le12
    assert result["remission"] is le10
    assert result["recovery"] is None


@pytest.mark.parametrize(
    ("baseline", "followup", "context", "expected"),
    [
        (45, 41, None, {"response": False, "reliable_change_5": False, "below_cutoff": False}),
        (
            45,
            40,
            None,
            {"response": True, "reliable_change_5": True, "clinically_meaningful_10": False},
        ),
        (
            45,
            35,
            None,
            {"clinically_meaningful_10": True, "below_cutoff": False, "remission": False},
        ),
        (42, 32, None, {"clinically_meaningful_10": True, "below_cutoff": True, "remission": True}),
        (42, 32, {"cutoff": 31}, {"below_cutoff": False, "remission": False, "cutoff": 31}),
        (30, 35, None, {"reliable_deterioration": True, "reliable_improvement": False}),
        (36, 32, None, {"below_cutoff": True, "remission": False, "response": False}),
    ],
)
def test_pcl5_change_five_and_ten_points(
    baseline: int, followup: int, context: dict[str, object] | None, expected: dict[str, object]
) -> None:
    result = change("PCL-5", baseline, followup, context).as_dict()

    assert {key: result[key] for key in expected} == expected
    assert result["recovery"] is None


@pytest.mark.parametrize(
    ("baseline", "followup", "points", "improved", "worse"),
    [
        (10, 13, 12, True, False),
        (10, 12, 8, False, False),
        (13, 10, -12, False, True),
        (5, 5, 0, False, False),
    ],
)
def test_who5_change_in_percentage_points(
    baseline: int, followup: int, points: int, improved: bool, worse: bool
) -> None:
    result = change("WHO-5", baseline, followup).as_dict()

    assert result["percentage_change"] == points
    assert result["significant_improvement"] is improved
    assert result["significant_worsening"] is worse
    assert result["response"] is improved
    assert result["remission"] is None
    assert result["percentage_baseline"] == baseline * 4


def test_instruments_without_change_rules_give_none() -> None:
    result = change("OCI-R", 30, 10).as_dict()

    assert {key: result[key] for key in STANDARD} == dict.fromkeys(STANDARD)
    assert result["difference"] == -20


def test_mean_valued_instruments_accept_float_totals() -> None:
    assert change("BRS", 2.5, 3.5).difference == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("code", "baseline", "message"),
    [
        ("PHQ-9", 28, "PHQ-9 baseline: value 28 is out of range 0–27"),
        ("PHQ-9", -1, "PHQ-9 baseline: value -1 is out of range 0–27"),
        ("PHQ-9", 10.5, "PHQ-9 baseline: value 10.5 is not an integer"),
        ("PHQ-9", True, "PHQ-9 baseline: value True is not a number"),
        ("PHQ-9", "10", "PHQ-9 baseline: value '10' is not a number"),
        ("BRS", 5.5, "BRS baseline: value 5.5 is out of range 1–5"),
        ("EDI", float("nan"), "EDI baseline: value nan is out of range 0–100"),
        ("C-SSRS", 1, "C-SSRS has no total score, so change metrics do not apply"),
    ],
)
def test_change_rejects_bad_totals(code: str, baseline: object, message: str) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        change(code, baseline, 5 if code != "BRS" else 3.0)

    assert str(raised.value) == message


def test_change_rejects_bad_followup_and_context() -> None:
    with pytest.raises(InvalidAnswers, match=r"^GAD-7 followup: value 22 is out of range 0–21$"):
        change("GAD-7", 10, 22)
    with pytest.raises(InvalidAnswers, match="takes no context 'cutoff'"):
        change("PHQ-9", 10, 5, {"cutoff": 33})
    with pytest.raises(InvalidAnswers, match="takes no context 'cutoff'"):
        change("OCI-R", 10, 5, {"cutoff": 33})


def test_change_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrument):
        change("HAM-D", 10, 5)
