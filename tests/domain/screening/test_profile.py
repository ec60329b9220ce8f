"""Parsing the intake profile: required and optional fields, types, ranges, codes, consistency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import (
    Condition,
    HepaticFunction,
    IntakeProfile,
    ProfileError,
    Route,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    SubstanceUse,
    Vitals,
    parse_profile,
)
from ketacare.domain.screening.profile import PROFILE_OPTIONAL, PROFILE_REQUIRED

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]


def _error(data: object) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    return caught.value


def test_parse_profile_reads_the_healthy_profile(make_data: MakeData) -> None:
    profile = parse_profile(make_data())

    assert isinstance(profile, IntakeProfile)
    assert profile.age == 40
    assert profile.planned_route is Route.IV
    assert profile.vitals == Vitals(sbp=120, dbp=78, hr=70, spo2=98)
    assert profile.escort_available is True
    assert profile.hepatic_function is HepaticFunction.NORMAL


def test_parse_profile_rejects_a_non_object() -> None:
    error = _error(["not", "an", "object"])

    assert error.field == "profile"
    assert str(error) == "profile: must be a JSON object"


@pytest.mark.parametrize("field", PROFILE_REQUIRED)
def test_parse_profile_requires_field(make_data: MakeData, field: str) -> None:
    data = make_data()
    del data[field]

    error = _error(data)

    assert error.field == field
    assert "required" in error.message


@pytest.mark.parametrize("field", PROFILE_REQUIRED)
def test_parse_profile_treats_null_required_field_as_missing(
    make_data: MakeData, field: str
) -> None:
    assert _error(make_data(**{field: None})).field == field


@pytest.mark.parametrize("field", PROFILE_OPTIONAL)
def test_parse_profile_accepts_missing_or_null_optional_field(
    make_data: MakeData, field: str
) -> None:
    data = make_data()
    del data[field]

    missing, null = parse_profile(data), parse_profile(make_data(**{field: None}))

    assert getattr(missing, field) is None
    assert getattr(null, field) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"vitals": {"sbp": 120, "dbp": 80, "temp": 37}}, "vitals.temp"),
        ({"medications": [{"name": "sertraline", "dose": 50}]}, "medications[0].dose"),
        (
            {"substance_use": [{"substance": "alcohol", "status": "active", "amount": 3}]},
            "substance_use[0].amount",
        ),
    ],
)
def test_parse_profile_rejects_unknown_fields(
    make_data: MakeData, overrides: JsonDict, field: str
) -> None:
    error = _error(make_data(**overrides))

    assert error.field == field
    assert "unknown field" in error.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"age": "40"}, "age"),
        ({"age": 40.5}, "age"),
        ({"age": True}, "age"),
        ({"age": -1}, "age"),
        ({"age": 121}, "age"),
        ({"weight_kg": 0}, "weight_kg"),
        ({"weight_kg": "70"}, "weight_kg"),
        ({"pregnant": "no"}, "pregnant"),
        ({"pregnant": 0}, "pregnant"),
        ({"escort_available": "yes"}, "escort_available"),
        ({"diagnoses": "ptsd"}, "diagnoses"),
        ({"diagnoses": ["ptsd", 3]}, "diagnoses[1]"),
        ({"conditions": {"hypertension": True}}, "conditions"),
        ({"allergies": [""]}, "allergies[0]"),
        ({"allergies": ["x" * 201]}, "allergies[0]"),
        ({"vitals": [120, 80]}, "vitals"),
        ({"vitals": {"sbp": "120", "dbp": 80}}, "vitals.sbp"),
        ({"vitals": {"sbp": 120}}, "vitals.dbp"),
        ({"vitals": {"sbp": 120, "dbp": 80, "spo2": 101}}, "vitals.spo2"),
        ({"vitals": {"sbp": 120, "dbp": 80, "hr": 10}}, "vitals.hr"),
        ({"vitals": {"sbp": 120, "dbp": 80, "spo2": float("nan")}}, "vitals.spo2"),
        ({"vitals": {"sbp": 80, "dbp": 80}}, "vitals.dbp"),
        (
            {"medications": [{"name": "a"}, {"name": "b"}, {"name": "c", "daily_dose_mg": -1}]},
            "medications[2].daily_dose_mg",
        ),
        ({"medications": [{"daily_dose_mg": 5}]}, "medications[0].name"),
        ({"medications": ["sertraline"]}, "medications[0]"),
        ({"substance_use": [{"substance": "alcohol"}]}, "substance_use[0].status"),
        (
            {"substance_use": [{"substance": "alcohol", "status": "active", "severity": "huge"}]},
            "substance_use[0].severity",
        ),
        (
            {"substance_use": [{"substance": "x", "status": "active"}]},
            "substance_use[0].substance",
        ),
        (
            {"substance_use": [{"substance": "alcohol", "status": "active", "pattern": 1}]},
            "substance_use[0].pattern",
        ),
        (
            {
                "substance_use": [
                    {"substance": "alcohol", "status": "active", "last_use_days_ago": -2}
                ]
            },
            "substance_use[0].last_use_days_ago",
        ),
    ],
)
def test_parse_profile_rejects_wrong_type_or_range_naming_the_field(
    make_data: MakeData, overrides: JsonDict, field: str
) -> None:
    assert _error(make_data(**overrides)).field == field


def test_parse_profile_error_message_names_field_and_rule(make_data: MakeData) -> None:
    data = make_data(medications=[{"name": "a"}, {"name": "b"}, {"name": "c", "daily_dose_mg": -1}])

    assert str(_error(data)).startswith("medications[2].daily_dose_mg: must be a number ≥ 0")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("planned_drug", "arketamine"),
        ("planned_route", "rectal"),
        ("setting", "festival"),
        ("hepatic_function", "child_pugh_d"),
        ("suicidality", "maybe"),
        ("sex", "unknown"),
    ],
)
def test_parse_profile_rejects_unknown_code(make_data: MakeData, field: str, value: str) -> None:
    error = _error(make_data(**{field: value}))

    assert error.field == field
    assert repr(value) in error.message


def test_parse_profile_names_unknown_condition_code_and_points_to_the_list(
    make_data: MakeData,
) -> None:
    error = _error(make_data(conditions=["hypertension", "gout"]))

    assert error.field == "conditions[1]"
    assert "'gout'" in error.message
    assert "ketacare screen --codes" in error.message


def test_parse_profile_collapses_duplicate_codes(make_data: MakeData) -> None:
    profile = parse_profile(make_data(conditions=["hypertension", "hypertension"]))

    assert profile.conditions == frozenset({Condition.HYPERTENSION})


def test_parse_profile_keeps_medications_and_allergies_in_order(make_data: MakeData) -> None:
    profile = parse_profile(
        make_data(
            medications=[{"name": " Sertraline ", "daily_dose_mg": 50}, {"name": "lithium"}],
            allergies=["penicillin", "latex"],
        )
    )

    assert [m.name for m in profile.medications] == ["Sertraline", "lithium"]
    assert profile.medications[1].daily_dose_mg is None
    assert profile.allergies == ("penicillin", "latex")


REMISSION_MONTHS = "substance_use[0].months_in_remission"


@pytest.mark.parametrize(
    ("status", "months"),
    [("active", 3), ("in_remission", 12), ("sustained_remission", 11)],
)
def test_parse_profile_rejects_remission_months_that_contradict_status(
    make_data: MakeData, status: str, months: int
) -> None:
    entry = {"substance": "cannabis", "status": status, "months_in_remission": months}

    assert _error(make_data(substance_use=[entry])).field == REMISSION_MONTHS


def test_parse_profile_requires_child_pugh_class_with_cirrhosis(make_data: MakeData) -> None:
    error = _error(make_data(conditions=["cirrhosis"]))

    assert error.field == "hepatic_function"


def test_parse_profile_accepts_cirrhosis_with_child_pugh_class(make_data: MakeData) -> None:
    profile = parse_profile(make_data(conditions=["cirrhosis"], hepatic_function="child_pugh_a"))

    assert profile.hepatic_function is HepaticFunction.CHILD_PUGH_A


@pytest.mark.parametrize(
    "substance_use",
    [[], [{"substance": "alcohol", "status": "active", "severity": "none"}]],
)
def test_parse_profile_requires_alcohol_entry_with_alcohol_use_disorder_diagnosis(
    make_data: MakeData, substance_use: list[JsonDict]
) -> None:
    data = make_data(diagnoses=["alcohol_use_disorder"], substance_use=substance_use)

    assert _error(data).field == "substance_use"


def test_parse_profile_requires_opioid_remission_entry_with_opioid_condition(
    make_data: MakeData,
) -> None:
    active = [{"substance": "opioids", "status": "active", "severity": "mild"}]
    data = make_data(conditions=["opioid_use_disorder_in_remission"], substance_use=active)

    assert _error(data).field == "substance_use"


@pytest.mark.parametrize(
    ("status", "months", "last_use_days_ago", "is_remote"),
    [
        (SubstanceStatus.ACTIVE, None, 400, False),
        (SubstanceStatus.IN_REMISSION, None, None, False),
        (SubstanceStatus.IN_REMISSION, 11, None, False),
        (SubstanceStatus.SUSTAINED_REMISSION, None, None, True),
        (SubstanceStatus.SUSTAINED_REMISSION, 12, None, True),
        (SubstanceStatus.SUSTAINED_REMISSION, 12, 364, False),
        (SubstanceStatus.SUSTAINED_REMISSION, 24, 365, True),
    ],
)
def test_substance_use_is_remote_only_when_last_use_is_known_to_be_12_months_ago(
    status: SubstanceStatus, months: int | None, last_use_days_ago: int | None, is_remote: bool
) -> None:
    entry = SubstanceUse(
        substance=Substance.CANNABIS,
        status=status,
        severity=SubstanceSeverity.MODERATE,
        months_in_remission=months,
        last_use_days_ago=last_use_days_ago,
    )

    assert entry.is_remote is is_remote
