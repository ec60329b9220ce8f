"""Small-cell suppression: no count under 11 leaves the practice, directly or by subtraction.

Rule [P]: every count from 1 to 10 (below `MIN_CELL`, 11) in an aggregate that leaves the
practice is suppressed (shown as None with a flag), following the common "cells of 1–10"
disclosure rule (CMS cell-size suppression policy). Zero is published: it identifies no one,
and hiding it would blank every "all clients were treated" total by secondary suppression.
Secondary suppression stops subtraction: when a total is published and exactly one part of
it is suppressed, the next-smallest non-zero part is suppressed too.
A rate is published only when its numerator, denominator and the complement
(denominator − numerator) are all ≥ 11, so neither count can be recovered from it, and only
when its denominator is itself published: a denominator hidden by secondary suppression (say
"followed up" hidden because "lost" is small) would otherwise reappear as the rate's "of n",
or as numerator ÷ rate.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CELL = 11


@dataclass(frozen=True, slots=True)
class Count:
    """A count as published: `value` is None when `suppressed`."""

    value: int | None
    suppressed: bool

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"value": self.value, "suppressed": self.suppressed}


@dataclass(frozen=True, slots=True)
class Rate:
    """A proportion as published, with its numerator and denominator counts."""

    value: float | None
    numerator: Count
    denominator: Count
    suppressed: bool

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "value": self.value,
            "numerator": self.numerator.as_dict(),
            "denominator": self.denominator.as_dict(),
            "suppressed": self.suppressed,
        }


def is_small(count: int, min_cell: int = MIN_CELL) -> bool:
    """Whether a count must be suppressed: 1 to `min_cell` − 1 (zero is published)."""
    return 0 < count < min_cell


def count(value: int, *, min_cell: int = MIN_CELL) -> Count:
    """Publish one count, suppressed when below `min_cell`."""
    if is_small(value, min_cell):
        return Count(None, suppressed=True)
    return Count(int(value), suppressed=False)


def partition(total: int, parts: list[int], *, min_cell: int = MIN_CELL) -> tuple[Count, ...]:
    """Publish a total and parts that add up to it, with secondary suppression.

    Args:
        total: the published total (sum of `parts`).
        parts: disjoint counts making up `total`.
        min_cell: the smallest publishable count.

    Returns:
        The total's `Count` followed by one per part. If the total is small, everything is
        suppressed; if exactly one part is small, the smallest other part is suppressed as
        well (the smallest non-zero one), so no suppressed part equals a difference of
        published counts.

    Raises:
        ValueError: the parts do not add up to the total.
    """
    if sum(parts) != total:
        raise ValueError(f"parts {parts} do not add up to {total}")
    if is_small(total, min_cell):
        return tuple(Count(None, suppressed=True) for _ in range(len(parts) + 1))
    hidden = {index for index, part in enumerate(parts) if is_small(part, min_cell)}
    if len(hidden) == 1:
        others = [index for index, part in enumerate(parts) if index not in hidden and part]
        hidden.add(min(others, key=lambda index: parts[index]))  # total ≥ 11: one is > 0
    published = [
        Count(None, True) if index in hidden else Count(int(part), False)
        for index, part in enumerate(parts)
    ]
    return (Count(int(total), False), *published)


def rate(
    numerator: int,
    denominator: int,
    *,
    min_cell: int = MIN_CELL,
    denominator_published: bool = True,
) -> Rate:
    """Publish numerator / denominator unless any of the three cells is small.

    The counts are published individually (each suppressed if small); the rate only if
    none of the numerator, the denominator and their difference is small. An empty
    denominator gives an undefined (None) rate that is not flagged as suppressed.

    Args:
        numerator: the count with the outcome.
        denominator: the count it is a share of.
        min_cell: the smallest publishable count.
        denominator_published: False when the denominator is hidden elsewhere (secondary
            suppression by `partition`): then nothing of the rate is published, since its
            "of n", or numerator ÷ rate, would give the hidden count back.
    """
    if not 0 <= numerator <= denominator:
        raise ValueError(f"numerator {numerator} is not within 0–{denominator}")
    if not denominator_published:
        return Rate(None, Count(None, True), Count(None, True), suppressed=True)
    cells = (numerator, denominator, denominator - numerator)
    hidden = any(is_small(cell, min_cell) for cell in cells)
    value = None if hidden or denominator == 0 else numerator / denominator
    numerator_count = Count(None, True) if hidden else count(numerator, min_cell=min_cell)
    return Rate(value, numerator_count, count(denominator, min_cell=min_cell), hidden)
