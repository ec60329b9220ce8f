"""Hypothesis properties over every instrument: bounds, monotonicity, rejection, lookup."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketacare.domain.instruments import INSTRUMENTS, registry
from ketacare.domain.instruments.base import (
    Instrument,
    InstrumentScore,
    InvalidAnswers,
    Item,
    Number,
)
from ketacare.domain.instruments.change import change, detect_relapse, reliable_change, response

Answers = dict[str, Number]
CODES = list(INSTRUMENTS)
RISK_ORDER = ("none", "low", "moderate", "high")
SKIPPED_WHEN_ZERO: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    # (gating items whose sum 0 skips …, … these items), applied in order.
    "AUDIT": (
        (("1",), ("2", "3", "4", "5", "6", "7", "8")),
        (("2", "3"), ("4", "5", "6", "7", "8")),
    ),
    "AUDIT-C": ((("1",), ("2", "3")),),
    "C-SSRS": ((("2",), ("3", "4", "5")), (("6",), ("6_recent",))),
}


def consistent(code: str, answers: Answers) -> Answers:
    """Zero the items the form's skip logic skips, so a full answer set is valid."""
    fixed = dict(answers)
    for gates, skipped in SKIPPED_WHEN_ZERO.get(code, ()):
        if sum(fixed[key] for key in gates) == 0:
            fixed.update(dict.fromkeys(skipped, 0))
    return fixed


def item_values(item: Item) -> st.SearchStrategy[Number]:
    if item.continuous:
        return st.one_of(
            st.integers(0, 100), st.floats(0, 100, allow_nan=False, allow_infinity=False)
        )
    return st.sampled_from(sorted(item.allowed))


@st.composite
def valid_answers(draw: st.DrawFn, spec: Instrument) -> Answers:
    drawn = draw(st.fixed_dictionaries({item.key: item_values(item) for item in spec.items}))
    return consistent(spec.code, drawn)


def spec_and_answers() -> st.SearchStrategy[tuple[Instrument, Answers]]:
    return st.sampled_from(list(INSTRUMENTS.values())).flatmap(
        lambda spec: st.tuples(st.just(spec), valid_answers(spec))
    )


def order(spec: Instrument, result: InstrumentScore) -> Number:
    if spec.code == "C-SSRS":
        return RISK_ORDER.index(str(result.band))
    assert result.total is not None
    return result.total


@settings(max_examples=400, deadline=None)
@given(spec_and_answers())
def test_valid_answers_score_within_bounds_with_consistent_band(
    case: tuple[Instrument, Answers],
) -> None:
    spec, answers = case

    result = spec.score(answers)

    assert result.instrument == spec.code
    assert set(result.flags) <= {flag.name for flag in spec.flags}
    if spec.total_min is None or spec.total_max is None:
        assert result.total is None
        return
    assert result.total is not None
    assert spec.total_min <= result.total <= spec.total_max
    if spec.bands:
        assert result.band == spec.band_for(result.total)


def signed_step(item: Item) -> int:
    """+1 if raising this item may only raise the ordering score, -1 if only lower it."""
    return -1 if item.reverse else 1


@settings(max_examples=400, deadline=None)
@given(spec_and_answers(), st.data())
def test_raising_one_item_moves_the_score_one_way(
    case: tuple[Instrument, Answers], data: st.DataObject
) -> None:
    spec, answers = case
    item = data.draw(st.sampled_from([item for item in spec.items if item.scored]))
    higher = data.draw(
        st.floats(answers[item.key], item.maximum)
        if item.continuous
        else st.sampled_from([v for v in sorted(item.allowed) if v >= answers[item.key]])
    )

    before = order(spec, spec.score(answers))
    after = order(spec, spec.score(consistent(spec.code, {**answers, item.key: higher})))

    assert (after - before) * signed_step(item) >= 0


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[Instrument, dict[str, object]]:
    spec, answers = draw(spec_and_answers())
    values: dict[str, object] = dict(answers)
    item = draw(st.sampled_from(spec.items))
    kind = draw(st.sampled_from(["above", "below", "bool", "text", "unknown", "missing", "float"]))
    if kind == "above":
        values[item.key] = int(item.maximum) + draw(st.integers(1, 1000))
    elif kind == "below":
        values[item.key] = int(item.minimum) - draw(st.integers(1, 1000))
    elif kind == "bool":
        values[item.key] = draw(st.booleans())
    elif kind == "text":
        values[item.key] = draw(st.text(max_size=3))
    elif kind == "unknown":
        values[draw(st.sampled_from(["0", "99", "1a", "item1", ""]))] = 0
    elif kind == "missing":
        required = [candidate for candidate in spec.items if candidate.required]
        del values[draw(st.sampled_from(required)).key]
    else:
        integer_items = [candidate for candidate in spec.items if not candidate.continuous]
        if not integer_items:
            values[item.key] = float("nan")
        else:
            values[draw(st.sampled_from(integer_items)).key] = draw(
                st.sampled_from([0.5, 1.5, 2.0])
            )
    return spec, values


