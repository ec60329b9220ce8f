"""WHO-5: raw vs percentage, reversed direction, bands on raw, screen if any item ≤1."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import who5
from ketacare.domain.instruments.base import Direction


def with_raw(raw: int) -> dict[str, int]:
    return {str(n): min(5, max(0, raw - 5 * (n - 1))) for n in range(1, 6)}


@pytest.mark.parametrize(
    ("raw", "band", "likely_depression", "poor"),
    [
        (0, "likely depression", True, True),
        (7, "likely depression", True, True),
        (8, "poor wellbeing", False, True),
        (12, "poor wellbeing", False, True),
        (13, "no indication", False, False),
        (25, "no indication", False, False),
    ],
)
def test_who5_bands_on_raw_score(raw: int, band: str, likely_depression: bool, poor: bool) -> None:
    result = who5.score(with_raw(raw))

    assert result.total == raw
    assert result.band == band
    assert result.details["raw"] == raw
    assert result.details["percentage"] == raw * 4
    assert result.details["likely_depression"] is likely_depression
    assert result.details["poor_wellbeing"] is poor


def test_who5_any_item_at_one_recommends_a_depression_screen_even_with_good_total() -> None:
    result = who5.score({"1": 5, "2": 5, "3": 5, "4": 5, "5": 1})

    assert result.total == 21
    assert result.band == "no indication"
    assert result.details["depression_screen_recommended"] is True


def test_who5_items_at_two_or_more_and_good_total_need_no_screen() -> None:
    result = who5.score({"1": 3, "2": 3, "3": 3, "4": 2, "5": 2})

    assert result.details["depression_screen_recommended"] is False


def test_who5_poor_total_recommends_a_screen() -> None:
    assert who5.score({str(n): 2 for n in range(1, 6)}).details["depression_screen_recommended"]


def test_who5_higher_is_better() -> None:
    assert who5.SPEC.direction is Direction.HIGHER_IS_BETTER
