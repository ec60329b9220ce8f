"""Seeded synthetic cohorts with published effect sizes, for the demo, tests and benchmarks."""

from ketacare.domain.cohort.generator import OUTCOME_CLASSES, Cohort, generate_cohort
from ketacare.domain.cohort.presets import CONSERVATIVE, OPTIMISTIC, PRESETS, Preset

__all__ = ["CONSERVATIVE", "OPTIMISTIC", "OUTCOME_CLASSES", "PRESETS", "Cohort", "Preset",
           "generate_cohort"]  # fmt: skip
