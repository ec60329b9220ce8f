"""MEQ-30: interleaved subscales, ineffability 3/10/29, complete mystical at ≥60 % on all."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import meq30


def answers(values: dict[int, int] | None = None, default: int = 0) -> dict[str, int]:
    chosen = values or {}
    return {str(n): chosen.get(n, default) for n in range(1, 31)}


def test_meq30_ineffability_is_items_3_10_29_not_30() -> None:
    result = meq30.score(answers({3: 5, 10: 5, 29: 5}))

    assert result.subscales["ineffability"] == 5.0
    assert result.subscales["positive_mood"] == 0.0

    with_30 = meq30.score(answers({30: 5}))
    assert with_30.subscales["ineffability"] == 0.0
    assert with_30.subscales["positive_mood"] == pytest.approx(5 / 6)


def test_meq30_subscales_are_means_and_total_is_mean_of_30() -> None:
    result = meq30.score(answers({1: 5, 7: 5, 11: 5, 13: 5, 19: 5, 22: 5}))

    assert result.subscales == {
        "mystical": 0.0,
        "positive_mood": 0.0,
        "transcendence": 5.0,
        "ineffability": 0.0,
    }
    assert result.total == pytest.approx(1.0)
    assert result.details["transcendence_pct"] == pytest.approx(100.0)
    assert result.details["mystical_pct"] == 0.0


def test_meq30_all_threes_is_exactly_60_percent_and_complete() -> None:
    result = meq30.score(answers(default=3))

    assert result.details["complete_mystical"] is True
    for name in ("mystical", "positive_mood", "transcendence", "ineffability"):
        assert result.details[f"{name}_pct"] == pytest.approx(60.0)


def test_meq30_one_subscale_just_below_60_percent_is_not_complete() -> None:
    result = meq30.score(answers({3: 2}, default=3))

    assert result.subscales["ineffability"] == pytest.approx(8 / 3)
    assert result.details["complete_mystical"] is False


def test_meq30_has_no_bands() -> None:
    assert meq30.score(answers(default=5)).band is None
