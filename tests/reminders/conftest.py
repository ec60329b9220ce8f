"""Reminder tests: the fake provider replaces the real ones unless a test asks for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import LazySettings

from ketacare.reminders.providers import DueItem
from tests.reminders import fake_providers

# pytest-django's django_capture_on_commit_callbacks fixture.
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def fake(settings: LazySettings) -> Iterator[list[DueItem]]:
    """The list of due items the only configured provider returns."""
    settings.KETACARE_REMINDER_PROVIDERS = ["tests.reminders.fake_providers.items"]
    fake_providers.ITEMS.clear()
    yield fake_providers.ITEMS
    fake_providers.ITEMS.clear()
