"""Durability (Kaplan–Meier, response → relapse) and the integration effect (Cox model).

Both use lifelines (Davidson-Pilon, JOSS 2019): `KaplanMeierFitter` and `CoxPHFitter`
(Breslow baseline, Efron ties). Every aggregate is small-cell suppressed (`suppression`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lock
from scipy.linalg import LinAlgWarning

from ketacare.domain.outcomes.data import IntArray, OutcomeData
from ketacare.domain.outcomes.suppression import MIN_CELL, Count, count

OBSERVATIONAL_CAVEAT = (
    "Observational association, not a causal effect: clients chose how much to engage, and "
    "those who engage may differ in ways the model does not adjust for (only baseline "
    "severity and protocol are). Do not read it as proof that integration prevents relapse."
)
ENGAGEMENT_DAYS = 28
ENGAGEMENT_MIN_EVENTS = 4  # [P] about one journal entry, check-in or coaching session a week


@dataclass(frozen=True, slots=True)
class Spell:
    """Per client: time at risk from an origin and whether it ended in relapse (−1: excluded)."""

    duration: IntArray
    relapsed: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Durability:
    """Kaplan–Meier of days from first response to relapse onset, censored at last measure."""

    n: Count
    relapses: Count
    median_days: float | None
    km: tuple[tuple[float, float], ...]
    reason: str | None = None
    # 95 % confidence interval of the median (lifelines' log(−log) pointwise interval, Kalbfleisch
    # & Prentice 2002): (low, high); high is None when the band's upper curve never falls to
    # 0.5 or falls there only past the last day shown (`km`'s last point).
    median_ci95: tuple[float, float | None] | None = None
    # Responders still followed (at risk) at each point of `km`: the "number at risk" a
    # published Kaplan–Meier curve carries; every value is ≥ the small-cell threshold.
    at_risk: tuple[int, ...] = ()


def durability(spell: Spell, *, min_cell: int = MIN_CELL) -> Durability:
    """Fit the Kaplan–Meier estimator over responders' spells.

    The curve is reported at each distinct time while at least `min_cell` responders are
    still at risk (the tail, where a step would single out a few clients, is cut). The
    median is None when the curve never falls to 0.5, or falls there only in the cut tail
    (then `reason` says so); its confidence interval is read off the pointwise 95 % band
    (`median_ci95`), with an upper bound in the tail reported as None.

    Args:
        spell: durations (days) for responders; clients with duration −1 are not responders.
        min_cell: small-cell threshold.
    """
    keep = spell.duration >= 0
    duration, relapsed = spell.duration[keep], spell.relapsed[keep]
    n, events = len(duration), int(relapsed.sum())
    if n < min_cell:
        return Durability(count(n, min_cell=min_cell), count(events, min_cell=min_cell),
                          None, (), "fewer responders than the small-cell threshold")  # fmt: skip
    # lifelines takes seconds to import: load it when a curve is fitted, not with the URL conf.
    from lifelines import KaplanMeierFitter  # noqa: PLC0415
    from lifelines.utils import median_survival_times  # noqa: PLC0415

    fitter = KaplanMeierFitter().fit(duration, relapsed)
    median = float(fitter.median_survival_time_)
    low, high = (float(v) for v in median_survival_times(fitter.confidence_interval_).iloc[0])
    table = fitter.event_table
    curve = fitter.survival_function_.iloc[:, 0]
    at_risk = table["at_risk"].to_numpy()
    shown = at_risk >= min_cell
    km = tuple(
        (float(day), round(float(value), 6))
        for day, value in zip(curve.index.to_numpy()[shown], curve.to_numpy()[shown], strict=True)
    )
    risk = tuple(int(n) for n in at_risk[shown])
    # Nothing is read off the cut tail: a median (or a bound) past the last day shown would
    # date a step taken by fewer than `min_cell` responders.
    shown_until = km[-1][0] if km else -1.0
    within = math.isfinite(median) and median <= shown_until
    return Durability(
        count(n, min_cell=min_cell),
        count(events, min_cell=min_cell),
        median if within else None,
        km,
        reason=(
            None
            if within or not math.isfinite(median)
            else f"it falls where fewer than {min_cell} responders are still followed"
        ),
        median_ci95=(
            (low, high if math.isfinite(high) and high <= shown_until else None)
            if within and math.isfinite(low)
            else None
        ),
        at_risk=risk,
    )


@dataclass(frozen=True, slots=True)
class IntegrationEffect:
    """Hazard ratio of relapse for engaged vs not engaged responders (Cox, adjusted)."""

    hazard_ratio: float | None
    ci95: tuple[float, float] | None
    n: Count
    relapses: Count
    engaged: Count
    reason: str | None
    caveat: str = OBSERVATIONAL_CAVEAT


def engagement_counts(data: OutcomeData, *, days: int = ENGAGEMENT_DAYS) -> IntArray:
    """Per client, engagement events in [induction_end, induction_end + `days`)."""
    if not data.e_day.size:
        return np.zeros(data.n_clients, dtype=np.int64)
    # Events are sorted by (client, day): one integer key per event makes every client's
    # window a pair of binary searches instead of a pass over all events.
    low = min(int(data.e_day.min()), int(data.induction_end.min()))
    span = max(int(data.e_day.max()), int(data.induction_end.max()) + days) - low + 1
    key = data.e_client * span + (data.e_day - low)
    start = np.arange(data.n_clients, dtype=np.int64) * span + (data.induction_end - low)
    counts: IntArray = np.searchsorted(key, start + days) - np.searchsorted(key, start)
    return counts


def integration_effect(frame: pd.DataFrame, *, min_cell: int = MIN_CELL) -> IntegrationEffect:
    """Fit relapse ~ engaged + baseline + protocol dummies and report the engaged HR.

    Args:
        frame: one row per responder at the landmark, columns "duration" (days ≥ 0),
            "relapsed" (bool), "engaged" (0/1), "baseline" and "protocol".
        min_cell: no estimate unless responders, relapses, engaged and not-engaged responders
            are each at least this many.

    Returns:
        The HR with a 95 % Wald CI, or None and a reason for degenerate data (too few,
        no variation, a group with no relapse, or a fit that does not converge).
    """
    n, events = len(frame), int(frame["relapsed"].sum())
    engaged = int(frame["engaged"].sum())
    counts = (count(n, min_cell=min_cell), count(events, min_cell=min_cell),
              count(engaged, min_cell=min_cell))  # fmt: skip
    reason = _degenerate(frame, n=n, events=events, engaged=engaged, min_cell=min_cell)
    if reason is not None:
        return IntegrationEffect(None, None, *counts, reason)
    design = _design(frame)
    from lifelines import CoxPHFitter  # noqa: PLC0415  (slow import, as in `durability`)
    from lifelines.exceptions import (  # noqa: PLC0415
        ConvergenceError,
        ConvergenceWarning,
        StatisticalWarning,
    )

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            warnings.simplefilter("error", LinAlgWarning)  # collinear covariates
            warnings.simplefilter("error", RuntimeWarning)  # exp overflow: near-separation
            warnings.simplefilter("ignore", StatisticalWarning)
            fitter = CoxPHFitter().fit(design, "duration", "relapsed")
    except (
        ConvergenceError,
        ConvergenceWarning,
        LinAlgWarning,
        RuntimeWarning,
        np.linalg.LinAlgError,
    ) as error:
        return IntegrationEffect(
            None, None, *counts, f"the Cox model did not converge ({type(error).__name__})"
        )
    summary = fitter.summary.loc["engaged"]
    low, high = float(summary["exp(coef) lower 95%"]), float(summary["exp(coef) upper 95%"])
    return IntegrationEffect(float(summary["exp(coef)"]), (low, high), *counts, None)


def _degenerate(
    frame: pd.DataFrame, *, n: int, events: int, engaged: int, min_cell: int
) -> str | None:
    if n < min_cell or n - engaged < min_cell or engaged < min_cell:
        return "too few responders in an engagement group (small-cell threshold)"
    if events < min_cell:
        return "too few relapses to estimate a hazard ratio"
    by_group = frame.groupby("engaged")["relapsed"].sum()
    if (by_group == 0).any():
        return "no relapse in one engagement group (perfect separation)"
    return None


def _design(frame: pd.DataFrame) -> pd.DataFrame:
    protocol = frame["protocol"].to_numpy().astype(np.str_)
    levels, counts = np.unique(protocol, return_counts=True)
    reference = levels[np.argmax(counts)]  # the commonest protocol is the reference level
    columns = {
        "duration": frame["duration"].to_numpy(dtype=np.float64),
        "relapsed": frame["relapsed"].to_numpy(dtype=np.bool_),
        "engaged": frame["engaged"].to_numpy(dtype=np.float64),
        "baseline": frame["baseline"].to_numpy(dtype=np.float64),
    }
    for level in levels[levels != reference]:
        columns[f"protocol_{level}"] = (protocol == level).astype(np.float64)
    return pd.DataFrame(columns)
