"""Jacobson–Truax reliable change index, with the reference §3 worked examples."""

from __future__ import annotations

import math

import pytest

from ketacare.domain.instruments.base import Direction
from ketacare.domain.instruments.rci import (
    InvalidChangeInput,
    clinical_cutoff,
    reliable_change,
    standard_error_of_difference,
)


@pytest.mark.parametrize(
    ("sd", "r", "s_diff", "threshold", "points"),
    [(5, 0.84, 2.828, 5.54, 6), (4.5, 0.92, 1.8, 3.53, 4)],
)
def test_worked_examples(sd: float, r: float, s_diff: float, threshold: float, points: int) -> None:
    result = reliable_change(10, 10, sd=sd, reliability=r)

    assert result.s_diff == pytest.approx(s_diff, abs=0.001)
    assert result.min_reliable_change == pytest.approx(threshold, abs=0.005)
    assert result.min_reliable_change_points == points


@pytest.mark.parametrize(
    ("followup", "reliable", "direction"),
    [
        (14, True, "improvement"),
        (15, False, "improvement"),
        (26, True, "deterioration"),
        (20, False, "none"),
    ],
)
def test_rci_reliable_beyond_1_96(followup: int, reliable: bool, direction: str) -> None:
    result = reliable_change(20, followup, sd=5, reliability=0.84)

    assert result.rci == pytest.approx((followup - 20) / (5 * math.sqrt(0.32)))
    assert result.reliable is reliable
    assert result.direction == direction


def test_rci_direction_follows_the_scale() -> None:
    result = reliable_change(10, 16, sd=5, reliability=0.84, direction=Direction.HIGHER_IS_BETTER)

    assert result.direction == "improvement"
    assert (
        reliable_change(
            16, 10, sd=5, reliability=0.84, direction=Direction.HIGHER_IS_BETTER
        ).direction
        == "deterioration"
    )


def test_rci_as_dict_uses_reference_names() -> None:
    assert set(reliable_change(1, 2, sd=1, reliability=0.5).as_dict()) == {
        "s_diff",
        "rci",
        "min_reliable_change",
        "min_reliable_change_points",
        "reliable",
        "direction",
    }


@pytest.mark.parametrize(
    ("sd", "r", "message"),
    [
        (0, 0.8, "must be greater than 0"),
        (-1, 0.8, "must be greater than 0"),
        (5, 1, "below 1"),
        (5, -0.1, "at least 0"),
        (math.inf, 0.8, "not finite"),
        (True, 0.8, "not a number"),
        ("5", 0.8, "not a number"),
    ],
)
def test_invalid_sd_or_reliability_rejected(sd: object, r: object, message: str) -> None:
    with pytest.raises(InvalidChangeInput, match=message):
        standard_error_of_difference(sd, r)  # type: ignore[arg-type]


def test_neutral_scales_have_no_reliable_direction() -> None:
    with pytest.raises(InvalidChangeInput, match="a better and a worse direction"):
        reliable_change(1, 2, sd=1, reliability=0.5, direction=Direction.NEUTRAL)


def test_clinical_cutoff_weights_means_by_the_other_sd() -> None:
    cutoff = clinical_cutoff(
        mean_functional=4, sd_functional=3, mean_dysfunctional=16, sd_dysfunctional=5
    )

    assert cutoff == pytest.approx((3 * 16 + 5 * 4) / 8)


def test_clinical_cutoff_rejects_non_positive_sd() -> None:
    with pytest.raises(InvalidChangeInput, match="greater than 0"):
        clinical_cutoff(
            mean_functional=4, sd_functional=0, mean_dysfunctional=16, sd_dysfunctional=5
        )
