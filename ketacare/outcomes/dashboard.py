"""The lead's practice dashboard: filters, window rows and the Kaplan–Meier step chart geometry.

Pure presentation of `PracticeOutcomes` (already small-cell suppressed): the SVG is drawn by
the template from the coordinates computed here, with no JavaScript and no inline styles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms

from ketacare.domain.outcomes import Count, PracticeOutcomes, Rate, WindowOutcome
from ketacare.domain.protocols import PROTOCOLS

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 40
WINDOW_NAMES = {
    "end_of_induction": "End of induction (days 14–31)",
    "month_1": "1 month (days 21–35)",
    "month_3": "3 months (days 76–104)",
    "month_6": "6 months (days 159–201)",
}


class OutcomeFilterForm(forms.Form):
    """Protocol and period filters (GET); an empty field means no filter."""

    protocol = forms.ChoiceField(
        required=False,
        choices=[("", "All protocols"), *((code, t.name) for code, t in PROTOCOLS.items())],
    )
    start = forms.DateField(required=False, label="Courses starting from")
    end = forms.DateField(required=False, label="Courses starting until")

    def clean(self) -> dict[str, object]:
        """Reject a period that ends before it starts."""
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "Choose an end date on or after the start date.")
        return data

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The cleaned period, open ends filled with the widest dates."""
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None and end is None:
            return None
        return (start or dt.date.min, end or dt.date.max)

    def protocol_code(self) -> str | None:
        """The cleaned protocol, None for all."""
        return self.cleaned_data.get("protocol") or None


@dataclass(frozen=True)
class Cell:
    """A count or rate as the table shows it: the text, and whether it was suppressed."""

    text: str
    suppressed: bool


def count_cell(count: Count) -> Cell:
    """A count: the number, or "fewer than 11" when suppressed."""
    return Cell("fewer than 11" if count.suppressed else str(count.value), count.suppressed)


def rate_cell(rate: Rate | None) -> Cell:
    """A rate with its numerator and denominator, or why it is not shown."""
    if rate is None:
        return Cell("not defined for this questionnaire", False)
    if rate.suppressed:
        return Cell("hidden (a cell under 11)", True)
    if rate.value is None:
        return Cell("no one followed up", False)
    return Cell(f"{rate.value:.0%} ({rate.numerator.value} of {rate.denominator.value})", False)


@dataclass(frozen=True)
class WindowRow:
    """One window of the table."""

    name: str
    eligible: Cell
    with_followup: Cell
    lost: Cell
    response: Cell
    remission: Cell
    reliable_improvement: Cell
    deterioration: Cell
    clinically_significant: Cell
    cohens_d: Cell


def window_rows(outcomes: PracticeOutcomes) -> list[WindowRow]:
    """The table rows, one per window."""
    return [_row(window) for window in outcomes.windows]


def _row(window: WindowOutcome) -> WindowRow:
    effect = window.cohens_d
    d = (
        Cell(
            f"{effect.d:.2f} (95 % CI {effect.ci95[0]:.2f} to {effect.ci95[1]:.2f}, n {effect.n})",
            False,
        )
        if effect is not None
        else Cell("hidden (fewer than 11 pairs)", True)
    )
    return WindowRow(
        WINDOW_NAMES.get(window.window.name, window.window.name),
        count_cell(window.eligible),
        count_cell(window.with_followup),
        count_cell(window.lost),
        rate_cell(window.response),
        rate_cell(window.remission),
        rate_cell(window.reliable_improvement),
        rate_cell(window.deterioration),
        rate_cell(window.clinically_significant),
        d,
    )


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class KmChart:
    """The Kaplan–Meier step curve in SVG user units (0,0 top left)."""

    path: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def km_chart(km: tuple[tuple[float, float], ...], median: float | None) -> KmChart | None:
    """A step chart of `km` ([day, survival], …), or None without points."""
    if not km:
        return None
    last_day = max(1.0, *(day for day, _ in km))

    def x(day: float) -> float:
        return round(LEFT + day / last_day * (WIDTH - LEFT - RIGHT), 2)

    def y(value: float) -> float:
        return round(TOP + (1 - value) * (HEIGHT - TOP - BOTTOM), 2)

    steps = [f"M {x(0)} {y(1.0)}"]
    for day, value in km:
        steps.append(f"H {x(day)} V {y(value)}")
    y_ticks = tuple(Tick(LEFT - 6, y(v) + 4, f"{v:.0%}") for v in (0, 0.25, 0.5, 0.75, 1))
    days = sorted({0.0, round(last_day / 2), last_day})
    x_ticks = tuple(Tick(x(d), HEIGHT - BOTTOM + 18, f"day {d:g}") for d in days)
    median_text = f"median {median:g} days" if median is not None else "median not reached"
    summary = (
        f"Share of responders still free of relapse, from day 0 to day {last_day:g} after "
        f"their first response; {median_text}."
    )
    return KmChart(" ".join(steps), x_ticks, y_ticks, summary)
