"""Presenting a stored response: item-level answers with their labels, and plain-words results."""

from __future__ import annotations

from dataclasses import dataclass

from ketacare.domain.instruments import lookup
from ketacare.domain.instruments.base import format_number
from ketacare.measures.models import QuestionnaireResponse


@dataclass(frozen=True)
class AnswerRow:
    key: str
    label: str
    answer: str


def answer_rows(response: QuestionnaireResponse) -> list[AnswerRow]:
    """Each item of the response's instrument with the answer given ("not answered" if none)."""
    rows = []
    for item in lookup(response.instrument_code).items:
        value = response.answers.get(item.key)
        if value is None:
            answer = "not answered"
        else:
            labels = {o.value: o.label for o in item.options}
            shown = format_number(value)
            answer = shown if item.continuous else f"{shown} — {labels.get(value, '')}".rstrip(" —")
        rows.append(AnswerRow(item.key, item.label, answer))
    return rows


def plain_result(response: QuestionnaireResponse) -> str:
    """One sentence a client can read: the total and its range, without clinical jargon."""
    instrument = lookup(response.instrument_code)
    if response.total is None:
        return "Thank you. Your answers have been saved and your care team will go through them."
    total = format_number(float(response.total))
    if instrument.total_max is not None:
        total = f"{total} out of {format_number(instrument.total_max)}"
    band = f', which falls in the "{response.band}" range' if response.band else ""
    return f"Thank you. Your score is {total}{band}. Your care team will talk it through with you."


def has_safety_flag(response: QuestionnaireResponse) -> bool:
    """Whether any flag of the response is a safety flag (unknown flags count as safety)."""
    specs = {flag.name: flag for flag in lookup(response.instrument_code).flags}
    return any(name not in specs or specs[name].is_safety for name in response.flags)
