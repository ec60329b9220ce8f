"""Hypothesis properties of profile parsing: unknown fields and wrong types name the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ketacare.domain.screening import ProfileError, parse_profile

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]


KNOWN_KEYS = {
    (): {"age", "sex", "weight_kg", "planned_drug", "planned_route", "setting", "diagnoses",
         "conditions", "substance_use", "medications", "vitals", "pregnant", "breastfeeding",
         "hepatic_function", "suicidality", "escort_available", "allergies"},
    ("vitals",): {"sbp", "dbp", "hr", "spo2"},
    ("medications", 0): {"name", "daily_dose_mg"},
    ("substance_use", 0): {"substance", "status", "severity", "pattern", "last_use_days_ago",
                           "months_in_remission"},
}  # fmt: skip


def _field(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text = f"{text}[{part}]" if isinstance(part, int) else f"{text}.{part}" if text else part
    return text


def _with_nested_items(make_data: MakeData) -> JsonDict:
    return make_data(
        medications=[{"name": "sertraline", "daily_dose_mg": 50}],
        substance_use=[{"substance": "nicotine", "status": "active", "severity": "none"}],
    )


def _node(data: JsonDict, path: tuple[str | int, ...]) -> Any:  # Any: a JSON-like node
    node: Any = data  # Any: walks dicts and lists
    for part in path:
        node = node[part]
    return node


@given(
    level=st.sampled_from(sorted(KNOWN_KEYS, key=len)),
    key=st.text(min_size=1, max_size=12),
    value=st.integers() | st.text(max_size=3) | st.none(),
)
def test_parsing_rejects_any_unknown_field_naming_it(
    make_data: MakeData, level: tuple[str | int, ...], key: str, value: object
) -> None:
    assume(key not in KNOWN_KEYS[level])
    data = _with_nested_items(make_data)
    _node(data, level)[key] = value

    with pytest.raises(ProfileError) as caught:
        parse_profile(data)

    assert caught.value.field == _field((*level, key))
    assert "unknown field" in caught.value.message


KINDS: dict[str, st.SearchStrategy[Any]] = {  # Any: values of every JSON kind
    "int": st.integers(-3, 3),
    "float": st.floats(-3, 3, allow_nan=False).filter(lambda x: not x.is_integer()),
    "bool": st.booleans(),
    "str": st.text(max_size=4),
    "list": st.lists(st.integers(), max_size=2),
    "dict": st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
}
FIELD_KINDS: dict[tuple[str | int, ...], set[str]] = {
    ("age",): {"int"},
    ("weight_kg",): {"int", "float"},
    ("planned_drug",): {"str"},
    ("setting",): {"str"},
    ("hepatic_function",): {"str"},
    ("pregnant",): {"bool"},
    ("escort_available",): {"bool"},
    ("conditions",): {"list"},
    ("medications",): {"list"},
    ("allergies",): {"list"},
    ("vitals",): {"dict"},
    ("vitals", "sbp"): {"int", "float"},
    ("vitals", "spo2"): {"int", "float"},
    ("medications", 0, "name"): {"str"},
    ("medications", 0, "daily_dose_mg"): {"int", "float"},
    ("substance_use", 0, "status"): {"str"},
    ("substance_use", 0, "last_use_days_ago"): {"int"},
}


@st.composite
def wrong_types(draw: st.DrawFn) -> tuple[tuple[str | int, ...], Any]:  # Any: a JSON value
    """A field path and a value of a JSON kind that field never accepts."""
    path = draw(st.sampled_from(sorted(FIELD_KINDS, key=str)))
    kind = draw(st.sampled_from(sorted(set(KINDS) - FIELD_KINDS[path])))
    return path, draw(KINDS[kind])


@given(case=wrong_types())
def test_parsing_rejects_a_wrong_type_naming_the_field(
    make_data: MakeData,
    case: tuple[tuple[str | int, ...], Any],  # Any: a JSON value
) -> None:
    path, value = case
    data = _with_nested_items(make_data)
    _node(data, path[:-1])[path[-1]] = value

    with pytest.raises(ProfileError) as caught:
        parse_profile(data)

    field = caught.value.field
    assert field == _field(path) or field.startswith(f"{_field(path)}[")
