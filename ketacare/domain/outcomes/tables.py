"""Change rules of the instruments core as lookup tables, so a cohort is classified at once.

Every cell is computed by `ketacare.domain.instruments.change.change` itself (reference §3:
response ≥50 % fall, remission PHQ-9 <5 / QIDS ≤5 / MADRS ≤10, NHS Talking Therapies reliable
change for PHQ-9) — the tables only cache the core's answers for every (baseline, follow-up)
pair of whole-number totals; no rule is restated here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ketacare.domain.instruments.change import change
from ketacare.domain.instruments.registry import lookup

BoolTable = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class ChangeTables:
    """`[baseline, followup]` → metric, for one instrument; `has_*` says a metric is defined."""

    code: str
    response: BoolTable
    remission: BoolTable
    reliable_improvement: BoolTable
    reliable_deterioration: BoolTable
    reliable_recovery: BoolTable
    remitted_score: npt.NDArray[np.bool_]
    has_reliable_change: bool


@functools.cache
def change_tables(code: str) -> ChangeTables:
    """Tabulate the instruments core's change metrics for every pair of totals.

    Args:
        code: an instrument with whole-number totals and a change rule (PHQ-9, QIDS-SR16,
            MADRS, GAD-7).

    Returns:
        Boolean tables indexed `[baseline, followup]`; `remitted_score[total]` is whether a
        score is itself in remission (the baseline eligibility filter). Undefined metrics
        (e.g. response at baseline 0, reliable change for MADRS) are False.

    Raises:
        UnknownInstrument: unknown code.
        ValueError: the instrument has no whole-number total or no remission rule.
    """
    spec = lookup(code)
    if spec.total_max is None or not spec.integer_total:
        raise ValueError(f"{spec.code} has no whole-number total")
    size = int(spec.total_max) + 1
    names = ("response", "remission", "reliable_improvement", "reliable_deterioration",
             "reliable_recovery")  # fmt: skip
    tables = {name: np.zeros((size, size), dtype=np.bool_) for name in names}
    defined = dict.fromkeys(names, False)
    for baseline in range(size):
        for followup in range(size):
            metrics = change(spec.code, baseline, followup).metrics
            for name in names:
                value = getattr(metrics, name)
                defined[name] = defined[name] or value is not None
                tables[name][baseline, followup] = bool(value)
    if not defined["remission"]:
        raise ValueError(f"{spec.code} has no remission rule in the instruments core")
    return ChangeTables(
        spec.code,
        **tables,
        remitted_score=tables["remission"][size - 1].copy(),
        has_reliable_change=defined["reliable_improvement"],
    )
