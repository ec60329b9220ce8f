"""Presenting a stored response: item-level answers with their labels, and plain-words results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ketacare.domain.instruments import INSTRUMENTS, Instrument, lookup
from ketacare.domain.instruments.base import Direction, format_number
from ketacare.measures.charts import Chart, Sample, chart_build, scored, short_date
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse


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


@dataclass(frozen=True)
class History:
    """One instrument's scored responses over time: the chart, its table and a sentence."""

    instrument: Instrument
    chart: Chart
    samples: tuple[Sample, ...]
    sentence: str


def _day(when: Sample, other: Sample) -> str:
    day = short_date(when.when)
    return day if when.when.year == other.when.year else f"{day} {when.when.year}"


def _verdict(instrument: Instrument, went_up: bool) -> str:
    if instrument.direction is Direction.NEUTRAL:
        return "."
    better = went_up == (instrument.direction is Direction.HIGHER_IS_BETTER)
    if better:
        return ", which is a change for the better."
    return ", which is a change for the worse. Your care team will talk it through with you."


def history_sentence(instrument: Instrument, samples: Sequence[Sample]) -> str:
    """Plain words for a client: first and latest score, and whether that is better or worse.

    "Better" follows ``instrument.direction``: lower is better for PHQ-9, higher for WHO-5 and
    BRS; neutral scales (MEQ-30, EDI) are described without a judgement.
    """
    ordered = sorted(samples, key=lambda s: s.when)
    first, last = ordered[0], ordered[-1]
    name = f"Your {instrument.code}"
    if len(ordered) == 1:
        return f"{name} was {scored(last)} on {_day(last, last)}."
    if first.total == last.total:
        return f"{name} stayed at {scored(last)} from {_day(first, last)} to {_day(last, first)}."
    went_up = last.total > first.total
    return (
        f"{name} went {'up' if went_up else 'down'} from {scored(first)} on {_day(first, last)}"
        f" to {scored(last)} on {_day(last, first)}{_verdict(instrument, went_up)}"
    )


def histories(responses: Sequence[QuestionnaireResponse]) -> list[History]:
    """Per instrument (registry order), the scored responses still current (not amended)."""
    amended = {r.amends_id for r in responses if r.amends_id is not None}
    samples: dict[str, list[Sample]] = {}
    for response in responses:
        if response.total is None or response.pk in amended:
            continue
        sample = Sample(response.submitted_at, float(response.total), response.band)
        samples.setdefault(response.instrument_code, []).append(sample)
    result = []
    for code, instrument in INSTRUMENTS.items():
        chart = chart_build(instrument, samples.get(code, ()))
        if chart is not None:
            ordered = tuple(point.sample for point in chart.points)
            result.append(
                History(instrument, chart, ordered, history_sentence(instrument, ordered))
            )
    return result


@dataclass(frozen=True)
class OverdueRow:
    assignment: QuestionnaireAssignment
    days_overdue: int


def overdue_rows(
    assignments: Sequence[QuestionnaireAssignment], now: dt.datetime
) -> list[OverdueRow]:
    """Each overdue assignment with the whole calendar days (UTC) since its due day."""
    today = now.astimezone(dt.UTC).date()
    return [OverdueRow(a, (today - a.due_at.astimezone(dt.UTC).date()).days) for a in assignments]
