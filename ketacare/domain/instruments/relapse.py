"""Relapse over a series of assessments: a configurable "N consecutive at or above" rule.

Default rule: esketamine SUSTAIN-1 (Daly et al. 2019, JAMA Psychiatry 76:893, PMC6551577),
MADRS ≥22 on 2 consecutive assessments 5–15 days apart [UNVERIFIED wording]. Other protocols
use the same shape (HAM-D ≥18 on 2 consecutive visits 7–14 days apart, NCT04007367). Clinical
relapse events (hospitalisation, suicide attempt) are outside this rule and recorded elsewhere.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ketacare.domain.instruments.base import Number
from ketacare.domain.instruments.rci import InvalidChangeInput


def _number(name: str, value: object) -> Number:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidChangeInput(f"{name}: {value!r} is not a number")
    if not math.isfinite(value):
        raise InvalidChangeInput(f"{name}: {value!r} is not finite")
    return value if isinstance(value, int) else float(value)


def _whole(name: str, value: object) -> int:
    if type(value) is not int or value < 0:
        raise InvalidChangeInput(f"{name}: {value!r} is not a whole number ≥ 0")
    return value


@dataclass(frozen=True, slots=True)
class RelapseRule:
    """A relapse rule: `consecutive` adjacent assessments at or above `threshold`.

    Each adjacent pair must be `min_gap_days`–`max_gap_days` apart (inclusive).
    """

    threshold: Number = 22
    consecutive: int = 2
    min_gap_days: int = 5
    max_gap_days: int = 15

    def __post_init__(self) -> None:
        """Reject rules that cannot be applied.

        Raises:
            InvalidChangeInput: a non-numeric threshold, a count below 1, negative or inverted gaps.
        """
        _number("relapse rule threshold", self.threshold)
        if _whole("relapse rule consecutive", self.consecutive) < 1:
            raise InvalidChangeInput("relapse rule consecutive: must be at least 1")
        low = _whole("relapse rule min_gap_days", self.min_gap_days)
        if low > _whole("relapse rule max_gap_days", self.max_gap_days):
            raise InvalidChangeInput("relapse rule min_gap_days is greater than max_gap_days")

    @classmethod
    def from_context(cls, context: Mapping[str, object] | None) -> RelapseRule:
        """Build a rule from JSON-like context; absent keys keep the SUSTAIN-1 defaults.

        Raises:
            InvalidChangeInput: unknown keys or invalid values.
        """
        context = context or {}
        for key in context:
            if key not in _SETTINGS:
                raise InvalidChangeInput(f"relapse rule has no setting {key!r}")
        return cls(
            threshold=_number("relapse rule threshold", context.get("threshold", 22)),
            consecutive=_whole("relapse rule consecutive", context.get("consecutive", 2)),
            min_gap_days=_whole("relapse rule min_gap_days", context.get("min_gap_days", 5)),
            max_gap_days=_whole("relapse rule max_gap_days", context.get("max_gap_days", 15)),
        )


_SETTINGS = ("threshold", "consecutive", "min_gap_days", "max_gap_days")


SUSTAIN1_RELAPSE = RelapseRule()
"""MADRS ≥22 on 2 consecutive assessments 5–15 days apart (Daly 2019, SUSTAIN-1)."""


@dataclass(frozen=True, slots=True)
class RelapseResult:
    """Whether the rule was met; `onset_day` starts the qualifying run, `relapse_day` ends it."""

    relapse: bool
    onset_day: int | None = None
    relapse_day: int | None = None

    def as_dict(self) -> dict[str, object]:
        """Return the fields as a JSON-ready dict."""
        return {
            "relapse": self.relapse,
            "onset_day": self.onset_day,
            "relapse_day": self.relapse_day,
        }


def _sorted_assessments(assessments: Iterable[tuple[int, Number]]) -> list[tuple[int, Number]]:
    series: list[tuple[int, Number]] = []
    for day, total in assessments:
        if type(day) is not int:
            raise InvalidChangeInput(f"assessment day {day!r} is not a whole number")
        series.append((day, _number(f"assessment total on day {day}", total)))
    series.sort()
    for (first, _), (second, _) in itertools.pairwise(series):
        if first == second:
            raise InvalidChangeInput(f"two assessments on day {first}")
    return series


def detect_relapse(
    assessments: Iterable[tuple[int, Number]], rule: RelapseRule = SUSTAIN1_RELAPSE
) -> RelapseResult:
    """Apply a relapse rule to (day, total) assessments, in any order.

    A run is a sequence of adjacent assessments (by day) all ≥ threshold with every gap
    within [min_gap_days, max_gap_days]; a below-threshold assessment ends it, and a gap out
    of range restarts it at the later assessment. The first run reaching `consecutive`
    assessments is the relapse.

    Raises:
        InvalidChangeInput: a day is not an int, a total is not a finite number, or a day repeats.
    """
    run_start = previous_day = run_length = 0
    for day, total in _sorted_assessments(assessments):
        if total < rule.threshold:
            run_length = 0
        elif run_length and rule.min_gap_days <= day - previous_day <= rule.max_gap_days:
            run_length += 1
        else:
            run_start, run_length = day, 1
        if run_length >= rule.consecutive:
            return RelapseResult(True, run_start, day)
        previous_day = day
    return RelapseResult(False)
