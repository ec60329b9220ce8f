"""Synthetic intake answers: a complete profile by step, and conditions by severity."""

from __future__ import annotations

STEP_DATA: dict[int, dict[str, object]] = {
    1: {"age": 40, "sex": "not_stated", "weight_kg": 70},
    2: {
        "planned_drug": "racemic_ketamine",
        "planned_route": "im",
        "setting": "clinic",
        "escort_available": True,
    },
    3: {
        "diagnoses": ["major_depressive_disorder"],
        "conditions": [],
        "pregnant": False,
        "breastfeeding": False,
        "hepatic_function": "normal",
    },
    4: {"substance_use": [], "medications": []},
    5: {"suicidality": "none"},
    6: {"vitals": {"sbp": 120, "dbp": 80, "spo2": 98}, "allergies": []},
}

# Condition code → the absolute flag it raises (docs/screening.md, "Condition codes").
ABSOLUTE = {
    "intracranial_aneurysm": "CI_ANEURYSMAL_VASCULAR_DISEASE",
    "cerebral_avm": "CI_AVM",
    "intracerebral_hemorrhage": "CI_ICH_HISTORY",
    "raised_icp": "CI_RAISED_ICP",
    "unstable_angina": "CI_UNSTABLE_CARDIOVASCULAR",
    "current_psychotic_symptoms": "CI_ACTIVE_PSYCHOSIS",
    "current_mania": "CI_ACTIVE_MANIA",
}
NOT_ABSOLUTE = ["bipolar_i", "arrhythmia", "family_history_schizophrenia_first_degree"]

# What a client posts on each step (HTML form values).
FORM_DATA: dict[int, dict[str, str | list[str]]] = {
    1: {"age": "40", "sex": "not_stated", "weight_kg": "70"},
    2: {
        "planned_drug": "racemic_ketamine",
        "planned_route": "im",
        "setting": "clinic",
        "escort_available": "yes",
    },
    3: {
        "diagnoses": ["major_depressive_disorder"],
        "pregnant": "no",
        "breastfeeding": "no",
        "hepatic_function": "normal",
    },
    4: {"substance_rows": "3", "medication_rows": "3"},
    5: {"suicidality": "none"},
    6: {"sbp": "120", "dbp": "80", "spo2": "98", "allergies": ""},
}
