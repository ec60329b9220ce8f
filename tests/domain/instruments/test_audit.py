"""AUDIT and AUDIT-C: zones, Q9/Q10 values 0/2/4, skip logic, sex-specific thresholds."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import audit, auditc
from ketacare.domain.instruments.base import InvalidAnswers


def answers(*values: int) -> dict[str, int]:
    return {str(number): value for number, value in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("values", "total", "zone"),
    [
        ((1, 1, 1, 1, 1, 1, 1, 0, 0, 0), 7, "I"),
        ((1, 1, 1, 1, 1, 1, 1, 1, 0, 0), 8, "II"),
        ((2, 2, 2, 1, 1, 1, 1, 1, 2, 2), 15, "II"),
        ((2, 2, 2, 1, 1, 1, 1, 2, 2, 2), 16, "III"),
        ((3, 3, 3, 1, 1, 1, 1, 2, 2, 2), 19, "III"),
        ((3, 3, 3, 1, 1, 1, 2, 2, 2, 2), 20, "IV"),
        ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 40, "IV"),
    ],
)
def test_audit_zone_boundaries(values: tuple[int, ...], total: int, zone: str) -> None:
    result = audit.score(answers(*values))

    assert result.total == total
    assert result.band == zone
    assert result.details["zone"] == zone


@pytest.mark.parametrize(("item", "value"), [("9", 1), ("9", 3), ("10", 1), ("10", 3)])
def test_audit_items_9_and_10_accept_only_0_2_4(item: str, value: int) -> None:
    values = {**answers(1, 1, 1, 0, 0, 0, 0, 0, 0, 0), item: value}

    with pytest.raises(InvalidAnswers) as raised:
        audit.score(values)

    assert str(raised.value) == f"AUDIT item {item}: value {value} is not one of 0, 2, 4"


def test_audit_never_drinking_skips_to_items_9_and_10() -> None:
    result = audit.score({"1": 0, "9": 2, "10": 0})

    assert result.total == 2
    assert result.details["audit_c"] == 0


def test_audit_zero_on_q2_and_q3_skips_items_4_to_8() -> None:
    result = audit.score({"1": 2, "2": 0, "3": 0, "9": 0, "10": 4})

    assert result.total == 6
    assert result.details["audit_c"] == 2


def test_audit_skipped_items_given_as_zero_are_accepted() -> None:
    result = audit.score(answers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    assert result.total == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"1": 0, "4": 1, "9": 0, "10": 0}, "AUDIT item 4: value 1 given for an item the skip"),
        ({"1": 0, "2": 2, "9": 0, "10": 0}, "AUDIT item 2: value 2 given for an item the skip"),
        (
            {"1": 1, "2": 0, "3": 0, "8": 3, "9": 0, "10": 0},
            "AUDIT item 8: value 3 given for an item the skip",
        ),
    ],
)
def test_audit_rejects_non_zero_answers_to_skipped_items(
    values: dict[str, int], message: str
) -> None:
    with pytest.raises(InvalidAnswers, match=f"^{message}"):
        audit.score(values)


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({"1": 1, "3": 0, "9": 0, "10": 0}, "2"),
        ({"1": 1, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "9": 0, "10": 0}, "8"),
        ({"1": 1, "2": 0, "3": 0, "10": 0}, "9"),
    ],
)
def test_audit_items_that_were_asked_are_required(values: dict[str, int], missing: str) -> None:
    with pytest.raises(InvalidAnswers, match=f"^AUDIT item {missing} is missing$"):
        audit.score(values)


@pytest.mark.parametrize(
    ("values", "zone", "intervention"),
    [
        ((1, 1, 1, 2, 0, 0, 0, 0, 0, 0), "I", "II"),  # Q4 ≥2
        ((1, 1, 1, 0, 0, 2, 0, 0, 0, 0), "I", "II"),  # Q6 ≥2
        ((1, 1, 1, 0, 0, 0, 0, 0, 4, 0), "I", "II"),  # Q9 = 4
        ((1, 1, 1, 0, 0, 0, 0, 0, 0, 4), "I", "II"),  # Q10 = 4
        ((1, 1, 1, 1, 1, 1, 0, 0, 2, 2), "II", "II"),  # no trigger
        ((4, 4, 4, 4, 4, 0, 0, 0, 0, 0), "IV", "IV"),  # capped
    ],
)
def test_audit_intervention_zone_steps_up_one(
    values: tuple[int, ...], zone: str, intervention: str
) -> None:
    result = audit.score(answers(*values))

    assert result.details["zone"] == zone
    assert result.details["intervention_zone"] == intervention


def test_audit_and_auditc_loinc_codes_are_not_swapped() -> None:
    assert (audit.SPEC.loinc.panel, audit.SPEC.loinc.total) == ("72110-0", "75624-7")
    assert (auditc.SPEC.loinc.panel, auditc.SPEC.loinc.total) == ("72109-2", "75626-2")


@pytest.mark.parametrize(
    ("context", "total", "positive", "threshold"),
    [
        ({"sex": "male"}, 3, False, 4),
        ({"sex": "male"}, 4, True, 4),
        ({"sex": "female"}, 2, False, 3),
        ({"sex": "female"}, 3, True, 3),
        ({"sex": " Female "}, 3, True, 3),
        (None, 3, True, 3),
        ({"sex": None}, 2, False, 3),
        ({"sex": "unknown"}, 3, True, 3),
        ({"sex": "other"}, 3, True, 3),
    ],
)
def test_auditc_threshold_is_sex_specific_and_lower_when_unknown(
    context: dict[str, object] | None, total: int, positive: bool, threshold: int
) -> None:
    result = auditc.score({"1": 1, "2": total - 1, "3": 0}, context)

    assert result.total == total
    assert result.details["positive"] is positive
    assert result.details["threshold"] == threshold


def test_auditc_rejects_a_non_string_sex() -> None:
    with pytest.raises(InvalidAnswers, match=r"^AUDIT-C context sex: 1 is not one of"):
        auditc.score({"1": 1, "2": 1, "3": 1}, {"sex": 1})


def test_auditc_rejects_unknown_context() -> None:
    with pytest.raises(InvalidAnswers, match=r"takes no context 'gender'"):
        auditc.score({"1": 1, "2": 1, "3": 1}, {"gender": "male"})


def test_auditc_points_only_from_q1_ask_for_clinician_review() -> None:
    result = auditc.score({"1": 4, "2": 0, "3": 0}, {"sex": "male"})

    assert result.details["positive"] is True
    assert result.details["all_points_from_q1"] is True


def test_auditc_points_from_other_items_are_not_q1_only() -> None:
    assert auditc.score({"1": 1, "2": 1, "3": 0}).details["all_points_from_q1"] is False
    assert auditc.score({"1": 0}).details["all_points_from_q1"] is False


def test_auditc_never_drinking_skips_q2_and_q3() -> None:
    assert auditc.score({"1": 0}).total == 0

    with pytest.raises(InvalidAnswers, match="skip"):
        auditc.score({"1": 0, "3": 1})


def test_auditc_q2_and_q3_required_when_drinking() -> None:
    with pytest.raises(InvalidAnswers, match=r"^AUDIT-C item 3 is missing$"):
        auditc.score({"1": 1, "2": 1})


def test_auditc_has_no_item_4() -> None:
    with pytest.raises(InvalidAnswers, match=r"^AUDIT-C has no item 4$"):
        auditc.score({"1": 1, "2": 1, "3": 1, "4": 0})
