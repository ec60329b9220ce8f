"""MADRS: clinician-rated, bands (Snaith 1986), item 10 ≥4 urgent flag."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import madrs
from ketacare.domain.instruments.base import InvalidAnswers


def with_total(total: int, item10: int = 0) -> dict[str, int]:
    values = {str(n): min(6, max(0, total - item10 - 6 * (n - 1))) for n in range(1, 10)}
    values["10"] = item10
    return values


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "normal"),
        (6, "normal"),
        (7, "mild"),
        (19, "mild"),
        (20, "moderate"),
        (34, "moderate"),
        (35, "severe"),
        (54, "severe"),
    ],
)
def test_madrs_band_boundaries(total: int, band: str) -> None:
    result = madrs.score(with_total(total))

    assert result.total == total
    assert result.band == band


@pytest.mark.parametrize(
    ("item10", "flags"), [(3, ()), (4, ("madrs_item10_ge4",)), (6, ("madrs_item10_ge4",))]
)
def test_madrs_item10_flags_at_four(item10: int, flags: tuple[str, ...]) -> None:
    result = madrs.score(with_total(item10, item10=item10))

    assert result.flags == flags
    assert result.band == "normal"


def test_madrs_maximum_is_60() -> None:
    assert madrs.score({str(n): 6 for n in range(1, 11)}).total == 60


def test_madrs_item_value_7_rejected() -> None:
    with pytest.raises(InvalidAnswers, match=r"^MADRS item 1: value 7 is out of range 0–6$"):
        madrs.score({**with_total(0), "1": 7})


def test_madrs_is_clinician_rated_and_urgent() -> None:
    assert madrs.SPEC.clinician_rated
    assert madrs.SPEC.flag("madrs_item10_ge4").severity == "urgent"
