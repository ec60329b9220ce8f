"""PHQ-9 and PHQ-2: worked examples, every band boundary, item 9 and item 10 traps."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import phq2, phq9
from ketacare.domain.instruments.base import InvalidAnswers


def answers(*values: int) -> dict[str, int]:
    return {str(number): value for number, value in enumerate(values, start=1)}


def spread(total: int) -> dict[str, int]:
    """Nine PHQ-9 items summing to `total`, filling item 1 first and item 9 last."""
    values = [0] * 9
    for index in range(9):
        values[index] = min(3, total - sum(values))
    return answers(*values)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none-minimal"),
        (4, "none-minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries_are_lower_bound_inclusive(total: int, band: str) -> None:
    result = phq9.score(spread(total))

    assert result.total == total
    assert result.band == band


def test_phq9_worked_example() -> None:
    result = phq9.score(answers(3, 3, 2, 2, 1, 0, 0, 0, 1, 2))

    assert result.as_dict() == {
        "instrument": "PHQ-9",
        "total": 12,
        "band": "moderate",
        "subscales": {},
        "flags": ["phq9_item9_positive"],
        "details": {
            # Items 1–4 ≥2 plus item 9 ≥1 = five symptoms with a core symptom.
            "major_depressive_syndrome": True,
            "other_depressive_syndrome": False,
            "positive_screen": True,
            "iapt_caseness": True,
            "functional_difficulty": 2,
        },
    }


def test_phq9_item10_is_never_part_of_the_total() -> None:
    without = phq9.score(answers(1, 1, 1, 1, 1, 1, 1, 1, 0))
    with_item10 = phq9.score(answers(1, 1, 1, 1, 1, 1, 1, 1, 0, 3))

    assert without.total == with_item10.total == 8
    assert with_item10.details["functional_difficulty"] == 3


def test_phq9_item10_out_of_range_is_rejected() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 item 10: value 4 is out of range 0–3$"):
        phq9.score(answers(0, 0, 0, 0, 0, 0, 0, 0, 0, 4))


@pytest.mark.parametrize(("item9", "flags"), [(0, ()), (1, ("phq9_item9_positive",))])
def test_phq9_item9_flags_independently_of_a_minimal_total(
    item9: int, flags: tuple[str, ...]
) -> None:
    result = phq9.score(answers(0, 0, 0, 0, 0, 0, 0, 0, item9))

    assert result.band == "none-minimal"
    assert result.flags == flags


def test_phq9_item9_missing_is_always_an_error() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 item 9 is missing$"):
        phq9.score(answers(3, 3, 3, 3, 3, 3, 3, 3))


def test_phq9_total_of_nine_can_meet_major_depressive_syndrome_through_item9() -> None:
    result = phq9.score(answers(2, 2, 2, 2, 0, 0, 0, 0, 1))

    assert result.total == 9
    assert result.band == "mild"
    assert result.details["major_depressive_syndrome"] is True
    assert result.flags == ("phq9_item9_positive",)


def test_phq9_syndrome_needs_a_core_symptom() -> None:
    result = phq9.score(answers(1, 1, 2, 2, 2, 2, 2, 2, 1))

    assert result.details["major_depressive_syndrome"] is False
    assert result.details["other_depressive_syndrome"] is False


@pytest.mark.parametrize(
    ("values", "major", "other"),
    [
        ((2, 0, 2, 0, 0, 0, 0, 0, 0), False, True),  # 2 counted
        ((2, 2, 2, 2, 0, 0, 0, 0, 0), False, True),  # 4 counted
        ((2, 2, 2, 2, 2, 0, 0, 0, 0), True, False),  # 5 counted
        ((2, 0, 0, 0, 0, 0, 0, 0, 0), False, False),  # 1 counted
        ((1, 1, 1, 1, 1, 1, 1, 1, 1), False, False),  # only item 9 counts at 1
    ],
)
def test_phq9_symptom_count_thresholds(values: tuple[int, ...], major: bool, other: bool) -> None:
    result = phq9.score(answers(*values))

    assert result.details["major_depressive_syndrome"] is major
    assert result.details["other_depressive_syndrome"] is other


@pytest.mark.parametrize(("total", "positive"), [(9, False), (10, True)])
def test_phq9_positive_screen_and_caseness_at_ten(total: int, positive: bool) -> None:
    result = phq9.score(spread(total))

    assert result.details["positive_screen"] is positive
    assert result.details["iapt_caseness"] is positive


def test_phq9_labels_ship_because_the_wording_is_free() -> None:
    assert phq9.SPEC.licence.ships_wording
    assert phq9.ITEMS[8].label.startswith("Thoughts that you would be better off dead")
    assert phq9.ITEMS[0].options[0].label == "Not at all"


@pytest.mark.parametrize(
    ("values", "total", "positive"),
    [((0, 0), 0, False), ((1, 1), 2, False), ((2, 1), 3, True), ((3, 3), 6, True)],
)
def test_phq2_positive_screen_at_three(values: tuple[int, int], total: int, positive: bool) -> None:
    result = phq2.score(answers(*values))

    assert result.total == total
    assert result.band is None
    assert result.details == {"positive_screen": positive}
    assert result.flags == ()


def test_phq2_rejects_phq9_items() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-2 has no item 3$"):
        phq2.score(answers(1, 1, 1))


def test_phq2_rejects_context() -> None:
    with pytest.raises(InvalidAnswers, match="takes no context"):
        phq2.score(answers(1, 1), {"cutoff": 3})
