"""Fixtures for the screening core tests: a baseline-healthy, synthetic intake profile."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import ScreeningResult, parse_profile, screen

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data, mutated freely by the tests

HEALTHY: JsonDict = {
    "age": 40,
    "sex": "female",
    "weight_kg": 70.0,
    "planned_drug": "racemic_ketamine",
    "planned_route": "iv",
    "setting": "clinic",
    "diagnoses": ["treatment_resistant_depression"],
    "conditions": [],
    "substance_use": [],
    "medications": [],
    "vitals": {"sbp": 120, "dbp": 78, "hr": 70, "spo2": 98},
    "pregnant": False,
    "breastfeeding": False,
    "hepatic_function": "normal",
    "suicidality": "none",
    "escort_available": True,
    "allergies": [],
}


def healthy_data(**overrides: Any) -> JsonDict:  # Any: JSON-like field values
    """A fresh copy of the healthy profile with top-level fields replaced."""
    data = copy.deepcopy(HEALTHY)
    data.update(copy.deepcopy(overrides))
    return data


def screen_data(data: JsonDict) -> ScreeningResult:
    """Parse and screen JSON-like profile data."""
    return screen(parse_profile(data))


@pytest.fixture(scope="session")
def make_data() -> Callable[..., JsonDict]:
    """Factory for profile data: `make_data(age=17, conditions=[...])`."""
    return healthy_data


@pytest.fixture(scope="session")
def run() -> Callable[[JsonDict], ScreeningResult]:
    """Parse and screen profile data in one call."""
    return screen_data
