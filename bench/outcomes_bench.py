"""Benchmark: practice outcomes at 100,000 clients vs a raw NumPy pass over the same data.

Run by hand (not a test):  .venv/bin/python bench/outcomes_bench.py [--clients 100000]

A seeded synthetic cohort (`generate_cohort`, optimistic preset) is turned into `OutcomeData`
once. `practice_outcomes` (four windows with denominators, reliable change, Cohen's d,
suppression, Kaplan–Meier durability with lifelines and the landmark Cox model) is timed
against a raw NumPy pass that computes the same headline numbers — end-of-induction response
and remission rates, first response, the PHQ-9 relapse rule and a product-limit KM curve —
with no validation, suppression or library calls. The Cox fit has no NumPy counterpart here,
so `practice_outcomes` is also timed without it (`integration` skipped) for a like-for-like
ratio. Both paths are checked to agree. Best of `--repeat` runs; CPU time is the steadier
figure on a shared machine. Target: outcomes ≤ 3× the NumPy pass.
"""

from __future__ import annotations

import argparse
import math
import platform
import time
from collections.abc import Callable
from unittest import mock

import numpy as np

from ketacare.domain.cohort import generate_cohort
from ketacare.domain.outcomes import OutcomeData, practice_outcomes
from ketacare.domain.outcomes import practice as practice_module
from ketacare.domain.outcomes.suppression import count
from ketacare.domain.outcomes.survival import IntegrationEffect

TARGET_RATIO = 3.0


def numpy_pass(data: OutcomeData) -> dict[str, object]:
    """Headline rates and the durability KM curve in plain NumPy (same definitions)."""
    client, day, score, baseline = data.m_client, data.m_day, data.m_score, data.baseline
    eligible = (data.n_sessions >= 1) & (baseline >= 5)
    # end of induction: days 14–31, nearest day 22.5, earlier day on a tie
    inside = (day >= 14) & (day <= 31)
    c, d, s = client[inside], day[inside], score[inside]
    order = np.lexsort((d, np.abs(d - 22.5), c))
    c, s = c[order], s[order]
    first = np.r_[True, c[1:] != c[:-1]]
    eoi = np.full(data.n_clients, np.nan)
    eoi[c[first]] = s[first]
    followed = eligible & ~np.isnan(eoi)
    b, f = baseline[followed], eoi[followed]
    response = np.mean(2 * (b - f) >= b)
    remission = np.mean(f < 5)
    # first response (≥50 % fall) and relapse: PHQ-9 ≥10 twice, 5–15 days apart, afterwards
    hit = (day >= 1) & (2 * (baseline[client] - score) >= baseline[client]) & eligible[client]
    hc, hd = client[hit], day[hit]
    first = np.r_[True, hc[1:] != hc[:-1]]
    responded = np.full(data.n_clients, -1)
    responded[hc[first]] = hd[first]
    keep = (responded[client] >= 0) & (day > responded[client])
    c, d, high = client[keep], day[keep], score[keep] >= 10
    gap = np.r_[0, np.diff(d)]
    linked = np.r_[False, (c[1:] == c[:-1]) & high[1:] & high[:-1]] & (gap >= 5) & (gap <= 15)
    onset_index = np.flatnonzero(linked) - 1
    onset = np.full(data.n_clients, -1)
    onset_clients = c[onset_index][::-1]
    onset[onset_clients] = d[onset_index][::-1]  # reversed: the first onset per client wins
    last = np.full(data.n_clients, -1)
    last[client] = day  # sorted by (client, day): the last write is the last day
    responders = responded >= 0
    relapsed = onset[responders] >= 0
    duration = np.where(relapsed, onset[responders], last[responders]) - responded[responders]
    times, inverse = np.unique(duration, return_inverse=True)
    deaths = np.bincount(inverse, weights=relapsed, minlength=len(times))
    removed = np.bincount(inverse, minlength=len(times))
    at_risk = len(duration) - np.r_[0, np.cumsum(removed)[:-1]]
    survival = np.cumprod(1 - deaths / at_risk)
    below = np.flatnonzero(survival <= 0.5)
    return {
        "response_rate": float(response),
        "remission_rate": float(remission),
        "median_days": float(times[below[0]]) if below.size else None,
        "km": np.c_[times, survival][at_risk >= 11],
    }


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Best wall and CPU seconds of `repeat` runs, and the last result."""
    wall = cpu = float("inf")
    result: object = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def without_cox(data: OutcomeData) -> object:
    skipped = IntegrationEffect(None, None, count(0), count(0), count(0), "skipped")
    with mock.patch.object(practice_module, "integration_effect", return_value=skipped):
        return practice_outcomes(data)


def close(first: object, second: object) -> bool:
    """Two rates equal up to summation order."""
    both = isinstance(first, float) and isinstance(second, float)
    return both and math.isclose(first, second, abs_tol=1e-12)  # type: ignore[arg-type]


def agree(outcome: object, reference: object) -> None:
    """Stop unless both paths give the same rates, median and KM curve."""
    if not isinstance(outcome, practice_module.PracticeOutcomes) or not isinstance(reference, dict):
        raise SystemExit("unexpected result types")
    headline = outcome.as_json()
    durability = headline["durability"]
    if not isinstance(durability, dict):
        raise SystemExit("durability missing")
    same = (
        close(headline["response_rate"], reference["response_rate"])
        and close(headline["remission_rate"], reference["remission_rate"])
        and durability["median_days"] == reference["median_days"]
        and np.allclose(np.array(durability["km"]), reference["km"], atol=1e-6)
    )
    if not same:
        raise SystemExit("practice_outcomes and the NumPy pass disagree")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    cohort = generate_cohort(args.clients, seed=2026)
    generated = time.perf_counter() - start
    data = cohort.to_outcome_data()
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}")
    print(f"{args.clients:,} clients, {len(data.m_day):,} PHQ-9 follow-ups, "
          f"{len(data.e_day):,} engagement events; generated in {generated:.2f} s")  # fmt: skip
    raw = timed(lambda: numpy_pass(data), args.repeat)
    full = timed(lambda: practice_outcomes(data), args.repeat)
    lean = timed(lambda: without_cox(data), args.repeat)
    agree(full[2], raw[2])
    for label, (wall, cpu, _) in (("raw NumPy pass", raw), ("practice_outcomes", full),
                                  ("practice_outcomes without Cox", lean)):  # fmt: skip
        print(f"  {label:32s} wall {wall:6.3f} s   CPU {cpu:6.3f} s")
    for label, (wall, cpu, _) in (("full", full), ("without Cox", lean)):
        ratio = cpu / raw[1]
        verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
        print(f"  ratio {label:12s} {ratio:4.2f}× CPU ({wall / raw[0]:4.2f}× wall)  {verdict}")


if __name__ == "__main__":
    main()
