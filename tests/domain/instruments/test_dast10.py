"""DAST-10: yes = 1 except item 3 ("always able to stop?") where no = 1; five levels."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import dast10
from ketacare.domain.instruments.base import InvalidAnswers


def answers(yes: set[int], item3: int = 1) -> dict[str, int]:
    values = {str(n): int(n in yes) for n in range(1, 11)}
    values["3"] = item3
    return values


def test_dast10_all_no_scores_one_because_item3_is_reversed() -> None:
    result = dast10.score({str(n): 0 for n in range(1, 11)})

    assert result.total == 1
    assert result.band == "low"
    assert result.details == {"level": "low"}


def test_dast10_all_yes_scores_nine() -> None:
    result = dast10.score({str(n): 1 for n in range(1, 11)})

    assert result.total == 9
    assert result.band == "severe"


@pytest.mark.parametrize(
    ("yes", "item3", "total", "level"),
    [
        (set(), 1, 0, "none"),
        ({1}, 1, 1, "low"),
        ({1}, 0, 2, "low"),
        ({1, 2, 4}, 1, 3, "moderate"),
        ({1, 2, 4, 5}, 0, 5, "moderate"),
        ({1, 2, 4, 5, 6, 7}, 1, 6, "substantial"),
        ({1, 2, 4, 5, 6, 7, 8}, 0, 8, "substantial"),
        ({1, 2, 4, 5, 6, 7, 8, 9}, 0, 9, "severe"),
        ({1, 2, 4, 5, 6, 7, 8, 9, 10}, 0, 10, "severe"),
    ],
)
def test_dast10_level_boundaries(yes: set[int], item3: int, total: int, level: str) -> None:
    result = dast10.score(answers(yes, item3))

    assert result.total == total
    assert result.details["level"] == level


def test_dast10_rejects_values_other_than_yes_no() -> None:
    with pytest.raises(InvalidAnswers, match=r"^DAST-10 item 3: value 2 is out of range 0–1$"):
        dast10.score(answers(set(), item3=2))


def test_dast10_item3_is_marked_reverse_keyed() -> None:
    assert [item.key for item in dast10.ITEMS if item.reverse] == ["3"]
