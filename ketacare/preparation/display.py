"""Plain-language views of intake answers, client status and screening flags for templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ketacare.domain.screening import vocabularies
from ketacare.preparation.forms import SUICIDALITY_PLAIN
from ketacare.preparation.models import ScreeningResult
from ketacare.preparation.steps import STEPS

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "not_started": ("Not started", "Your care team asks you to fill in a health questionnaire."),
    "in_progress": (
        "In progress",
        "You have started your health questionnaire. Your answers are saved as you go.",
    ),
    "under_review": (
        "Sent: under review",
        "Thank you. Your care team is reading your answers and will talk with you about next "
        "steps.",
    ),
    "approved": (
        "Ready to go ahead",
        "Your care team has reviewed your answers: you can go ahead.",
    ),
    "approved_with_conditions": (
        "Ready to go ahead, with some conditions",
        "Your care team has reviewed your answers. You can go ahead; they will talk with you "
        "about a few things to put in place first.",
    ),
    "not_suitable_now": (
        "Not suitable right now",
        "Your care team does not think this treatment is the right fit for you at the moment. "
        "This is not a judgement of you. Please talk with your care team: they will explain "
        "and help you find the support that fits.",
    ),
}
_LISTS = {"diagnoses": "diagnoses", "conditions": "conditions"}
_CODES = {
    "sex": "sex",
    "planned_drug": "planned_drug",
    "planned_route": "planned_route",
    "setting": "setting",
    "hepatic_function": "hepatic_function",
}


@dataclass(frozen=True)
class ReviewRow:
    """One answer on the review page."""

    label: str
    answer: str


def _label(vocabulary: str, code: object) -> str:
    for member in vocabularies()[vocabulary]:
        if member.value == code:
            return member.label
    return str(code)


def _plain(name: str, value: object) -> str:  # noqa: PLR0911  (one branch per kind of answer)
    if value is None:
        return "Not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _CODES:
        return _label(_CODES[name], value)
    if name in _LISTS and isinstance(value, list):
        return ", ".join(_label(_LISTS[name], code) for code in value) or "None"
    if name == "suicidality":
        return dict(SUICIDALITY_PLAIN).get(str(value), str(value))
    if name == "substance_use" and isinstance(value, list):
        return "; ".join(_label("substance", e.get("substance")) for e in value) or "None"
    if name == "medications" and isinstance(value, list):
        return "; ".join(str(e.get("name", "")) for e in value) or "None"
    if name == "vitals" and isinstance(value, dict):
        return ", ".join(f"{key} {number}" for key, number in value.items()) or "Not recorded"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "None"
    return str(value)


def review_rows(data: Mapping[str, object], labels: Mapping[str, str]) -> list[ReviewRow]:
    """Every profile field of every step, in order, in plain words."""
    return [
        ReviewRow(labels[name], _plain(name, data.get(name)))
        for step in STEPS
        for name in step.fields
    ]


@dataclass(frozen=True)
class FlagRow:
    """One screening flag for staff: severity, reason, source and evidence tag."""

    code: str
    severity: str
    reason: str
    source: str
    evidence: str
    is_policy: bool


def flag_rows(result: ScreeningResult) -> list[FlagRow]:
    """The stored flags of a result, marking platform-policy [P] rules as such."""
    return [
        FlagRow(
            code=str(flag.get("code", "")),
            severity=str(flag.get("severity", "")),
            reason=str(flag.get("reason", "")),
            source=str(flag.get("source", "")),
            evidence=str(flag.get("evidence", "")),
            is_policy=flag.get("evidence") == "P",
        )
        for flag in result.flags
    ]