@settings(max_examples=500, deadline=None)
@given(corrupted())
def test_invalid_input_is_always_rejected(case: tuple[Instrument, dict[str, object]]) -> None:
    spec, values = case

    with pytest.raises(InvalidAnswers):
        spec.score(values)


@settings(max_examples=300, deadline=None)
@given(spec_and_answers(), st.data())
def test_skipped_item_answered_non_zero_is_rejected(
    case: tuple[Instrument, Answers], data: st.DataObject
) -> None:
    spec, answers = case
    rules = SKIPPED_WHEN_ZERO.get(spec.code, ())
    skipped = [
        key for gates, keys in rules if sum(answers[gate] for gate in gates) == 0 for key in keys
    ]
    if not skipped:
        return
    item = {item.key: item for item in spec.items}[data.draw(st.sampled_from(skipped))]
    non_zero = data.draw(st.sampled_from(sorted(item.allowed - {0})))

    with pytest.raises(InvalidAnswers, match="skip"):
        spec.score({**answers, item.key: non_zero})


@given(st.sampled_from(CODES), st.data())
def test_lookup_ignores_case_separators_and_screener(code: str, data: st.DataObject) -> None:
    separators = st.sampled_from(["", "", " ", "-", "_", " - "])
    parts: list[str] = []
    for character in code:
        if character == "-":
            parts.append(data.draw(separators))
        else:
            parts.append(character.upper() if data.draw(st.booleans()) else character.lower())
            parts.append(data.draw(separators))
    if data.draw(st.booleans()):
        parts.append(data.draw(st.sampled_from([" screener", "-Screener", "_SCREENER"])))

    assert registry.lookup("".join(parts)).code == code


@given(st.integers(1, 200), st.integers(0, 200))
def test_integer_response_rule_equals_exact_fifty_percent(baseline: int, followup: int) -> None:
    exact = Fraction(baseline - followup, baseline) >= Fraction(1, 2)

    assert response(baseline, followup) is exact


@given(
    st.integers(0, 27),
    st.integers(0, 27),
    st.floats(0.5, 20),
    st.floats(0, 0.99),
)
def test_reliable_change_is_symmetric(b: int, f: int, sd: float, r: float) -> None:
    forward = reliable_change(b, f, sd=sd, reliability=r)
    backward = reliable_change(f, b, sd=sd, reliability=r)

    assert forward.reliable is backward.reliable
    assert forward.rci == pytest.approx(-backward.rci)


@given(st.integers(0, 27), st.integers(0, 27))
def test_phq9_cannot_both_improve_and_deteriorate(baseline: int, followup: int) -> None:
    metrics = change("PHQ-9", baseline, followup).metrics

    assert not (metrics.reliable_improvement and metrics.reliable_deterioration)
    assert (metrics.recovery is None) is (baseline < 10)


@given(
    st.lists(
        st.tuples(st.integers(-30, 400), st.integers(0, 60)), max_size=12, unique_by=lambda a: a[0]
    ).flatmap(lambda series: st.tuples(st.just(series), st.permutations(series)))
)
def test_relapse_does_not_depend_on_input_order(
    case: tuple[list[tuple[int, int]], list[tuple[int, int]]],
) -> None:
    assessments, shuffled = case

    assert detect_relapse(assessments) == detect_relapse(shuffled)
