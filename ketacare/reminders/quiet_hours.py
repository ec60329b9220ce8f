"""Quiet hours and local days in a client's time zone (pure: no Django, no clock)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def in_quiet_hours(local: dt.time, *, start: dt.time, end: dt.time) -> bool:
    """Whether a local wall-clock time falls in ``[start, end)``; the window may wrap midnight.

    ``start == end`` means no quiet hours at all.
    """
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_until(
    now: dt.datetime, *, zone: ZoneInfo, start: dt.time, end: dt.time
) -> dt.datetime | None:
    """When the quiet hours around ``now`` end (aware, in ``zone``), or None if not quiet.

    The end is a wall-clock time, so on a daylight-saving change day it is still 08:00 local
    (one hour more or less of UTC time than usual).
    """
    local = now.astimezone(zone)
    if not in_quiet_hours(local.time(), start=start, end=end):
        return None
    day = local.date() if local.time() < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=zone)


def local_day_bounds(now: dt.datetime, *, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The start and end (aware, UTC) of the local calendar day containing ``now``."""
    day = now.astimezone(zone).date()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
