"""CADSS-6: items 1, 2, 6, 7, 15, 22 of the 23-item CADSS; the full total when all 23 given."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import cadss6
from ketacare.domain.instruments.base import Direction, InvalidAnswers

SIX = ("1", "2", "6", "7", "15", "22")


def test_cadss6_total_sums_the_six_items_only() -> None:
    result = cadss6.score(dict(zip(SIX, (4, 3, 2, 1, 0, 4), strict=True)))

    assert result.total == 14
    assert result.details == {"cadss6_total": 14, "cadss23_total": None}
    assert result.flags == ()


def test_cadss6_with_all_23_items_also_gives_the_full_total() -> None:
    values = {str(n): 1 for n in range(1, 24)}

    result = cadss6.score(values)

    assert result.details == {"cadss6_total": 6, "cadss23_total": 23}


def test_cadss6_partial_full_scale_is_rejected() -> None:
    values = dict.fromkeys(SIX, 0) | {"3": 1}

    with pytest.raises(InvalidAnswers, match=r"^CADSS-6 item 4 is missing$"):
        cadss6.score(values)


def test_cadss6_items_use_23_item_numbering() -> None:
    values = dict.fromkeys(SIX, 0)
    del values["22"]

    with pytest.raises(InvalidAnswers, match=r"^CADSS-6 item 22 is missing$"):
        cadss6.score(values)
    with pytest.raises(InvalidAnswers, match=r"^CADSS-6 has no item 24$"):
        cadss6.score(dict.fromkeys(SIX, 0) | {"24": 0})


def test_cadss6_is_tracked_not_alarmed() -> None:
    assert cadss6.SPEC.flags == ()
    assert cadss6.SPEC.direction is Direction.NEUTRAL
    assert cadss6.SPEC.scored_item_count == 6
