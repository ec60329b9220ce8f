"""QIDS-SR16: max within domain (naive sum reaches 48), either/or pairs, item 12 flags."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import qids_sr16
from ketacare.domain.instruments.base import InvalidAnswers


def answers(values: dict[int, int] | None = None, default: int = 0) -> dict[str, int]:
    chosen = values or {}
    return {str(n): chosen.get(n, default) for n in range(1, 17)}


def with_total(total: int) -> dict[str, int]:
    """One item per domain, filled in order up to 3 each; item 12 last."""
    domain_items = (1, 5, 6, 10, 11, 13, 14, 15, 12)
    values: dict[int, int] = {}
    for item in domain_items:
        values[item] = min(3, total - sum(values.values()))
    return answers(values)


def test_qids_all_threes_total_27_not_48() -> None:
    result = qids_sr16.score(answers(default=3))

    assert result.total == 27
    assert result.band == "very severe"


def test_qids_domains_take_the_maximum() -> None:
    result = qids_sr16.score(answers({1: 1, 2: 3, 3: 2, 6: 2, 9: 3, 15: 1, 16: 2}))

    domains = result.details["domains"]
    assert domains == {
        "sleep": 3,
        "sad_mood": 0,
        "appetite_weight": 3,
        "concentration": 0,
        "self_view": 0,
        "suicidal_ideation": 0,
        "interest": 0,
        "energy": 0,
        "psychomotor": 2,
    }
    assert result.total == 8


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (5, "none"),
        (6, "mild"),
        (10, "mild"),
        (11, "moderate"),
        (15, "moderate"),
        (16, "severe"),
        (20, "severe"),
        (21, "very severe"),
        (27, "very severe"),
    ],
)
def test_qids_band_boundaries(total: int, band: str) -> None:
    result = qids_sr16.score(with_total(total))

    assert result.total == total
    assert result.band == band


@pytest.mark.parametrize("absent", [("7", "9"), ("6", "8"), ("7", "8"), ("6", "9")])
def test_qids_either_or_pairs_need_only_one_item_each(absent: tuple[str, str]) -> None:
    values = answers(default=1)
    for key in absent:
        del values[key]

    assert qids_sr16.score(values).details["domains"]["appetite_weight"] == 1  # type: ignore[index]


@pytest.mark.parametrize(("first", "second"), [("6", "7"), ("8", "9")])
def test_qids_both_items_of_a_pair_missing_is_rejected(first: str, second: str) -> None:
    values = answers()
    del values[first], values[second]

    with pytest.raises(InvalidAnswers) as raised:
        qids_sr16.score(values)

    assert (
        str(raised.value) == f"QIDS-SR16 items {first} and {second} are both missing (answer one)"
    )


def test_qids_other_items_are_required() -> None:
    values = answers()
    del values["12"]

    with pytest.raises(InvalidAnswers, match=r"^QIDS-SR16 item 12 is missing$"):
        qids_sr16.score(values)


@pytest.mark.parametrize(
    ("item12", "flags"),
    [
        (0, ()),
        (1, ("qids_item12_positive",)),
        (2, ("qids_item12_positive", "qids_item12_ge2")),
        (3, ("qids_item12_positive", "qids_item12_ge2")),
    ],
)
def test_qids_item12_flags_regardless_of_total(item12: int, flags: tuple[str, ...]) -> None:
    result = qids_sr16.score(answers({12: item12}))

    assert result.flags == flags
    assert result.total == item12


def test_qids_item12_severities() -> None:
    assert qids_sr16.SPEC.flag("qids_item12_positive").severity == "review"
    assert qids_sr16.SPEC.flag("qids_item12_ge2").severity == "urgent"
