"""Outcomes core: response, remission, durability and the integration effect of a practice.

Start with `OutcomeData.build(...)` and `practice_outcomes(data)`; every aggregate it returns
is small-cell suppressed. Definitions and sources: docs/outcomes.md.
"""

from ketacare.domain.outcomes.data import EngagementKind, InvalidOutcomeData, OutcomeData
from ketacare.domain.outcomes.effect_size import EffectSize, cohens_d
from ketacare.domain.outcomes.practice import (
    OutcomeOptions,
    PracticeOutcomes,
    WindowOutcome,
    practice_outcomes,
)
from ketacare.domain.outcomes.relapse import RELAPSE_RULES
from ketacare.domain.outcomes.suppression import MIN_CELL, Count, Rate
from ketacare.domain.outcomes.survival import OBSERVATIONAL_CAVEAT, Durability, IntegrationEffect
from ketacare.domain.outcomes.windows import WINDOWS, Window

__all__ = [
    "MIN_CELL",
    "OBSERVATIONAL_CAVEAT",
    "RELAPSE_RULES",
    "WINDOWS",
    "Count",
    "Durability",
    "EffectSize",
    "EngagementKind",
    "IntegrationEffect",
    "InvalidOutcomeData",
    "OutcomeData",
    "OutcomeOptions",
    "PracticeOutcomes",
    "Rate",
    "Window",
    "WindowOutcome",
    "cohens_d",
    "practice_outcomes",
]
