"""C-SSRS screener: categorical risk (never a sum), skip logic, Q6 3-month follow-up."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import cssrs
from ketacare.domain.instruments.base import InvalidAnswers

NO_IDEATION = {"1": 0, "2": 0, "6": 0}


def with_thoughts(**yes: int) -> dict[str, int]:
    values = {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0}
    values.update({key.removeprefix("q"): value for key, value in yes.items()})
    return values


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        (NO_IDEATION, "none"),
        ({"1": 1, "2": 0, "6": 0}, "low"),
        ({"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0}, "low"),
        (with_thoughts(), "low"),
        (with_thoughts(q3=1), "moderate"),
        ({"1": 0, "2": 0, "6": 1, "6_recent": 0}, "moderate"),
        (with_thoughts(q4=1), "high"),
        (with_thoughts(q5=1), "high"),
        ({"1": 0, "2": 0, "6": 1, "6_recent": 1}, "high"),
        (with_thoughts(q3=1, q4=1, q5=1, q6=1, q6_recent=1), "high"),
    ],
)
def test_cssrs_highest_risk_level_wins(answers: dict[str, int], level: str) -> None:
    result = cssrs.score(answers)

    assert result.band == level
    assert result.details == {"risk_level": level}
    assert result.total is None


@pytest.mark.parametrize(
    ("answers", "flags"),
    [
        (NO_IDEATION, ()),
        ({"1": 1, "2": 0, "6": 0}, ("cssrs_low_risk",)),
        (with_thoughts(q3=1), ("cssrs_moderate_risk",)),
        (with_thoughts(q3=1, q4=1), ("cssrs_high_risk",)),
    ],
)
def test_cssrs_raises_one_flag_for_the_level_reached(
    answers: dict[str, int], flags: tuple[str, ...]
) -> None:
    assert cssrs.score(answers).flags == flags


def test_cssrs_all_yes_is_high_not_a_sum_of_seven() -> None:
    result = cssrs.score(with_thoughts(q3=1, q4=1, q5=1, q6=1, q6_recent=1))

    assert result.total is None
    assert result.as_dict()["total"] is None


def test_cssrs_q2_no_may_omit_q3_to_q5_or_give_them_as_no() -> None:
    assert cssrs.score({"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}).band == "low"
    assert cssrs.score({"1": 1, "2": 0, "6": 0}).band == "low"


@pytest.mark.parametrize("item", ["3", "4", "5"])
def test_cssrs_q2_no_with_a_yes_to_q3_to_q5_is_rejected(item: str) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        cssrs.score({"1": 1, "2": 0, item: 1, "6": 0})

    assert str(raised.value).startswith(f"C-SSRS item {item}: value 1 given for an item the skip")


@pytest.mark.parametrize("item", ["3", "4", "5"])
def test_cssrs_q2_yes_requires_q3_to_q5(item: str) -> None:
    values = with_thoughts()
    del values[item]

    with pytest.raises(InvalidAnswers, match=f"^C-SSRS item {item} is missing$"):
        cssrs.score(values)


def test_cssrs_q6_yes_requires_the_three_month_follow_up() -> None:
    with pytest.raises(InvalidAnswers, match=r"^C-SSRS item 6_recent is missing$"):
        cssrs.score({"1": 0, "2": 0, "6": 1})


def test_cssrs_q6_no_with_recent_behaviour_is_rejected() -> None:
    with pytest.raises(InvalidAnswers, match=r"^C-SSRS item 6_recent: value 1 given"):
        cssrs.score({"1": 0, "2": 0, "6": 0, "6_recent": 1})


@pytest.mark.parametrize("missing", ["1", "2", "6"])
def test_cssrs_q1_q2_q6_always_required(missing: str) -> None:
    values = dict(NO_IDEATION)
    del values[missing]

    with pytest.raises(InvalidAnswers, match=f"^C-SSRS item {missing} is missing$"):
        cssrs.score(values)


def test_cssrs_wording_is_licensed_content() -> None:
    assert not cssrs.SPEC.licence.ships_wording
    assert all("see licensed form" in item.label for item in cssrs.ITEMS)
