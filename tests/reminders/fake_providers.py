"""A provider the tests fill in directly, so send rules are tested apart from real sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ketacare.reminders.providers import DueItem

ITEMS: list[DueItem] = []


def items(now: dt.datetime) -> Iterator[DueItem]:
    """Whatever the current test put in ``ITEMS``."""
    yield from ITEMS
