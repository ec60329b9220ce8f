"""Shared types and the answer reader: messages name the instrument and the item."""

from __future__ import annotations

import math

import pytest

from ketacare.domain.instruments import edi, phq9
from ketacare.domain.instruments.base import (
    Band,
    Direction,
    InstrumentScore,
    InvalidAnswers,
    Item,
    Licence,
    LicenceStatus,
    Option,
    band_label,
    format_number,
    labelled_options,
    numbered_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
    require_consistent_skip,
    require_items,
)


def phq9_answers(**overrides: object) -> dict[str, object]:
    answers: dict[str, object] = {str(n): 1 for n in range(1, 10)}
    answers.update({key.removeprefix("i"): value for key, value in overrides.items()})
    return answers


def test_out_of_range_message_names_instrument_item_and_range() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 item 9: value 4 is out of range 0–3$"):
        phq9.score(phq9_answers(i9=4))


def test_missing_item_message_names_the_item() -> None:
    answers = phq9_answers()
    del answers["3"]

    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 item 3 is missing$"):
        phq9.score(answers)


def test_unknown_item_message_names_the_item() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 has no item 12$"):
        phq9.score(phq9_answers(i12=0))


def test_unknown_item_is_reported_before_a_missing_one() -> None:
    answers = phq9_answers(i12=0)
    del answers["3"]

    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 has no item 12$"):
        phq9.score(answers)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "PHQ-9 item 1: value True is not a number"),
        (False, "PHQ-9 item 1: value False is not a number"),
        ("2", "PHQ-9 item 1: value '2' is not a number"),
        ([2], "PHQ-9 item 1: value [2] is not a number"),
        (2.0, "PHQ-9 item 1: value 2.0 is not an integer"),
        (1.5, "PHQ-9 item 1: value 1.5 is not an integer"),
        (-1, "PHQ-9 item 1: value -1 is out of range 0–3"),
    ],
)
def test_reader_rejects_non_integer_and_out_of_range_values(value: object, message: str) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        phq9.score(phq9_answers(i1=value))

    assert str(raised.value) == message


def test_reader_rejects_non_string_keys() -> None:
    answers: dict[object, object] = {12: 0}
    answers.update(phq9_answers())

    with pytest.raises(InvalidAnswers, match=r"item keys must be strings, got 12"):
        phq9.score(answers)  # type: ignore[arg-type]


def test_reader_rejects_answers_that_are_not_a_mapping() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 answers must be an object"):
        phq9.score([1, 2, 3])  # type: ignore[arg-type]


def test_null_answer_counts_as_not_answered() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 item 9 is missing$"):
        phq9.score(phq9_answers(i9=None))


def test_optional_null_answer_is_accepted() -> None:
    result = phq9.score(phq9_answers(i10=None))

    assert result.details["functional_difficulty"] is None


def test_other_integral_types_are_normalised_to_int() -> None:
    class Count(int):
        pass

    result = phq9.score(phq9_answers(i1=Count(3)))

    assert result.total == 11
    assert type(result.total) is int


def test_non_contiguous_options_list_allowed_values() -> None:
    item = Item("9", "Injury", (Option(0, "No"), Option(2, "Yes"), Option(4, "Yes, recent")), 0, 4)
    reader = AnswerReader("AUDIT", (item,))

    with pytest.raises(InvalidAnswers, match=r"^AUDIT item 9: value 3 is not one of 0, 2, 4$"):
        reader.read({"9": 3})


@pytest.mark.parametrize("value", [0, 0.5, 55, 99.99, 100])
def test_continuous_items_accept_numbers_in_range(value: float) -> None:
    reader = AnswerReader("EDI", edi.ITEMS[:1])

    assert reader.read({"1": value}) == {"1": value}


@pytest.mark.parametrize("value", [-0.01, 100.5, math.nan, math.inf, -math.inf])
def test_continuous_items_reject_out_of_range_and_non_finite(value: float) -> None:
    reader = AnswerReader("EDI", edi.ITEMS[:1])

    with pytest.raises(InvalidAnswers, match=r"^EDI item 1: value .* is out of range 0–100$"):
        reader.read({"1": value})


def test_read_int_refuses_instruments_with_continuous_items() -> None:
    reader = AnswerReader("EDI", edi.ITEMS)

    with pytest.raises(TypeError, match="continuous"):
        reader.read_int({})


