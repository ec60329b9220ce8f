"""The sustained-mood-drop rule over a client's daily check-ins (issue #6, item 4).

Source: issue #6 item 4 — "A sustained drop (documented rule, e.g. three days of mood <= 3 or a
drop of 3 points from the client's own baseline) raises an attention item for the care team
through the alerts pipeline (non-urgent severity)". Every number below is platform policy [P],
a practice setting with this default (docs/integration.md, "The drop rule"). The mood item is a
0–10 self-rating; it is a prompt for a human to look, not a validated instrument, so the rule
raises a non-urgent ``attention`` item and never replaces the questionnaires' safety flags
(reference/instruments.md §4, PHQ-9 item 9 and C-SSRS stay the safety net).

Two findings:

- ``sustained_mood_drop``: each of the client's last ``low_mood_days`` check-ins has mood
  ``<= low_mood_threshold``. Check-ins count, not calendar days: a missed day neither breaks
  nor extends a run (a client who feels low often stops checking in, and a gap must not hide
  a low run).
- ``mood_below_baseline``: the baseline is the median mood of the client's first
  ``baseline_size`` check-ins that precede the window; it needs at least ``baseline_min`` of
  them. Each of the last ``window`` check-ins is at least ``baseline_drop_points`` below it.
  The baseline is the first check-ins, not a rolling one, so a slow decline cannot drag its
  own reference down with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

MOOD_MIN, MOOD_MAX = 0, 10


class InvalidCheckIns(ValueError):
    """Check-ins the rule cannot judge: a mood out of 0–10 or dates not strictly increasing."""


class FindingCode(StrEnum):
    """The alert codes the rule raises (the same words as the alerts pipeline's ``code``)."""

    SUSTAINED_MOOD_DROP = "sustained_mood_drop"
    MOOD_BELOW_BASELINE = "mood_below_baseline"


@dataclass(frozen=True)
class DropPolicy:
    """The practice's thresholds; every default is platform policy [P] (issue #6 item 4)."""

    low_mood_threshold: int = 3
    low_mood_days: int = 3
    baseline_drop_points: int = 3
    baseline_size: int = 7
    baseline_min: int = 5
    window: int = 3

    def __post_init__(self) -> None:
        if not MOOD_MIN <= self.low_mood_threshold <= MOOD_MAX:
            raise ValueError("low_mood_threshold must be between 0 and 10")
        if self.low_mood_days < 1 or self.window < 1:
            raise ValueError("low_mood_days and window must be at least 1")
        if not 1 <= self.baseline_drop_points <= MOOD_MAX:
            raise ValueError("baseline_drop_points must be between 1 and 10")
        if not 1 <= self.baseline_min <= self.baseline_size:
            raise ValueError("baseline_min must be between 1 and baseline_size")


DEFAULT_POLICY = DropPolicy()


@dataclass(frozen=True)
class MoodPoint:
    """One daily check-in's mood (0–10) on its day."""

    on: dt.date
    mood: int


@dataclass(frozen=True)
class Finding:
    """A reason to raise an attention item, with plain words free of anything the client wrote."""

    code: FindingCode
    summary: str


def _validate(points: Sequence[MoodPoint]) -> None:
    for point in points:
        if not MOOD_MIN <= point.mood <= MOOD_MAX:
            raise InvalidCheckIns(f"mood {point.mood} on {point.on} is out of range 0–10")
    for earlier, later in itertools.pairwise(points):
        if later.on <= earlier.on:
            raise InvalidCheckIns(f"check-in dates must increase: {later.on} after {earlier.on}")


def baseline_of(points: Sequence[MoodPoint], policy: DropPolicy = DEFAULT_POLICY) -> float | None:
    """The median mood of the first ``baseline_size`` check-ins before the window, or None.

    Args:
        points: the client's check-ins, oldest first, dates strictly increasing.
        policy: the practice's thresholds.

    Returns:
        The baseline (0–10), or None when fewer than ``baseline_min`` check-ins precede the window.

    Raises:
        InvalidCheckIns: a mood out of range or dates out of order.
    """
    _validate(points)
    before_window = points[: max(len(points) - policy.window, 0)]
    chosen = before_window[: policy.baseline_size]
    if len(chosen) < policy.baseline_min:
        return None
    return float(statistics.median(point.mood for point in chosen))


def evaluate_mood_drop(
    points: Sequence[MoodPoint], policy: DropPolicy = DEFAULT_POLICY
) -> tuple[Finding, ...]:
    """Which attention findings the latest check-ins raise (none, one or both).

    Args:
        points: the client's check-ins, oldest first, dates strictly increasing.
        policy: the practice's thresholds (platform defaults [P]).

    Returns:
        ``sustained_mood_drop`` and/or ``mood_below_baseline`` findings, in that order.

    Raises:
        InvalidCheckIns: a mood out of range or dates out of order.
    """
    _validate(points)
    findings: list[Finding] = []
    run = points[-policy.low_mood_days :]
    if len(run) == policy.low_mood_days and all(p.mood <= policy.low_mood_threshold for p in run):
        findings.append(
            Finding(
                FindingCode.SUSTAINED_MOOD_DROP,
                f"Daily check-ins: mood {policy.low_mood_threshold} or lower on the last "
                f"{policy.low_mood_days} check-ins.",
            )
        )
    baseline = baseline_of(points, policy)
    window = points[-policy.window :]
    if baseline is not None and all(
        baseline - p.mood >= policy.baseline_drop_points for p in window
    ):
        findings.append(
            Finding(
                FindingCode.MOOD_BELOW_BASELINE,
                f"Daily check-ins: mood {policy.baseline_drop_points} or more points below the "
                f"client's baseline ({baseline:g}) on the last {policy.window} check-ins.",
            )
        )
    return tuple(findings)
