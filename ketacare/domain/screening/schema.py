"""The JSON Schema (draft 2020-12) of the intake profile, built from the same vocabulary.

`parse_profile` stays the authority: cross-field rules (DBP below SBP, remission months that
match the status, cirrhosis needing a Child-Pugh class) are stated in descriptions only.
"""

from __future__ import annotations

from ketacare.domain.screening import profile as p
from ketacare.domain.screening.vocabulary import (
    Coded,
    Condition,
    Diagnosis,
    HepaticFunction,
    PlannedDrug,
    Route,
    Setting,
    Sex,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    Suicidality,
    UsePattern,
)

# A JSON Schema is a JSON object; its values are heterogeneous (strings, lists, nested schemas).
JsonObject = dict[str, object]

SCHEMA_ID = "urn:ketacare:screening:intake-profile:1"


def _codes(vocabulary: type[Coded], description: str) -> JsonObject:
    return {
        "description": description,
        "type": "string",
        "oneOf": [{"const": member.value, "title": member.label} for member in vocabulary],
    }


def _number(bounds: p.Bounds, description: str, *, integer: bool = False) -> JsonObject:
    return {
        "description": f"{description} ({bounds.unit})",
        "type": "integer" if integer else "number",
        "minimum": bounds.low,
        "maximum": bounds.high,
    }


def _nullable(schema: JsonObject) -> JsonObject:
    """Optional fields may be omitted or null; both mean "not recorded"."""
    return {"anyOf": [schema, {"type": "null"}]}


def _object(
    properties: dict[str, JsonObject], required: tuple[str, ...], description: str
) -> JsonObject:
    return {
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": properties,
    }


def _vitals_schema() -> JsonObject:
    return _object(
        {
            "sbp": _number(p.SBP, "resting systolic blood pressure"),
            "dbp": _number(p.DBP, "resting diastolic blood pressure; must be below sbp"),
            "hr": _nullable(_number(p.HR, "resting heart rate; recorded, used by no rule")),
            "spo2": _nullable(_number(p.SPO2, "resting oxygen saturation; missing is flagged")),
        },
        p.VITALS_REQUIRED,
        "Resting vitals at intake. Omit only if not measured: that raises a BP-not-assessed "
        "flag (relative with diagnosed hypertension).",
    )


def _substance_use_schema() -> JsonObject:
    return _object(
        {
            "substance": _codes(Substance, "substance class"),
            "status": _codes(SubstanceStatus, "current status (DSM-5 remission specifiers)"),
            "severity": _nullable(
                _codes(SubstanceSeverity, "use-disorder severity; missing reads as ≥ moderate")
            ),
            "pattern": _nullable(_codes(UsePattern, "pattern of use; missing reads as regular")),
            "last_use_days_ago": _nullable(
                _number(p.LAST_USE_DAYS_AGO, "days since last use", integer=True)
            ),
            "months_in_remission": _nullable(
                _number(
                    p.MONTHS_IN_REMISSION,
                    "months in remission; omit when active, under 12 for in_remission, 12 or "
                    "more for sustained_remission",
                    integer=True,
                )
            ),
        },
        p.SUBSTANCE_REQUIRED,
        "One substance-use history entry.",
    )


def _medication_schema() -> JsonObject:
    return _object(
        {
            "name": {"type": "string", "minLength": 1, "maxLength": 200, "description": "name"},
            "daily_dose_mg": _nullable(
                _number(p.DAILY_DOSE_MG, "total daily dose; needed for benzodiazepines")
            ),
        },
        p.MEDICATION_REQUIRED,
        "A current medication, generic or brand name as written.",
    )


def _list(items: JsonObject, description: str) -> JsonObject:
    return {"description": description, "type": "array", "items": items}


def _profile_properties() -> dict[str, JsonObject]:
    return {
        "age": _number(p.AGE, "age in whole years", integer=True),
        "planned_drug": _codes(PlannedDrug, "planned ketamine product"),
        "planned_route": _codes(Route, "planned route of administration"),
        "setting": _codes(Setting, "where dosing happens"),
        "diagnoses": _list(_codes(Diagnosis, "diagnosis code"), "psychiatric diagnoses"),
        "conditions": _list(_codes(Condition, "condition code"), "conditions for the rules"),
        "substance_use": _list(_substance_use_schema(), "substance-use history ([] if none)"),
        "medications": _list(_medication_schema(), "current medications ([] if none)"),
        "pregnant": {"type": "boolean", "description": "currently pregnant (asked of everyone)"},
        "breastfeeding": {"type": "boolean", "description": "currently breastfeeding"},
        "hepatic_function": _codes(HepaticFunction, "Child-Pugh class (cirrhosis needs one)"),
        "suicidality": _codes(Suicidality, "current suicidal ideation"),
        "allergies": _list(
            {"type": "string", "minLength": 1, "maxLength": 200}, "allergy names ([] if none)"
        ),
        "sex": _nullable(_codes(Sex, "sex; used by no rule")),
        "weight_kg": _nullable(
            {"type": "number", "exclusiveMinimum": 0, "maximum": 500, "description": "kg"}
        ),
        "vitals": _nullable(_vitals_schema()),
        "escort_available": _nullable(
            {"type": "boolean", "description": "escort home confirmed; missing is flagged"}
        ),
    }


def profile_json_schema() -> JsonObject:
    """Return the JSON Schema of the intake profile accepted by `parse_profile`.

    Returns:
        A draft 2020-12 JSON Schema as a dict (code lists carry their labels as `title`).
    """
    schema = _object(
        _profile_properties(),
        p.PROFILE_REQUIRED,
        "Intake profile screened by `ketacare screen` (see docs/screening.md).",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ketacare intake profile",
        **schema,
    }
