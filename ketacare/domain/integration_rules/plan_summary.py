"""How a commitment is going: check-ins due by its cadence versus done, partly and not yet.

The issue (#6 item 3) asks for "a summary [that] shows how the plan is going"; the counting
below is platform policy [P] (docs/integration.md, "Plan summary"): a cadence makes a number of
check-ins due in the window (every day; Monday–Friday; one per 7, 14 or 30 days, rounded up),
and "kept" counts the days marked done, never more than were due.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

CADENCE_PERIOD_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30}
WINDOW_DAYS = 28
_WEEKEND = 5  # date.weekday(): Saturday is 5, Sunday 6


def due_count(cadence: str, first: dt.date, last: dt.date) -> int:
    """How many check-ins ``cadence`` asks for from ``first`` to ``last`` (both included).

    Raises:
        ValueError: an unknown cadence.
    """
    days = (last - first).days + 1
    if days <= 0:
        return 0
    if cadence == "daily":
        return days
    if cadence == "weekdays":
        return sum((first + dt.timedelta(days=i)).weekday() < _WEEKEND for i in range(days))
    if cadence in CADENCE_PERIOD_DAYS:
        return math.ceil(days / CADENCE_PERIOD_DAYS[cadence])
    raise ValueError(f"unknown cadence {cadence!r}")


@dataclass(frozen=True)
class PlanProgress:
    """One commitment's last four weeks in numbers and in plain words."""

    due: int
    done: int
    partly: int
    not_yet: int

    @property
    def kept(self) -> int:
        """Check-ins marked done, never more than were due."""
        return min(self.done, self.due)

    def sentence(self, *, you: bool = True) -> str:
        """The summary in plain words: "You kept this 9 of 12 times in the last 4 weeks"."""
        if self.due == 0:
            return "Nothing was due yet in the last 4 weeks."
        subject = "You kept this" if you else "Kept"
        words = f"{subject} {self.kept} of {self.due} times in the last 4 weeks"
        if self.partly:
            words += f", and partly {self.partly} times"
        return words + "."


def progress(
    *, cadence: str, start_on: dt.date, today: dt.date, outcomes: Iterable[tuple[dt.date, str]]
) -> PlanProgress:
    """Summarise a commitment's check-ins over the last 4 weeks up to ``today``.

    Args:
        cadence: ``daily``, ``weekdays``, ``weekly``, ``fortnightly`` or ``monthly``.
        start_on: the day the commitment started.
        today: the client's today.
        outcomes: (day, ``done``/``partly``/``not_yet``) of each check-in.

    Returns:
        Counts of due, done, partly and not-yet check-ins in the window.
    """
    first = max(start_on, today - dt.timedelta(days=WINDOW_DAYS - 1))
    counts = {"done": 0, "partly": 0, "not_yet": 0}
    for day, outcome in outcomes:
        if first <= day <= today and outcome in counts:
            counts[outcome] += 1
    return PlanProgress(
        due=due_count(cadence, first, today),
        done=counts["done"],
        partly=counts["partly"],
        not_yet=counts["not_yet"],
    )
