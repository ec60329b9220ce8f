"""Quiet hours as a pure rule: boundaries, windows across midnight, zones and DST days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ketacare.reminders.quiet_hours import in_quiet_hours, local_day_bounds, quiet_until

NIGHT = {"start": dt.time(21, 0), "end": dt.time(8, 0)}
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (dt.time(20, 59), False),
        (dt.time(21, 0), True),
        (dt.time(23, 59), True),
        (dt.time(0, 0), True),
        (dt.time(7, 59), True),
        (dt.time(8, 0), False),
        (dt.time(12, 0), False),
    ],
)
def test_a_window_across_midnight_is_quiet_from_start_until_end(
    local: dt.time, quiet: bool
) -> None:
    assert in_quiet_hours(local, **NIGHT) is quiet


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (dt.time(12, 59), False),
        (dt.time(13, 0), True),
        (dt.time(13, 59), True),
        (dt.time(14), False),
    ],
)
def test_a_window_within_one_day_is_quiet_between_its_ends(local: dt.time, quiet: bool) -> None:
    assert in_quiet_hours(local, start=dt.time(13), end=dt.time(14)) is quiet


def test_equal_start_and_end_means_no_quiet_hours() -> None:
    assert not in_quiet_hours(dt.time(9), start=dt.time(9), end=dt.time(9))


def test_quiet_until_is_none_outside_quiet_hours() -> None:
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)

    assert quiet_until(now, zone=LONDON, **NIGHT) is None


def test_quiet_until_before_midnight_ends_the_next_morning_in_the_clients_zone() -> None:
    now = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)  # 21:00 in London (BST)

    until = quiet_until(now, zone=LONDON, **NIGHT)

    assert until == dt.datetime(2026, 6, 2, 7, 0, tzinfo=dt.UTC)  # 08:00 BST


def test_quiet_until_after_midnight_ends_the_same_morning() -> None:
    now = dt.datetime(2026, 1, 10, 3, 0, tzinfo=dt.UTC)  # 22:00 the day before in New York

    until = quiet_until(now, zone=NEW_YORK, **NIGHT)

    assert until == dt.datetime(2026, 1, 10, 13, 0, tzinfo=dt.UTC)  # 08:00 EST


def test_quiet_hours_end_at_local_eight_on_the_spring_forward_day() -> None:
    now = dt.datetime(2026, 3, 8, 6, 30, tzinfo=dt.UTC)  # 01:30 EST; clocks jump at 02:00

    until = quiet_until(now, zone=NEW_YORK, **NIGHT)

    assert until == dt.datetime(2026, 3, 8, 12, 0, tzinfo=dt.UTC)  # 08:00 EDT, not 13:00 UTC


def test_local_day_on_the_autumn_change_is_25_hours_long() -> None:
    now = dt.datetime(2026, 10, 25, 12, 0, tzinfo=dt.UTC)  # London leaves BST at 02:00

    start, end = local_day_bounds(now, zone=LONDON)

    assert start == dt.datetime(2026, 10, 24, 23, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=25)
