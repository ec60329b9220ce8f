"""The course schedule: when to repeat a questionnaire, counted from a dosing-session anchor.

The anchor is the date of the last (or the planned) dosing session, given by the practitioner
until the treatments app supplies it (docs/instruments.md, "Course schedules").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Scheduled questionnaires are due by the end of their day, like one-off assignments.
DUE_TIME = dt.time(23, 59)


@dataclass(frozen=True)
class SchedulePoint:
    """One point of the schedule: a label and its offset after the anchor (None: baseline)."""

    label: str
    offset: dt.timedelta | None

    @property
    def is_baseline(self) -> bool:
        return self.offset is None

    def due_at(self, *, anchor: dt.date, today: dt.date) -> dt.datetime:
        """When this point is due: baseline by the end of ``today``, others by anchor + offset."""
        day = today if self.offset is None else anchor + self.offset
        return dt.datetime.combine(day, DUE_TIME, tzinfo=dt.UTC)


# A month is 30 days and 3/6 months are 13/26 weeks, so due dates never depend on the calendar.
COURSE_SCHEDULE: tuple[SchedulePoint, ...] = (
    SchedulePoint("baseline", None),
    SchedulePoint("24 hours", dt.timedelta(days=1)),
    SchedulePoint("1 week", dt.timedelta(weeks=1)),
    SchedulePoint("2 weeks", dt.timedelta(weeks=2)),
    SchedulePoint("1 month", dt.timedelta(days=30)),
    SchedulePoint("3 months", dt.timedelta(weeks=13)),
    SchedulePoint("6 months", dt.timedelta(weeks=26)),
)
POINTS_BY_LABEL = {point.label: point for point in COURSE_SCHEDULE}
SCHEDULE_LABELS = tuple(POINTS_BY_LABEL)
