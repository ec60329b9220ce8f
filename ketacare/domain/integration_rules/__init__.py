"""Pure rules of the integration phase: when a run of daily check-ins needs the care team."""

from ketacare.domain.integration_rules.mood_drop import (
    DEFAULT_POLICY,
    DropPolicy,
    Finding,
    FindingCode,
    InvalidCheckIns,
    MoodPoint,
    baseline_of,
    evaluate_mood_drop,
)
from ketacare.domain.integration_rules.plan_summary import PlanProgress, due_count, progress

__all__ = [
    "DEFAULT_POLICY",
    "DropPolicy",
    "Finding",
    "FindingCode",
    "InvalidCheckIns",
    "MoodPoint",
    "PlanProgress",
    "baseline_of",
    "due_count",
    "evaluate_mood_drop",
    "progress",
]
