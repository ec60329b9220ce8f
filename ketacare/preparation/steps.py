"""The steps of the intake form: which profile fields each step owns, in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One page of the intake: its number, title and the profile fields it owns."""

    number: int
    title: str
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(1, "About you", ("age", "sex", "weight_kg")),
    Step(
        2, "Your treatment plan", ("planned_drug", "planned_route", "setting", "escort_available")
    ),
    Step(
        3,
        "Your health",
        ("diagnoses", "conditions", "pregnant", "breastfeeding", "hepatic_function"),
    ),
    Step(4, "Substances and medicines", ("substance_use", "medications")),
    Step(5, "How you have been feeling", ("suicidality",)),
    Step(6, "Vital signs and allergies", ("vitals", "allergies")),
    Step(7, "Check and send", ()),
)
LAST_STEP = STEPS[-1].number
STEP_BY_NUMBER = {step.number: step for step in STEPS}

FIELD_LABELS: dict[str, str] = {
    "age": "Age",
    "sex": "Sex",
    "weight_kg": "Weight (kg)",
    "planned_drug": "Planned medicine",
    "planned_route": "How it will be given",
    "setting": "Where the sessions will happen",
    "escort_available": "Someone to take you home or stay with you",
    "diagnoses": "Diagnoses",
    "conditions": "Health conditions",
    "pregnant": "Pregnant",
    "breastfeeding": "Breastfeeding",
    "hepatic_function": "Liver health",
    "substance_use": "Alcohol and other substances",
    "medications": "Medicines",
    "suicidality": "Thoughts of suicide",
    "vitals": "Vital signs",
    "allergies": "Allergies",
}

_TOP = re.compile(r"^([a-z_]+)")


def top_field(path: str) -> str:
    """The top-level profile field of a path: ``medications[2].name`` → ``medications``."""
    match = _TOP.match(path)
    return match.group(1) if match else ""


def step_for_field(path: str) -> int:
    """The step that owns a profile field path (the review step for anything unknown)."""
    name = top_field(path)
    for step in STEPS:
        if name in step.fields:
            return step.number
    return LAST_STEP


def field_label(path: str) -> str:
    """A plain label for a profile field path (the path itself when unknown)."""
    return FIELD_LABELS.get(top_field(path), path)
