"""Cohen's d for pre–post change in one group, with a 95 % confidence interval."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ketacare.domain.outcomes.data import FloatArray
from ketacare.domain.outcomes.suppression import MIN_CELL

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class EffectSize:
    """Standardised mean change (positive = scores fell = improvement) and its 95 % CI."""

    d: float
    ci95: tuple[float, float]
    n: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"d": self.d, "ci95": list(self.ci95), "n": self.n}


def cohens_d(
    baseline: FloatArray, followup: FloatArray, *, min_cell: int = MIN_CELL
) -> EffectSize | None:
    """Return d = (mean baseline − mean follow-up) / SD(baseline), the pre–post effect size.

    Standardising by the baseline SD (Becker 1988; Morris & DeShon 2002, "raw-score" d for
    repeated measures) keeps d comparable with the ketamine literature (McInnes 2022 d = 1.5;
    Hietamies 2023 d = 1.56; pharmacology reference §5). Large-sample variance
    2(1 − r)/n + d²/(2n), r = pre–post correlation (Morris & DeShon 2002, eq. 12); r is taken
    as 0 (the wider interval) when either SD is 0.

    Args:
        baseline: paired baseline totals.
        followup: paired follow-up totals (same length).
        min_cell: None when fewer pairs (small-cell suppression).

    Returns:
        The effect size, or None when suppressed or undefined (fewer than 2 pairs, SD 0).
    """
    n = len(baseline)
    if n < max(min_cell, 2) or n != len(followup):
        return None
    sd = float(np.std(baseline, ddof=1))
    if sd == 0:
        return None
    d = float(np.mean(baseline) - np.mean(followup)) / sd
    r = float(np.corrcoef(baseline, followup)[0, 1]) if np.std(followup) > 0 else 0.0
    se = math.sqrt(2 * (1 - r) / n + d * d / (2 * n))
    return EffectSize(d, (d - Z95 * se, d + Z95 * se), n)
