"""The sustained-mood-drop rule: boundaries from the issue's wording and Hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.integration_rules import (
    DropPolicy,
    FindingCode,
    InvalidCheckIns,
    MoodPoint,
    baseline_of,
    evaluate_mood_drop,
)

DAY0 = dt.date(2030, 3, 1)


def series(*moods: int, gap_days: int = 1) -> list[MoodPoint]:
    return [MoodPoint(DAY0 + dt.timedelta(days=i * gap_days), m) for i, m in enumerate(moods)]


def codes(points: list[MoodPoint], policy: DropPolicy | None = None) -> set[FindingCode]:
    return {f.code for f in evaluate_mood_drop(points, policy or DropPolicy())}


def test_three_low_check_ins_raise_a_sustained_drop() -> None:
    assert FindingCode.SUSTAINED_MOOD_DROP in codes(series(6, 3, 3, 3))


def test_two_low_check_ins_do_not() -> None:
    assert codes(series(6, 6, 3, 3)) == set()


def test_a_mood_of_four_breaks_the_low_run() -> None:
    assert codes(series(3, 4, 3, 3)) == set()


def test_a_missed_day_does_not_break_a_low_run() -> None:
    assert FindingCode.SUSTAINED_MOOD_DROP in codes(series(3, 2, 1, gap_days=3))


def test_drop_of_three_points_below_baseline_raises() -> None:
    points = series(7, 7, 7, 7, 7, 4, 4, 4)

    assert codes(points) == {FindingCode.MOOD_BELOW_BASELINE}
    assert baseline_of(points) == 7


def test_drop_of_two_points_below_baseline_does_not() -> None:
    assert codes(series(7, 7, 7, 7, 7, 5, 5, 5)) == set()


def test_drop_must_hold_over_the_whole_window() -> None:
    assert codes(series(7, 7, 7, 7, 7, 4, 5, 4)) == set()


def test_too_few_baseline_check_ins_give_no_baseline() -> None:
    points = series(8, 8, 8, 8, 4, 4, 4)  # four before the window, five needed

    assert baseline_of(points) is None
    assert codes(points) == set()


def test_baseline_is_the_median_of_the_first_seven_before_the_window() -> None:
    points = series(9, 1, 8, 2, 7, 3, 6, 10, 10, 5, 5, 5)

    assert baseline_of(points) == 6
    assert codes(points) == set()  # 6 - 5 = 1 point only


def test_both_findings_when_low_and_far_below_baseline() -> None:
    assert codes(series(8, 8, 8, 8, 8, 2, 2, 2)) == {
        FindingCode.SUSTAINED_MOOD_DROP,
        FindingCode.MOOD_BELOW_BASELINE,
    }


def test_practice_policy_changes_the_thresholds() -> None:
    policy = DropPolicy(low_mood_threshold=4, low_mood_days=2)

    assert codes(series(6, 4, 4), policy) == {FindingCode.SUSTAINED_MOOD_DROP}


def test_summary_carries_no_free_text_only_numbers() -> None:
    (finding,) = evaluate_mood_drop(series(3, 3, 3))

    assert finding.summary.startswith("Daily check-ins: mood 3 or lower on the last 3")


@pytest.mark.parametrize("mood", [-1, 11])
def test_mood_out_of_range_is_rejected(mood: int) -> None:
    with pytest.raises(InvalidCheckIns, match="out of range"):
        evaluate_mood_drop(series(5, mood))


def test_dates_out_of_order_are_rejected() -> None:
    with pytest.raises(InvalidCheckIns, match="must increase"):
        evaluate_mood_drop([MoodPoint(DAY0, 5), MoodPoint(DAY0, 5)])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"low_mood_threshold": 11},
        {"low_mood_days": 0},
        {"window": 0},
        {"baseline_drop_points": 0},
        {"baseline_min": 8},
        {"baseline_min": 0},
    ],
)
def test_invalid_policy_is_rejected(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        DropPolicy(**kwargs)


moods = st.lists(st.integers(min_value=0, max_value=10), max_size=30)


@given(moods)
def test_a_sustained_drop_means_the_last_three_are_all_low(values: list[int]) -> None:
    found = FindingCode.SUSTAINED_MOOD_DROP in codes(series(*values))

    assert found == (len(values) >= 3 and max(values[-3:]) <= 3)


@given(moods)
def test_below_baseline_needs_five_earlier_check_ins(values: list[int]) -> None:
    if len(values) < 8:
        assert FindingCode.MOOD_BELOW_BASELINE not in codes(series(*values))


@given(moods, st.integers(min_value=0, max_value=2))
def test_lowering_the_window_never_removes_a_finding(values: list[int], index: int) -> None:
    before = codes(series(*values))
    lowered = list(values)
    if len(lowered) > index:
        lowered[-1 - index] = max(lowered[-1 - index] - 1, 0)

    assert before <= codes(series(*lowered))


@given(moods, st.integers(min_value=1, max_value=5))
def test_gaps_between_days_do_not_change_the_result(values: list[int], gap: int) -> None:
    assert codes(series(*values)) == codes(series(*values, gap_days=gap))
