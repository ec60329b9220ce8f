"""GAD-7: bands, the two cut-offs (≥10 screen, ≥8 NHS TT caseness), the zero anchor."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import gad7
from ketacare.domain.instruments.base import InvalidAnswers


def with_total(total: int) -> dict[str, int]:
    values = [min(3, max(0, total - 3 * index)) for index in range(7)]
    return {str(number): value for number, value in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(total: int, band: str) -> None:
    result = gad7.score(with_total(total))

    assert result.total == total
    assert result.band == band


@pytest.mark.parametrize(
    ("total", "caseness", "screen"),
    [(7, False, False), (8, True, False), (9, True, False), (10, True, True)],
)
def test_gad7_caseness_at_eight_and_screen_at_ten(total: int, caseness: bool, screen: bool) -> None:
    result = gad7.score(with_total(total))

    assert result.details == {"positive_screen": screen, "iapt_caseness": caseness}


def test_gad7_zero_anchor_is_not_at_all_not_not_at_all_sure() -> None:
    assert gad7.ITEMS[0].options[0].label == "Not at all"


def test_gad7_has_no_safety_flags() -> None:
    assert gad7.score(with_total(21)).flags == ()
    assert gad7.SPEC.safety_items == ()


def test_gad7_rejects_item_8() -> None:
    with pytest.raises(InvalidAnswers, match=r"^GAD-7 has no item 8$"):
        gad7.score({**with_total(3), "8": 0})