def test_continuous_item_allows_no_discrete_values() -> None:
    assert edi.ITEMS[0].allowed == frozenset()
    assert phq9.ITEMS[0].allowed == frozenset({0, 1, 2, 3})


def test_as_dict_has_exactly_the_contract_keys_and_plain_types() -> None:
    score = InstrumentScore("X", 3, "mild", {"a": 1}, ("f",), {"domains": {"sleep": 2}, "k": True})

    result = score.as_dict()

    assert result == {
        "instrument": "X",
        "total": 3,
        "band": "mild",
        "subscales": {"a": 1},
        "flags": ["f"],
        "details": {"domains": {"sleep": 2}, "k": True},
    }
    assert type(result["flags"]) is list


def test_as_dict_leaves_other_detail_values_alone() -> None:
    score = InstrumentScore("X", None, None, {}, (), {"pair": (1, 2), "none": None})

    assert score.as_dict()["details"] == {"pair": (1, 2), "none": None}


def test_band_label_uses_inclusive_lower_bounds() -> None:
    bands = (Band("low", 0, 4), Band("high", 5, 9))

    assert [band_label(bands, total) for total in (0, 4, 4.5, 5, 9)] == [
        "low",
        "low",
        "low",
        "high",
        "high",
    ]
    assert band_label((), 3) is None
    assert band_label(bands, -1) is None


def test_band_table_refuses_bands_with_a_gap() -> None:
    with pytest.raises(ValueError, match="do not cover"):
        band_table((Band("high", 5, 9),), 9)


def test_check_context_accepts_none_and_known_keys() -> None:
    assert check_context("PCL-5", None, ("cutoff",)) == {}
    assert check_context("PCL-5", {"cutoff": 31}, ("cutoff",)) == {"cutoff": 31}


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"cutof": 31}, "PCL-5 takes no context 'cutof' (allowed: cutoff)"),
        ([1], "PCL-5 context must be an object"),
    ],
)
def test_check_context_rejects_unknown_keys_and_non_mappings(context: object, message: str) -> None:
    with pytest.raises(InvalidAnswers) as raised:
        check_context("PCL-5", context, ("cutoff",))  # type: ignore[arg-type]

    assert str(raised.value) == message


def test_instrument_without_context_says_it_takes_none() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PHQ-9 takes no context 'sex' \(allowed: none\)$"):
        phq9.score(phq9_answers(), {"sex": "male"})


def test_skip_helpers_name_the_item() -> None:
    with pytest.raises(InvalidAnswers, match=r"^X item 4: value 1 given for an item the skip"):
        require_consistent_skip("X", {"4": 1}, ("3", "4"))
    with pytest.raises(InvalidAnswers, match=r"^X item 5 is missing$"):
        require_items("X", {"4": 1}, ("4", "5"))


def test_flag_lookup_and_unknown_flag() -> None:
    assert phq9.SPEC.flag("phq9_item9_positive").is_safety

    with pytest.raises(KeyError, match="no flag"):
        phq9.SPEC.flag("nope")


def test_licence_ships_wording_unless_licensed_content() -> None:
    assert Licence(LicenceStatus.FREE, "h", "t").ships_wording
    assert Licence(LicenceStatus.NON_COMMERCIAL, "h", "t").ships_wording
    assert not Licence(LicenceStatus.LICENSED_CONTENT, "h", "t").ships_wording


def test_option_builders_number_and_label() -> None:
    assert numbered_options(0, 2, {0: "None"}) == (
        Option(0, "0 None"),
        Option(1, "1"),
        Option(2, "2"),
    )
    assert labelled_options(("a", "b"), start=1) == (Option(1, "a"), Option(2, "b"))


def test_format_number_drops_trailing_zero() -> None:
    assert [format_number(v) for v in (3, 3.0, 4.31)] == ["3", "3", "4.31"]


def test_spec_score_and_band_for_delegate() -> None:
    assert phq9.SPEC.score(phq9_answers()).total == 9
    assert phq9.SPEC.band_for(20) == "severe"
    assert phq9.SPEC.direction is Direction.HIGHER_IS_WORSE
    assert phq9.SPEC.scored_item_count == 9
