"""BRS: mean of six items with 2, 4, 6 reversed; bands low / normal / high."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import brs
from ketacare.domain.instruments.base import Direction, InvalidAnswers


def with_recoded_sum(total: int) -> dict[str, int]:
    """Answers whose recoded sum is `total` (6–30): fill forward items, then reversed ones."""
    recoded = [1] * 6
    for index in range(6):
        recoded[index] = min(5, total - sum(recoded) + recoded[index])
    keys = ("1", "3", "5", "2", "4", "6")
    return {
        key: value if key in brs.FORWARD else 6 - value
        for key, value in zip(keys, recoded, strict=True)
    }


def test_brs_all_fives_is_normal_because_of_reverse_keying() -> None:
    result = brs.score({str(n): 5 for n in range(1, 7)})

    assert result.total == pytest.approx(3.0)
    assert result.band == "normal"


@pytest.mark.parametrize(
    ("recoded_sum", "band"),
    [(6, "low"), (17, "low"), (18, "normal"), (25, "normal"), (26, "high"), (30, "high")],
)
def test_brs_band_boundaries_via_recoded_sums(recoded_sum: int, band: str) -> None:
    result = brs.score(with_recoded_sum(recoded_sum))

    assert result.total == pytest.approx(recoded_sum / 6)
    assert result.details["score"] == result.total
    assert result.band == band


def test_brs_best_answers_score_five() -> None:
    result = brs.score({"1": 5, "2": 1, "3": 5, "4": 1, "5": 5, "6": 1})

    assert result.total == 5.0
    assert result.band == "high"


def test_brs_zero_is_out_of_range() -> None:
    with pytest.raises(InvalidAnswers, match=r"^BRS item 1: value 0 is out of range 1–5$"):
        brs.score({"1": 0, "2": 1, "3": 1, "4": 1, "5": 1, "6": 1})


def test_brs_higher_is_better_and_mean_valued() -> None:
    assert brs.SPEC.direction is Direction.HIGHER_IS_BETTER
    assert not brs.SPEC.integer_total
