"""Benchmark: vectorised PK core vs a per-profile scipy.integrate.solve_ivp baseline.

Run by hand (not a test):  .venv/bin/python bench/bench_pk.py [--profiles 10000] [--sample 200]

10,000 regimens (mixed routes, weights 40-150 kg, weight-based and fixed doses, racemic and
esketamine) are simulated over 0-6 h at 1-minute resolution with `simulate_batch`. The baseline
integrates the same linear systems one profile at a time with `solve_ivp` (LSODA, rtol 1e-8,
piecewise between input switch times so the zero-order inputs are resolved exactly); it is
timed once on a random sample of profiles and extrapolated to the full batch. The vectorised
batch is timed `--repeat` times (best and median reported). CPU (process) and wall time are
both given; on a shared machine CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import time

import numpy as np
from scipy.integrate import solve_ivp

from ketacare.domain.pharmacokinetics import (
    RACEMIC_MODELS,
    Administration,
    Drug,
    Regimen,
    Route,
    esketamine,
    esketamine_devices,
    racemic,
    simulate_batch,
    time_grid,
)
from ketacare.domain.pharmacokinetics.system import CompartmentBatch

RACEMIC_ROUTES = (Route.IV, Route.IM, Route.SC, Route.INTRANASAL, Route.ORAL, Route.SUBLINGUAL)
MG_PER_KG = {Route.IV: 0.5, Route.IM: 0.75, Route.SC: 0.7, Route.INTRANASAL: 0.5}
FIXED_MG = {Route.ORAL: (50, 100, 200, 300), Route.SUBLINGUAL: (50, 100, 200, 400)}


def make_regimens(count: int, seed: int) -> list[Regimen]:
    """Mixed synthetic regimens (no people: weights and doses only)."""
    rng = np.random.default_rng(seed)
    regimens: list[Regimen] = []
    for index in range(count):
        weight = float(rng.uniform(40.0, 150.0))
        if index % 7 == 0:
            devices = esketamine_devices(int(rng.integers(1, 4)))
            regimens.append(Regimen(Drug.ESKETAMINE, devices, weight))
            continue
        route = RACEMIC_ROUTES[int(rng.integers(len(RACEMIC_ROUTES)))]
        if route in FIXED_MG:
            dose = float(rng.choice(FIXED_MG[route]))
        else:
            dose = MG_PER_KG[route] * weight * float(rng.uniform(0.6, 1.4))
        infusion = float(rng.choice((40.0, 60.0))) if route is Route.IV else None
        administration = Administration(route, dose, infusion_min=infusion)
        regimens.append(Regimen(Drug.RACEMIC_KETAMINE, (administration,), weight))
    return regimens


def baseline_profile(regimen: Regimen, times: np.ndarray) -> np.ndarray:
    """One profile's parent and metabolite concentrations by numerical integration."""
    system: CompartmentBatch = (
        esketamine.build([regimen])
        if regimen.drug is Drug.ESKETAMINE
        else racemic.build([regimen], RACEMIC_MODELS[regimen.model or ""])
    )
    matrix, rows, ev = system.matrices[0], system.output_rows[0], system.events
    switches = np.unique(
        np.concatenate([[times[0], times[-1]], ev.start_min, ev.start_min + ev.duration_min])
    )
    switches = switches[(switches >= times[0]) & (switches <= times[-1])]
    state = np.zeros(matrix.shape[0])
    out = np.zeros((rows.shape[0], times.size))
    for left, right in itertools.pairwise(switches):
        for s, t0, d, a in zip(ev.state, ev.start_min, ev.duration_min, ev.amount_mg, strict=True):
            if d == 0.0 and t0 == left:
                state[s] += a
        rate = np.zeros(matrix.shape[0])
        for s, t0, d, a in zip(ev.state, ev.start_min, ev.duration_min, ev.amount_mg, strict=True):
            if d > 0.0 and t0 <= left < t0 + d:
                rate[s] += a / d
        inside = (times >= left) & (times < right)
        solution = solve_ivp(
            lambda _t, x, r=rate: matrix @ x + r,
            (left, right),
            state,
            method="LSODA",
            t_eval=np.append(times[inside], right),  # the end state seeds the next piece
            rtol=1e-8,
            atol=1e-9,
        )
        out[:, inside] = rows @ solution.y[:, :-1]
        state = solution.y[:, -1]
    out[:, -1] = rows @ state
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the vectorised batch")
    args = parser.parse_args()
    regimens = make_regimens(args.profiles, args.seed)
    times = time_grid(6.0, 1.0)

    simulate_batch(regimens[:50], times)  # warm-up (imports, caches)
    runs = []
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        batch = simulate_batch(regimens, times)
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    fast_cpu, fast_wall = min(cpu for cpu, _ in runs), min(wall for _, wall in runs)
    median_wall = float(np.median([wall for _, wall in runs]))

    rng = np.random.default_rng(args.seed + 1)
    sample = rng.choice(args.profiles, size=min(args.sample, args.profiles), replace=False)
    cpu, wall = time.process_time(), time.perf_counter()
    reference = [baseline_profile(regimens[i], times) for i in sample]
    slow_cpu, slow_wall = time.process_time() - cpu, time.perf_counter() - wall
    scale = args.profiles / sample.size

    worst = max(
        float(np.max(np.abs(ref[0] - batch.concentration_ng_ml[i])) / np.max(np.abs(ref[0])))
        for i, ref in zip(sample, reference, strict=True)
    )
    report(
        {"profiles": args.profiles, "points": times.size, "sample": int(sample.size)},
        (fast_cpu, fast_wall, median_wall),
        (slow_cpu * scale, slow_wall * scale, slow_cpu, slow_wall),
        worst,
    )


def report(
    size: dict[str, int],
    fast: tuple[float, float, float],
    slow: tuple[float, float, float, float],
    worst: float,
) -> None:
    """Print the figures appended to docs/benchmarks.md."""
    print(
        f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} CPUs, "
        f"python {platform.python_version()}, numpy {np.__version__}"
    )
    print(f"profiles: {size['profiles']} x {size['points']} time points (0-6 h, 1 min)")
    print(
        f"vectorised simulate_batch, best of runs: {fast[0]:.2f} s CPU, {fast[1]:.2f} s wall "
        f"(median wall {fast[2]:.2f} s)"
    )
    print(
        f"solve_ivp baseline: {slow[2]:.2f} s CPU / {slow[3]:.2f} s wall for {size['sample']} "
        f"profiles -> extrapolated {slow[0]:.0f} s CPU, {slow[1]:.0f} s wall"
    )
    print(
        f"speed-up: {slow[0] / fast[0]:.0f}x (CPU, best), {slow[1] / fast[1]:.0f}x (wall, best), "
        f"{slow[1] / fast[2]:.0f}x (wall, median)"
    )
    print(f"max relative difference vs baseline (parent, sampled): {worst:.1e}")


if __name__ == "__main__":
    main()
