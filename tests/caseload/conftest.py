"""Caseload tests run at a fixed moment (helpers.NOW)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.caseload.helpers import NOW


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield
