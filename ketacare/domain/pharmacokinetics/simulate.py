"""Simulate one regimen or a batch of regimens and summarise their profiles."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ketacare.domain.pharmacokinetics import esketamine, linear, racemic
from ketacare.domain.pharmacokinetics.errors import InvalidTimingError
from ketacare.domain.pharmacokinetics.linear import FloatArray
from ketacare.domain.pharmacokinetics.parameters import MINUTES_PER_HOUR, RACEMIC_MODELS
from ketacare.domain.pharmacokinetics.regimen import Drug, Regimen
from ketacare.domain.pharmacokinetics.results import PkBatch, PkProfile
from ketacare.domain.pharmacokinetics.system import (
    METABOLITE_OUTPUT,
    PARENT_OUTPUT,
    CompartmentBatch,
)

DEFAULT_HOURS = 6.0
DEFAULT_STEP_MIN = 1.0
AUC_WINDOW_MIN = 24 * MINUTES_PER_HOUR  # AUC 0-24 h, from time 0
MAX_GRID_MIN = 7 * 24 * MINUTES_PER_HOUR
MAX_GRID_POINTS = 200_000
# Peaks are searched on a 1-minute grid up to 6 h after the last administration ends: every
# modelled route peaks well within that (the latest, noresketamine, by ~1.7 h).
PEAK_SEARCH_AFTER_LAST_MIN = 6 * MINUTES_PER_HOUR


def time_grid(hours: float = DEFAULT_HOURS, step_min: float = DEFAULT_STEP_MIN) -> FloatArray:
    """Evenly spaced output times from 0 to `hours` (inclusive), in minutes.

    Args:
        hours: Length of the grid in hours (0 < hours <= 168).
        step_min: Spacing in minutes (> 0; at most 200,000 points).

    Returns:
        The grid, in minutes.

    Raises:
        InvalidTimingError: If the length or step is out of range.
    """
    if not (math.isfinite(hours) and 0 < hours * MINUTES_PER_HOUR <= MAX_GRID_MIN):
        raise InvalidTimingError(f"hours must be > 0 and <= 168 (got {hours!r})")
    if not (math.isfinite(step_min) and step_min > 0):
        raise InvalidTimingError(f"step_min must be > 0 (got {step_min!r})")
    end = hours * MINUTES_PER_HOUR
    if end / step_min + 1 > MAX_GRID_POINTS:
        raise InvalidTimingError(f"the grid would exceed {MAX_GRID_POINTS} points")
    return np.arange(0.0, end + step_min / 2, step_min)


def simulate(regimen: Regimen, times_min: FloatArray | None = None) -> PkProfile:
    """Expected plasma profile of one regimen (typical individual).

    Args:
        regimen: The regimen (administrations at their times, weight, model).
        times_min: Output times in minutes from time 0; default 0-6 h every minute.

    Returns:
        Concentrations (ng/mL) on the grid and the summary metrics.

    Raises:
        InvalidTimingError: If the time grid is invalid.
    """
    return simulate_batch([regimen], times_min).profile(0)


def simulate_batch(regimens: Sequence[Regimen], times_min: FloatArray | None = None) -> PkBatch:
    """Simulate many regimens in one vectorised pass per drug model.

    Args:
        regimens: Regimens, possibly of different drugs, models, routes, doses and weights.
        times_min: Common output times in minutes; default 0-6 h every minute.

    Returns:
        Arrays of concentrations and metrics, indexed like `regimens`.

    Raises:
        InvalidTimingError: If the time grid is invalid or `regimens` is empty.
    """
    grid = _checked_grid(times_min)
    if not regimens:
        raise InvalidTimingError("simulate_batch needs at least one regimen")
    groups: dict[tuple[Drug, str], list[int]] = {}
    for index, regimen in enumerate(regimens):
        groups.setdefault((regimen.drug, regimen.model or ""), []).append(index)
    fields = _empty_fields(len(regimens), grid.size)
    for (drug, model), members in groups.items():
        chosen = [regimens[i] for i in members]
        system = (
            esketamine.build(chosen)
            if drug is Drug.ESKETAMINE
            else racemic.build(chosen, RACEMIC_MODELS[model])
        )
        for name, values in _solve_group(system, chosen, grid).items():
            fields[name][_as_index(members)] = values
    return PkBatch(regimens=tuple(regimens), times_min=grid, **fields)


def _as_index(positions: list[int]) -> slice | list[int]:
    """A slice when the positions are consecutive (a view instead of a copy), else the list."""
    if positions == list(range(positions[0], positions[0] + len(positions))):
        return slice(positions[0], positions[0] + len(positions))
    return positions


def _checked_grid(times_min: FloatArray | None) -> FloatArray:
    if times_min is None:
        return time_grid()
    grid = np.asarray(times_min, dtype=np.float64)
    valid = (
        grid.ndim == 1
        and 0 < grid.size <= MAX_GRID_POINTS
        and bool(np.all(np.isfinite(grid)))
        and bool(np.all(grid >= 0))
        and bool(np.all(grid <= MAX_GRID_MIN))
        and bool(np.all(np.diff(grid) >= 0))
    )
    if not valid:
        raise InvalidTimingError(
            "times_min must be a non-empty, non-decreasing 1-D array within 0-10080 minutes"
        )
    return grid


def _empty_fields(n: int, n_times: int) -> dict[str, FloatArray]:
    names = (
        "cmax_ng_ml",
        "tmax_min",
        "auc_0_24_ng_h_ml",
        "auc_inf_ng_h_ml",
        "terminal_half_life_h",
        "bioavailability",
        "clearance_l_h",
        "metabolite_cmax_ng_ml",
        "metabolite_tmax_min",
        "metabolite_auc_0_24_ng_h_ml",
    )
    fields = {name: np.zeros(n) for name in names}
    fields["concentration_ng_ml"] = np.zeros((n, n_times))
    fields["metabolite_ng_ml"] = np.zeros((n, n_times))
    return fields


def _solve_group(
    system: CompartmentBatch, regimens: Sequence[Regimen], grid: FloatArray
) -> dict[str, FloatArray]:
    """Solve one drug model's batch on the output grid plus a 1-minute peak-search grid."""
    search_end = max(r.last_end_min for r in regimens) + PEAK_SEARCH_AFTER_LAST_MIN
    evaluation = np.union1d(grid, np.arange(0.0, math.ceil(search_end) + 1.0))
    solution = linear.solve(
        linear.LinearSystems(system.matrices, system.output_rows),
        system.events,
        evaluation,
        horizon_min=AUC_WINDOW_MIN,
    )
    on_grid = _as_index(np.searchsorted(evaluation, grid).tolist())
    # Modal sums cancel to ~1e-14 ng/mL where a concentration is 0 (e.g. metabolite at the
    # first dose): clip that round-off so no concentration is reported below zero.
    np.maximum(solution.outputs, 0.0, out=solution.outputs)
    parent = solution.outputs[PARENT_OUTPUT]
    metabolite = solution.outputs[METABOLITE_OUTPUT]
    parent_peak, metabolite_peak = parent.argmax(axis=-1), metabolite.argmax(axis=-1)
    profiles = np.arange(parent.shape[0])
    disposition = system.matrices[:, system.disposition, system.disposition]
    slowest = np.abs(np.linalg.eigvals(disposition).real).min(axis=-1)
    return {
        "concentration_ng_ml": parent[:, on_grid],
        "metabolite_ng_ml": metabolite[:, on_grid],
        "cmax_ng_ml": parent[profiles, parent_peak],
        "tmax_min": evaluation[parent_peak],
        "metabolite_cmax_ng_ml": metabolite[profiles, metabolite_peak],
        "metabolite_tmax_min": evaluation[metabolite_peak],
        "auc_0_24_ng_h_ml": solution.auc_window[:, PARENT_OUTPUT] / MINUTES_PER_HOUR,
        "metabolite_auc_0_24_ng_h_ml": solution.auc_window[:, METABOLITE_OUTPUT] / MINUTES_PER_HOUR,
        "auc_inf_ng_h_ml": solution.auc_inf[:, PARENT_OUTPUT] / MINUTES_PER_HOUR,
        "terminal_half_life_h": math.log(2) / slowest / MINUTES_PER_HOUR,
        "bioavailability": system.bioavailability,
        "clearance_l_h": system.clearance_l_h,
    }
