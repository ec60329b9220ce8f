"""Planning the session dates of a course from its template (no clock: the start is given)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ketacare.domain.protocols.templates import Dose, ProtocolTemplate

# Sessions per week → the repeating gaps in days between sessions (recovery days between).
_GAPS: dict[float, tuple[int, ...]] = {1: (7,), 2: (3, 4), 3: (2, 2, 3)}
_SATURDAY = 5


class ScheduleError(ValueError):
    """A course plan that cannot be made (e.g. a weekend start for a weekday clinic)."""


@dataclass(frozen=True)
class PlannedSession:
    """One planned session: its number in the course, phase name, date and dose."""

    number: int
    phase: str
    on: dt.date
    dose: Dose


def _weekday(day: dt.date) -> dt.date:
    """``day``, or the Monday after it when it falls on a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= _SATURDAY else day


def _gaps(per_week: float) -> tuple[int, ...]:
    gaps = _GAPS.get(per_week)
    if gaps is None:
        raise ScheduleError(f"no session spacing for {per_week:g} sessions a week")
    return gaps


def plan_sessions(template: ProtocolTemplate, start: dt.date) -> list[PlannedSession]:
    """Session dates for every phase: each one gap after the previous, never on a weekend.

    Gaps by sessions a week: 7 days (weekly); 3 then 4 (twice weekly); 2, 2, 3 (thrice
    weekly, Murrough 2013). A date on a weekend moves to the Monday after. A practice moves
    single sessions by hand; this only proposes the plan.

    Args:
        template: the protocol.
        start: the first session's date (a weekday).

    Returns:
        Sessions in order, numbered from 1.

    Raises:
        ScheduleError: ``start`` falls on a weekend.
    """
    if start.weekday() >= _SATURDAY:
        raise ScheduleError("the first session must be on a weekday")
    planned: list[PlannedSession] = []
    previous: dt.date | None = None
    for phase in template.phases:
        gaps = _gaps(phase.per_week)
        for index in range(phase.sessions):
            if previous is None:
                day = start
            else:  # a new phase starts one of its own gaps after the previous session
                day = _weekday(previous + dt.timedelta(days=gaps[index % len(gaps) - 1]))
            planned.append(PlannedSession(len(planned) + 1, phase.name, day, phase.dose))
            previous = day
    return planned
