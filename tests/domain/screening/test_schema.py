"""The published JSON Schema agrees with `parse_profile` (checked by a small subset validator)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import (
    Condition,
    ProfileError,
    Substance,
    parse_profile,
    profile_json_schema,
)
from ketacare.domain.screening import profile as p

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data and JSON Schema nodes
MakeData = Callable[..., JsonDict]

TYPES: dict[str, Callable[[object], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


def _valid(schema: JsonDict, value: object) -> bool:
    """A validator for the JSON Schema keywords this schema uses (no jsonschema dependency)."""
    if "anyOf" in schema:
        return any(_valid(option, value) for option in schema["anyOf"])
    if not TYPES[schema["type"]](value):
        return False
    if "oneOf" in schema and value not in [option["const"] for option in schema["oneOf"]]:
        return False
    return _valid_bounds(schema, value) and _valid_children(schema, value)


def _valid_bounds(schema: JsonDict, value: Any) -> bool:  # Any: a JSON scalar
    if isinstance(value, str):
        return bool(schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        above = value > schema.get("exclusiveMinimum", value - 1) and value >= schema.get(
            "minimum", value
        )
        return bool(above and value <= schema.get("maximum", value))
    return True


def _valid_children(schema: JsonDict, value: object) -> bool:
    if isinstance(value, list):
        return all(_valid(schema["items"], item) for item in value)
    if isinstance(value, dict):
        properties = schema["properties"]
        return (
            set(value) <= set(properties)
            and all(value.get(key) is not None for key in schema["required"])
            and all(_valid(properties[key], item) for key, item in value.items())
        )
    return True


SCHEMA: JsonDict = profile_json_schema()


def test_schema_is_json_and_declares_draft_2020_12() -> None:
    assert json.loads(json.dumps(SCHEMA)) == SCHEMA
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_lists_the_parser_fields_and_required_fields() -> None:
    properties = SCHEMA["properties"]
    vitals = properties["vitals"]["anyOf"][0]
    medication = properties["medications"]["items"]
    substance = properties["substance_use"]["items"]

    assert SCHEMA["required"] == list(p.PROFILE_REQUIRED)
    assert set(properties) == {*p.PROFILE_REQUIRED, *p.PROFILE_OPTIONAL}
    assert set(vitals["properties"]) == {*p.VITALS_REQUIRED, *p.VITALS_OPTIONAL}
    assert set(medication["properties"]) == {*p.MEDICATION_REQUIRED, *p.MEDICATION_OPTIONAL}
    assert set(substance["properties"]) == {*p.SUBSTANCE_REQUIRED, *p.SUBSTANCE_OPTIONAL}
    assert all(node["additionalProperties"] is False for node in (SCHEMA, vitals, medication))


def test_schema_code_lists_carry_every_code_with_its_label() -> None:
    conditions = SCHEMA["properties"]["conditions"]["items"]["oneOf"]
    substances = SCHEMA["properties"]["substance_use"]["items"]["properties"]["substance"]

    assert conditions == [{"const": c.value, "title": c.label} for c in Condition]
    assert [option["const"] for option in substances["oneOf"]] == list(Substance.codes())


def test_healthy_profile_is_valid_under_the_schema(make_data: MakeData) -> None:
    assert _valid(SCHEMA, make_data())


@pytest.mark.parametrize(
    "overrides",
    [
        {"age": "40"},
        {"age": 121},
        {"weight_kg": 0},
        {"planned_route": "rectal"},
        {"conditions": ["gout"]},
        {"vitals": {"sbp": 120}},
        {"vitals": {"sbp": 120, "dbp": 80, "spo2": 101}},
        {"medications": [{"name": ""}]},
        {"substance_use": [{"substance": "alcohol", "status": "daily"}]},
        {"allergies": [3]},
        {"extra": True},
    ],
)
def test_schema_and_parser_both_reject_invalid_profiles(
    make_data: MakeData, overrides: JsonDict
) -> None:
    data = make_data(**overrides)

    assert not _valid(SCHEMA, data)
    with pytest.raises(ProfileError):
        parse_profile(data)


def test_schema_requires_every_required_field(make_data: MakeData) -> None:
    for field in p.PROFILE_REQUIRED:
        data = make_data()
        del data[field]
        assert not _valid(SCHEMA, data), field
