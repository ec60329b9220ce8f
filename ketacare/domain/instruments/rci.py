"""Jacobson–Truax reliable change index and the clinical-significance cut-off.

Source: Jacobson & Truax 1991 (J Consult Clin Psychol 59:12). Reliability r is test–retest
(or α) and SD the baseline SD of a clinical reference sample: both are sample-specific, so
callers pass them in (reference §3, §4.14).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from ketacare.domain.instruments.base import Direction, Number


class InvalidChangeInput(ValueError):
    """Numbers that cannot enter a change computation (not finite, SD ≤ 0, r outside [0, 1))."""


RELIABLE_Z = 1.96
"""|RCI| > 1.96 is reliable change at p < .05 (Jacobson & Truax 1991)."""


@dataclass(frozen=True, slots=True)
class ReliableChange:
    """One Jacobson–Truax comparison.

    `direction` is the clinical direction of the raw change ("improvement", "deterioration" or
    "none" when equal), independent of whether it is reliable. `min_reliable_change_points` is
    the smallest whole-point change that is reliable (|change| must exceed the threshold).
    """

    s_diff: float
    rci: float
    min_reliable_change: float
    min_reliable_change_points: int
    reliable: bool
    direction: str

    def as_dict(self) -> dict[str, object]:
        """Return the fields as a JSON-ready dict (reference §5 names)."""
        return {
            "s_diff": self.s_diff,
            "rci": self.rci,
            "min_reliable_change": self.min_reliable_change,
            "min_reliable_change_points": self.min_reliable_change_points,
            "reliable": self.reliable,
            "direction": self.direction,
        }


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidChangeInput(f"{name}: {value!r} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidChangeInput(f"{name}: {value!r} is not finite")
    return number


def standard_error_of_difference(sd: Number, reliability: Number) -> float:
    """Return S_diff = SD × √(2(1 − r)) (Jacobson & Truax 1991).

    Args:
        sd: baseline standard deviation of the reference sample, > 0 (score points).
        reliability: test–retest r or α, 0 ≤ r < 1.

    Raises:
        InvalidChangeInput: SD not positive, or r outside [0, 1).
    """
    sd_value, r_value = _finite("sd", sd), _finite("reliability", reliability)
    if sd_value <= 0:
        raise InvalidChangeInput(f"sd: {sd!r} must be greater than 0")
    if not 0 <= r_value < 1:
        raise InvalidChangeInput(f"reliability: {reliability!r} must be at least 0 and below 1")
    return sd_value * math.sqrt(2 * (1 - r_value))


def reliable_change(
    baseline: Number,
    followup: Number,
    *,
    sd: Number,
    reliability: Number,
    direction: Direction = Direction.HIGHER_IS_WORSE,
) -> ReliableChange:
    """Compare two scores with the Jacobson–Truax RCI = (followup − baseline) / S_diff.

    Worked examples (reference §3): SD 5, r 0.84 → S_diff 2.828, threshold 5.54 (6 points);
    SD 4.5, r 0.92 → S_diff 1.8, threshold 3.53 (4 points).

    Args:
        baseline: score before (instrument units).
        followup: score after.
        sd: baseline SD of a clinical reference sample.
        reliability: test–retest r or α, 0 ≤ r < 1.
        direction: which way is worse; NEUTRAL scales have no improvement direction.

    Raises:
        InvalidChangeInput: bad numbers, or a NEUTRAL direction.
    """
    if direction is Direction.NEUTRAL:
        raise InvalidChangeInput(
            "reliable change needs a scale with a better and a worse direction"
        )
    s_diff = standard_error_of_difference(sd, reliability)
    difference = _finite("followup", followup) - _finite("baseline", baseline)
    threshold = RELIABLE_Z * s_diff
    rci = difference / s_diff
    worse = difference > 0 if direction is Direction.HIGHER_IS_WORSE else difference < 0
    return ReliableChange(
        s_diff=s_diff,
        rci=rci,
        min_reliable_change=threshold,
        min_reliable_change_points=math.floor(threshold) + 1,
        reliable=abs(rci) > RELIABLE_Z,
        direction="none" if difference == 0 else "deterioration" if worse else "improvement",
    )


def clinical_cutoff(
    *,
    mean_functional: Number,
    sd_functional: Number,
    mean_dysfunctional: Number,
    sd_dysfunctional: Number,
) -> float:
    """Return the Jacobson–Truax criterion c = (SD₀·M₁ + SD₁·M₀) / (SD₀ + SD₁).

    Index 0 is the functional (non-clinical) sample, 1 the dysfunctional (clinical) one.

    Raises:
        InvalidChangeInput: a value is not finite or an SD is not positive.
    """
    sd0, sd1 = (
        _finite("sd_functional", sd_functional),
        _finite("sd_dysfunctional", sd_dysfunctional),
    )
    if sd0 <= 0 or sd1 <= 0:
        raise InvalidChangeInput("standard deviations must be greater than 0")
    m0, m1 = (
        _finite("mean_functional", mean_functional),
        _finite("mean_dysfunctional", mean_dysfunctional),
    )
    return (sd0 * m1 + sd1 * m0) / (sd0 + sd1)
