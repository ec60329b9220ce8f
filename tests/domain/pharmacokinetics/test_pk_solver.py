"""The closed-form solver against numerical integration and against the matrix exponential.

The right-hand sides below are written out again as differential equations from the published
parameters, independently of the matrix assembly, so the cross-check covers both the model
structure and the solver.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.integrate import solve_ivp

from ketacare.domain.pharmacokinetics import (
    Administration,
    Drug,
    Regimen,
    Route,
    esketamine,
    esketamine_devices,
    racemic,
    simulate,
    time_grid,
)
from ketacare.domain.pharmacokinetics import parameters as p
from ketacare.domain.pharmacokinetics.linear import InputEvents, LinearSystems, solve

Vector = NDArray[np.float64]
Input = tuple[int, float, float, float]  # (state, start_min, duration_min, amount_mg)
Rhs = Callable[[float, Vector, Vector], Vector]
TIMES = time_grid(6.0, 1.0)
R = p.NORKETAMINE_PER_KETAMINE_MG
FM = p.FRACTION_TO_NORKETAMINE
DEPOT_SHAPES = (
    p.ABSORPTION_IM,
    p.ABSORPTION_NASAL,
    p.ABSORPTION_SUBLINGUAL,
    p.ABSORPTION_ORAL,
    p.ABSORPTION_SWALLOWED,
)


def integrate(rhs: Rhs, n_states: int, inputs: list[Input], times: Vector) -> Vector:
    """Integrate piecewise between input switch times; return the states at `times`."""
    edges = sorted({0.0, float(times[-1])} | {t for _, t0, d, _ in inputs for t in (t0, t0 + d)})
    edges = [e for e in edges if e <= times[-1]]
    state, out = np.zeros(n_states), np.zeros((n_states, times.size))
    for left, right in itertools.pairwise(edges):
        rate = np.zeros(n_states)
        for index, start, duration, amount in inputs:
            if duration == 0.0 and start == left:
                state[index] += amount
            elif duration > 0.0 and start <= left < start + duration:
                rate[index] += amount / duration
        inside = (times >= left) & (times < right)
        sol = solve_ivp(
            lambda t, x, r=rate: rhs(t, x, r),
            (left, right),
            state,
            method="LSODA",
            t_eval=np.append(times[inside], right),
            rtol=1e-11,
            atol=1e-12,
        )
        out[:, inside], state = sol.y[:, :-1], sol.y[:, -1]
    out[:, -1] = state
    return out


def domino_rhs(weight_kg: float) -> tuple[Rhs, float, float]:
    """Domino 3-compartment ketamine + Otto norketamine, five absorption depots (per minute).

    States: 0 IM, 1 nasal, 2 sublingual, 3 oral, 4 swallowed, 5 C, 6 P2, 7 P3, 8 NK, 9 NKp.
    """
    sv, sc = weight_kg / 70, (weight_kg / 70) ** 0.75
    v1 = 0.063 * 70 * sv
    # Domino per-kg micro-constants (per min); rate constants scale as CL/V = sc / sv.
    k10, k12, k13, k21, k31 = (k * sc / sv for k in (0.4381, 0.5921, 0.590, 0.2470, 0.0146))
    vn, vnp = 98.6 * sv, 160.0 * sv
    cln, qn = 57.7 / 60 * sc, 42.8 / 60 * sc
    ka = np.array([s.ka_per_min for s in DEPOT_SHAPES])

    def rhs(_t: float, x: Vector, u: Vector) -> Vector:
        absorbed = ka * x[:5]
        d = np.empty(10)
        d[:5] = u[:5] - absorbed
        into_central = absorbed[:3].sum() + p.F_ORAL * absorbed[3]
        d[5] = into_central - (k10 + k12 + k13) * x[5] + k21 * x[6] + k31 * x[7] + u[5]
        d[6] = k12 * x[5] - k21 * x[6]
        d[7] = k13 * x[5] - k31 * x[7]
        first_pass = FM * R * ((1 - p.F_ORAL) * absorbed[3] + absorbed[4])
        d[8] = FM * R * k10 * x[5] + first_pass - (cln + qn) / vn * x[8] + qn / vnp * x[9]
        d[9] = qn / vn * x[8] - qn / vnp * x[9]
        return d

    return rhs, v1, vn


def racemic_inputs(route: Route, dose: float, f: float) -> list[Input]:
    def zero_order(state: int, shape: p.AbsorptionShape, amount: float) -> Input:
        return (state, 0.0, shape.zero_order_min, amount)

    swallowed = zero_order(4, p.ABSORPTION_SWALLOWED, (1 - f) * dose)
    return {
        Route.IV: [(5, 0.0, 40.0, dose)],
        Route.IM: [zero_order(0, p.ABSORPTION_IM, f * dose)],
        Route.SC: [zero_order(0, p.ABSORPTION_IM, f * dose)],
        Route.INTRANASAL: [zero_order(1, p.ABSORPTION_NASAL, f * dose), swallowed],
        Route.SUBLINGUAL: [zero_order(2, p.ABSORPTION_SUBLINGUAL, f * dose), swallowed],
        Route.ORAL: [zero_order(3, p.ABSORPTION_ORAL, dose)],
    }[route]


@pytest.mark.parametrize(
    ("route", "f"),
    [
        (Route.IV, 1.0),
        (Route.IM, 0.93),
        (Route.SC, 0.93),
        (Route.INTRANASAL, 0.45),
        (Route.SUBLINGUAL, 0.29),
        (Route.ORAL, 0.20),
    ],
)
def test_racemic_solution_matches_numerical_integration(route: Route, f: float) -> None:
    weight, dose = 84.0, 60.0
    infusion = 40.0 if route is Route.IV else None
    regimen = Regimen(Drug.RACEMIC_KETAMINE, (Administration(route, dose, 0.0, infusion),), weight)
    rhs, v1, vn = domino_rhs(weight)

    states = integrate(rhs, 10, racemic_inputs(route, dose, f), TIMES)
    profile = simulate(regimen, TIMES)

    expected, metabolite = states[5] / v1 * 1000, states[8] / vn * 1000
    np.testing.assert_allclose(profile.concentration_ng_ml, expected, atol=1e-6 * expected.max())
    np.testing.assert_allclose(
        profile.metabolite.concentration_ng_ml, metabolite, atol=1e-6 * metabolite.max()
    )


def esketamine_rhs(_t: float, x: Vector, u: Vector) -> Vector:
    """Perez-Ruixo 2021 as written in nlmixr2lib (per hour -> per minute).

    States: 0 nasal, 1 swallowed, 2 oral, 3 C, 4 P1, 5 P2, 6 liver, 7 NK, 8 NKp.
    """
    e = p.ESKETAMINE
    h = 60.0
    ka_n, ka_sw, ka_po = e.ka_nasal_per_h / h, e.ka_swallowed_per_h / h, e.ka_oral_per_h / h
    q1, q2, qh, q3 = e.q1_l_h / h, e.q2_l_h / h, e.liver_flow_l_h / h, e.metabolite_q_l_h / h
    d = np.empty(9)
    d[0] = u[0] - ka_n * x[0]
    d[1] = u[1] - ka_sw * x[1]
    d[2] = u[2] - ka_po * x[2]
    d[3] = (
        ka_n * x[0]
        + q1 / e.peripheral1_l * x[4]
        + q2 / e.peripheral2_l * x[5]
        + qh / e.liver_l * x[6]
        - (q1 + q2 + qh) / e.central_l * x[3]
    )
    d[4] = q1 / e.central_l * x[3] - q1 / e.peripheral1_l * x[4]
    d[5] = q2 / e.central_l * x[3] - q2 / e.peripheral2_l * x[5]
    d[6] = (
        ka_sw * x[1]
        + ka_po * x[2]
        + qh / e.central_l * x[3]
        - (qh / e.liver_l + (e.kel_per_h + e.kmet_per_h) / h) * x[6]
    )
    ken = e.metabolite_clearance_l_h / e.metabolite_central_l / h
    d[7] = (
        e.kmet_per_h / h * x[6]
        + q3 / e.metabolite_peripheral_l * x[8]
        - (ken + q3 / e.metabolite_central_l) * x[7]
    )
    d[8] = q3 / e.metabolite_central_l * x[7] - q3 / e.metabolite_peripheral_l * x[8]
    return d


def test_esketamine_solution_matches_numerical_integration() -> None:
    e = p.ESKETAMINE
    regimen = Regimen(
        Drug.ESKETAMINE, (*esketamine_devices(3), Administration(Route.ORAL, 28.0, 30.0))
    )
    inputs: list[Input] = []
    for ordinal, start in enumerate((0.0, 5.0, 10.0)):
        frn = 0.54 * (0.62 if ordinal else 1.0)
        inputs += [(0, start, 0.0, frn * 28), (1, start, 31.8, (1 - frn) * 0.64 * 28)]
    inputs.append((2, 30.0, 0.32 * 60, 0.64 * 28.0))

    states = integrate(esketamine_rhs, 9, inputs, TIMES)
    profile = simulate(regimen, TIMES)

    expected = states[3] / e.central_l * 1000
    metabolite = states[7] / e.metabolite_central_l * 1000
    np.testing.assert_allclose(profile.concentration_ng_ml, expected, atol=1e-6 * expected.max())
    np.testing.assert_allclose(
        profile.metabolite.concentration_ng_ml, metabolite, atol=1e-6 * metabolite.max()
    )


def two_state_chain(
    rate: float, amount: float, duration: float = 0.0
) -> tuple[LinearSystems, InputEvents]:
    """x0 -> x1 -> out, both at `rate`: a defective (Jordan) matrix; output is x1."""
    matrix = np.array([[[-rate, 0.0], [rate, -rate]]])
    rows = np.array([[[0.0, 1.0]]])
    events = InputEvents(
        np.array([0]), np.array([0]), np.array([0.0]), np.array([duration]), np.array([amount])
    )
    return LinearSystems(matrix, rows), events


def test_defective_matrix_falls_back_to_the_exact_matrix_exponential() -> None:
    k, amount, horizon = 0.05, 10.0, 1440.0
    systems, events = two_state_chain(k, amount)

    solution = solve(systems, events, TIMES, horizon_min=horizon)

    assert solution.used_expm.tolist() == [True]
    np.testing.assert_allclose(
        solution.outputs[0, 0], amount * k * TIMES * np.exp(-k * TIMES), atol=1e-12
    )
    window = amount * (1 - np.exp(-k * horizon) * (1 + k * horizon)) / k
    assert solution.auc_window[0, 0] == pytest.approx(window, rel=1e-9)
    assert solution.auc_inf[0, 0] == pytest.approx(amount / k, rel=1e-12)


def test_modal_and_matrix_exponential_paths_agree() -> None:
    regimens = [
        Regimen(Drug.RACEMIC_KETAMINE, (Administration(route, 50.0, 5.0),), 65.0)
        for route in (Route.IM, Route.INTRANASAL, Route.SUBLINGUAL, Route.ORAL)
    ] + [Regimen(Drug.ESKETAMINE, esketamine_devices(2))]
    for regimen in regimens:
        system = (
            esketamine.build([regimen])
            if regimen.drug is Drug.ESKETAMINE
            else racemic.build([regimen], p.DOMINO)
        )
        systems = LinearSystems(system.matrices, system.output_rows)
        modal = solve(systems, system.events, TIMES, horizon_min=1440.0)
        exact = solve(systems, system.events, TIMES, horizon_min=1440.0, force_expm=True)

        assert not modal.used_expm.any()
        assert exact.used_expm.all()
        np.testing.assert_allclose(modal.outputs, exact.outputs, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(modal.auc_window, exact.auc_window, rtol=1e-9)


def test_zero_order_input_into_a_single_compartment_has_the_textbook_solution() -> None:
    k, amount, duration = 0.02, 30.0, 40.0
    matrix = np.array([[[-k]]])
    events = InputEvents(
        np.array([0]), np.array([0]), np.array([0.0]), np.array([duration]), np.array([amount])
    )

    solution = solve(LinearSystems(matrix, np.ones((1, 1, 1))), events, TIMES, horizon_min=60.0)

    rate = amount / duration
    during = rate / k * (1 - np.exp(-k * np.minimum(TIMES, duration)))
    expected = during * np.exp(-k * np.maximum(TIMES - duration, 0.0))
    np.testing.assert_allclose(solution.outputs[0, 0], expected, rtol=1e-12, atol=1e-12)
    assert solution.auc_inf[0, 0] == pytest.approx(amount / k)


def test_solver_rejects_profiles_without_events_and_growing_systems() -> None:
    systems, events = two_state_chain(0.1, 1.0)
    two = LinearSystems(
        np.repeat(systems.matrices, 2, axis=0), np.repeat(systems.output_rows, 2, 0)
    )
    growing = LinearSystems(-systems.matrices, systems.output_rows)

    with pytest.raises(ValueError, match="at least one per profile"):
        solve(two, events, TIMES, horizon_min=60.0)
    with pytest.raises(ValueError, match="negative"):
        solve(growing, events, TIMES, horizon_min=60.0)
    huge = LinearSystems(-np.eye(63)[None], np.ones((1, 1, 63)))
    with pytest.raises(ValueError, match="at most 62 states"):
        solve(huge, events, TIMES, horizon_min=60.0)
