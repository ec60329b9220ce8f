"""Batched closed-form solution of linear compartment models x' = A x + u(t).

Inputs are boluses and zero-order (constant-rate) inputs into any state, so u(t) is piecewise
constant. The primary path diagonalises every profile's matrix once (one batched
`numpy.linalg.eig` call) and evaluates the sum-of-exponentials solution for all time points and
events at once: there is no loop over time steps. Profiles are grouped by the states their
inputs reach, and states no input can reach (unused absorption depots) are dropped first. A
profile whose eigenvector matrix is ill-conditioned (near-repeated eigenvalues, e.g. an
absorption rate constant equal to a disposition eigenvalue at one body weight) is solved
instead with the matrix exponential of an augmented matrix (Van Loan 1978), batched over time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

# Above this condition number of the eigenvector matrix the modal solution could lose more than
# ~1e-8 relative accuracy (error ~ machine epsilon x condition): use the matrix exponential.
MAX_EIGENVECTOR_CONDITION = 1e8
# Bound on the (events x modes x times) work arrays per chunk (~1.6 MB each): small arrays
# stay in cache and reuse memory, which here costs more than the exponentials themselves.
_CHUNK_ELEMENTS = 200_000
_MAX_STATES = 62


@dataclass(frozen=True)
class InputEvents:
    """Dosing inputs for a batch of profiles (one row per input event).

    Attributes:
        profile: Index of the profile the event belongs to, shape (E,), sorted ascending.
        state: Index of the state that receives the input.
        start_min: Start of the input (minutes).
        duration_min: Duration of a zero-order input (minutes); 0 means a bolus.
        amount_mg: Amount delivered by the event (mg).
    """

    profile: IntArray
    state: IntArray
    start_min: FloatArray
    duration_min: FloatArray
    amount_mg: FloatArray

    def take(self, rows: IntArray | slice) -> InputEvents:
        """The events at `rows`."""
        return InputEvents(
            self.profile[rows],
            self.state[rows],
            self.start_min[rows],
            self.duration_min[rows],
            self.amount_mg[rows],
        )


@dataclass(frozen=True)
class LinearSystems:
    """N linear systems x' = A x + u(t), y = C x, with amounts in mg and time in minutes.

    Attributes:
        matrices: System matrices A (per minute), shape (N, n, n). Every eigenvalue must be
            negative (every compartment drains), as in all compartment models here.
        output_rows: Output matrices C, shape (N, K, n).
    """

    matrices: FloatArray
    output_rows: FloatArray


@dataclass(frozen=True)
class LinearSolution:
    """Outputs of a batch of linear systems.

    Attributes:
        outputs: y = C x at each time point, shape (K, N, T) (each output contiguous).
        auc_window: Integral of each output over [0, horizon], shape (N, K) (output x minutes).
        auc_inf: Integral of each output over [0, infinity), shape (N, K).
        used_expm: Whether each profile was solved by the matrix-exponential fallback, (N,).
    """

    outputs: FloatArray
    auc_window: FloatArray
    auc_inf: FloatArray
    used_expm: BoolArray


@dataclass(frozen=True)
class _Request:
    """What to compute and where to write it: outputs (K, N, T) and AUCs (N, K) of the batch."""

    times_min: FloatArray
    horizon_min: float
    force_expm: bool
    outputs: FloatArray
    auc: FloatArray

    def write(self, rows: IntArray | slice, outputs: FloatArray, auc: FloatArray) -> None:
        """Store the (P, K, T) outputs and (P, K) AUCs of the profiles at `rows`."""
        self.outputs[:, rows] = outputs.transpose(1, 0, 2)
        self.auc[rows] = auc


def solve(
    systems: LinearSystems,
    events: InputEvents,
    times_min: FloatArray,
    *,
    horizon_min: float,
    force_expm: bool = False,
) -> LinearSolution:
    """Solve N linear systems from x(0) = 0 for their outputs on a common time grid.

    Args:
        systems: The matrices A and output rows C.
        events: Bolus and zero-order inputs, sorted by profile, at least one per profile.
        times_min: Common time grid (minutes), shape (T,).
        horizon_min: Upper limit of the windowed AUC (minutes).
        force_expm: Solve every profile by the matrix exponential (for tests).

    Returns:
        The outputs on the grid and their AUCs.

    Raises:
        ValueError: If the events are unsorted, a profile has none, a system has more than 62
            states or an eigenvalue is not negative.
    """
    n_profiles, n_out = _checked_profile_count(systems, events), systems.output_rows.shape[1]
    outputs, auc = np.zeros((n_out, n_profiles, times_min.size)), np.zeros((n_profiles, n_out))
    request = _Request(times_min, horizon_min, force_expm, outputs, auc)
    used_expm = np.zeros(n_profiles, dtype=np.bool_)
    for profiles, states in _input_groups(systems, events):
        sub_systems = LinearSystems(
            systems.matrices[np.ix_(profiles, states, states)],
            systems.output_rows[profiles][:, :, states],
        )
        sub_events = _renumbered(events, profiles, states)
        used_expm[profiles] = _solve_group(sub_systems, sub_events, request, profiles)
    return LinearSolution(outputs, auc, _auc_infinity(systems, events), used_expm)


def _checked_profile_count(systems: LinearSystems, events: InputEvents) -> int:
    n_profiles = int(systems.matrices.shape[0])
    if systems.matrices.shape[-1] > _MAX_STATES:
        raise ValueError(f"at most {_MAX_STATES} states (input sets are 64-bit masks)")
    profile = events.profile
    contiguous = profile.size > 0 and profile[0] == 0 and profile[-1] == n_profiles - 1
    if not contiguous or np.any(np.diff(profile) < 0) or np.unique(profile).size != n_profiles:
        raise ValueError("events must be sorted by profile, with at least one per profile")
    return n_profiles


def _input_groups(
    systems: LinearSystems, events: InputEvents
) -> Iterator[tuple[IntArray, IntArray]]:
    """Profiles sharing the same set of input states, with the states those inputs reach."""
    starts = np.searchsorted(events.profile, np.arange(systems.matrices.shape[0]))
    signature = np.bitwise_or.reduceat(np.left_shift(1, events.state.astype(np.int64)), starts)
    flows = np.any(systems.matrices != 0.0, axis=0)  # flows[j, i]: state i feeds state j
    for value in np.unique(signature):
        reached = (np.right_shift(int(value), np.arange(flows.shape[0])) & 1).astype(np.bool_)
        for _ in range(flows.shape[0]):  # graph reachability: at most n steps
            reached = reached | flows[:, reached].any(axis=1)
        yield np.flatnonzero(signature == value), np.flatnonzero(reached)


def _renumbered(events: InputEvents, profiles: IntArray, states: IntArray) -> InputEvents:
    """Events of `profiles`, with profiles and states renumbered to their positions."""
    profile_position = np.full(int(events.profile.max()) + 1, -1, dtype=np.intp)
    profile_position[profiles] = np.arange(profiles.size)
    state_position = np.full(int(states.max()) + 1, -1, dtype=np.intp)
    state_position[states] = np.arange(states.size)
    kept = events.take(np.flatnonzero(profile_position[events.profile] >= 0))
    return InputEvents(
        profile_position[kept.profile],
        state_position[kept.state],
        kept.start_min,
        kept.duration_min,
        kept.amount_mg,
    )


def _solve_group(
    systems: LinearSystems, events: InputEvents, request: _Request, rows: IntArray
) -> BoolArray:
    """Modal solution of profiles `rows`, the matrix exponential for ill-conditioned ones."""
    rates, output_vectors, inverse, is_ill = _eigen(systems)
    use_expm = is_ill | request.force_expm
    every_state = np.arange(rates.shape[1])
    modal = np.flatnonzero(~use_expm)
    if modal.size:
        modes = (rates[modal], output_vectors[modal], inverse[modal])
        _solve_modal(modes, _renumbered(events, modal, every_state), request, rows[modal])
    for index in np.flatnonzero(use_expm):  # rare: near-defective matrices only
        single = LinearSystems(systems.matrices[index], systems.output_rows[index])
        subset = _renumbered(events, np.array([index]), every_state)
        outputs, auc = _solve_expm(single, subset, request.times_min, request.horizon_min)
        request.write(rows[index : index + 1], outputs[None], auc[None])
    return use_expm


def _eigen(systems: LinearSystems) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """Batched eigen-decomposition: rates, C V, V^-1 and a per-profile ill-conditioning flag."""
    values, vectors = np.linalg.eig(systems.matrices)
    if np.any(values.real >= 0.0):
        raise ValueError("every eigenvalue must be negative (every compartment must drain)")
    scale = np.abs(values).max(axis=-1, keepdims=True)
    is_complex = (np.abs(values.imag) > 1e-9 * scale).any(axis=-1)
    real_vectors = np.real(vectors)
    # Eigenvector columns have unit norm, so |det V| ~ 0 flags a (near-)singular V; those
    # profiles go to the matrix exponential and invert a harmless identity here instead.
    near_singular = ~(np.abs(np.linalg.det(real_vectors)) >= 1e-12)
    safe = np.where(near_singular[:, None, None], np.eye(values.shape[-1]), real_vectors)
    inverse = np.linalg.inv(safe)
    # Condition number in the 1-norm, from the inverse already at hand.
    norm_1 = np.abs(safe).sum(axis=-2).max(axis=-1)
    condition = norm_1 * np.abs(inverse).sum(axis=-2).max(axis=-1)
    is_ill = is_complex | near_singular | ~(condition <= MAX_EIGENVECTOR_CONDITION)
    return np.real(values), systems.output_rows @ safe, inverse, is_ill


def _solve_modal(
    modes: tuple[FloatArray, FloatArray, FloatArray],
    events: InputEvents,
    request: _Request,
    rows: IntArray,
) -> None:
    """Sum-of-exponentials solution in chunks of profiles (bounded memory, cache-sized arrays)."""
    rates, output_vectors, inverse = modes
    n_profiles, _, n_modes = output_vectors.shape
    boundaries = np.searchsorted(events.profile, np.arange(n_profiles + 1))

    per_chunk = max(1, _CHUNK_ELEMENTS // (n_modes * (request.times_min.size + 1)))
    for first, last in _chunk_spans(boundaries, per_chunk):
        chunk = events.take(slice(int(boundaries[first]), int(boundaries[last])))
        # coefficient of mode m in output k for each event: (C V)[k, m] * V^-1[m, state]
        weight = inverse[chunk.profile, :, chunk.state][:, None, :]
        coefficient = output_vectors[chunk.profile] * weight
        response, event_auc = _event_responses(
            rates[chunk.profile], coefficient, chunk, request.times_min, request.horizon_min
        )
        if chunk.profile.size > last - first:  # several events per profile: add them up
            starts = boundaries[first:last] - boundaries[first]
            response = np.add.reduceat(response, starts, axis=0)
            event_auc = np.add.reduceat(event_auc, starts, axis=0)
        request.write(rows[first:last], response, event_auc)


def _chunk_spans(boundaries: IntArray, per_chunk: int) -> list[tuple[int, int]]:
    """Consecutive (first, last) profile ranges holding at most `per_chunk` events each."""
    spans: list[tuple[int, int]] = []
    n_profiles, first = boundaries.size - 1, 0
    while first < n_profiles:
        last = int(np.searchsorted(boundaries, boundaries[first] + per_chunk, side="right"))
        last = min(max(last - 1, first + 1), n_profiles)
        spans.append((first, last))
        first = last
    return spans


def _event_responses(
    rates: FloatArray,
    coefficient: FloatArray,
    events: InputEvents,
    times_min: FloatArray,
    horizon_min: float,
) -> tuple[FloatArray, FloatArray]:
    """Output (E, K, T) and windowed AUC (E, K) of each event: modes weighted and summed."""
    response = np.empty((coefficient.shape[0], coefficient.shape[1], times_min.size))
    auc = np.empty(coefficient.shape[:2])
    window = np.maximum(horizon_min - events.start_min, 0.0)
    for rows, terms in (
        (np.flatnonzero(events.duration_min == 0.0), _bolus_terms),
        (np.flatnonzero(events.duration_min > 0.0), _zero_order_terms),
    ):
        shape, scale, area = terms(rates[rows], events.take(rows), times_min, window[rows])
        response[rows] = (coefficient[rows] * scale[:, None, :]) @ shape
        auc[rows] = (coefficient[rows] * area[:, None, :]).sum(axis=-1)
    return response, auc


def _bolus_terms(
    rates: FloatArray, events: InputEvents, times_min: FloatArray, window: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Bolus a at t0, mode lam: a exp(lam (t - t0)) for t >= t0 = shape (E, n, T) x scale (E, n).

    Also returns the area over [t0, horizon] per unit coefficient, (E, n).
    """
    tau = times_min - events.start_min[:, None, None]
    shape = np.empty((*rates.shape, times_min.size))
    np.multiply(np.where(tau >= 0.0, tau, np.inf), rates[:, :, None], out=shape)
    np.exp(shape, out=shape)  # lam < 0, so exp(lam * inf) = 0 before the bolus
    amount = events.amount_mg[:, None]
    area = np.expm1(rates * window[:, None]) / rates * amount
    return shape, np.broadcast_to(amount, rates.shape), area


def _zero_order_terms(
    rates: FloatArray, events: InputEvents, times_min: FloatArray, window: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Zero-order input a over D from t0, mode lam: (a / D) x integral of exp(lam (t - s)) ds.

    The integral over the part of the input before t is exp(lam tau_off) expm1(lam s) / lam,
    with s the time infused so far and tau_off the time since the input stopped; returned as
    shape (E, n, T) x scale (E, n) = (a / D / lam), plus the area over [t0, horizon] (E, n).
    """
    lam = rates[:, :, None]
    duration = events.duration_min[:, None, None]
    tau = times_min - events.start_min[:, None, None]
    # In-place passes: fresh large temporaries cost more (page faults) than the exponentials.
    shape = np.empty((*rates.shape, times_min.size))
    infused = np.empty_like(shape)
    np.multiply(lam, np.maximum(tau - duration, 0.0), out=shape)
    np.exp(shape, out=shape)
    np.multiply(lam, np.clip(tau, 0.0, duration), out=infused)
    np.expm1(infused, out=infused)
    shape *= infused
    d, win = events.duration_min[:, None], window[:, None]
    rate_in = events.amount_mg[:, None] / d
    integral = (np.expm1(rates * win) - np.expm1(rates * np.maximum(win - d, 0.0))) / rates
    area = (integral - np.minimum(win, d)) / rates * rate_in
    return shape, rate_in / rates, area


def _auc_infinity(systems: LinearSystems, events: InputEvents) -> FloatArray:
    """AUC over [0, inf) of every output: sum over events of amount x C (-A)^-1 e_state."""
    gain = systems.output_rows @ np.linalg.inv(-systems.matrices)  # (N, K, n) per unit input
    per_event = gain[events.profile, :, events.state] * events.amount_mg[:, None]
    starts = np.searchsorted(events.profile, np.arange(systems.matrices.shape[0]))
    return np.add.reduceat(per_event, starts, axis=0)


def _solve_expm(
    system: LinearSystems, events: InputEvents, times_min: FloatArray, horizon_min: float
) -> tuple[FloatArray, FloatArray]:
    """One profile by the matrix exponential of [[A, 0, b], [C, 0, 0], [0, 0, 0]] (Van Loan).

    The augmented state is (x, integral of y, input rate); the exponential is evaluated for all
    time points at once per event.
    """
    matrix, output_rows = system.matrices, system.output_rows
    n_states, n_out = matrix.shape[0], output_rows.shape[0]
    size = n_states + n_out + 1
    grid = np.append(times_min, horizon_min)
    total = np.zeros((size, grid.size))
    for state, start, duration, amount in zip(
        events.state, events.start_min, events.duration_min, events.amount_mg, strict=True
    ):
        augmented = np.zeros((size, size))
        augmented[:n_states, :n_states] = matrix
        augmented[n_states : n_states + n_out, :n_states] = output_rows
        augmented[state, -1] = 1.0
        initial = np.zeros(size)
        if duration == 0.0:
            initial[state] = amount
        else:
            initial[-1] = amount / duration
        tau = np.maximum(grid - start, 0.0)
        on = np.minimum(tau, duration)
        state_on = _expm_batch(augmented[None] * on[:, None, None]) @ initial
        state_on[:, -1] = 0.0  # the input stops at the end of a zero-order input
        state_off = _expm_batch(augmented[None] * (tau - on)[:, None, None])
        response = np.einsum("tij,tj->it", state_off, state_on)
        total += np.where(grid - start >= 0.0, response, 0.0)
    outputs = output_rows @ total[:n_states, :-1]
    return outputs, total[n_states : n_states + n_out, -1]


def _expm_batch(matrices: FloatArray) -> FloatArray:
    """exp(M) of a stack of matrices by scaling and squaring with a degree-18 Taylor series.

    One scaling 2^-s for the whole stack (||M|| / 2^s <= 0.5, truncation error < 1e-22), then
    s batched squarings: no loop over the stack. (`scipy.linalg.expm` on a stack whose norms
    differ widely is far slower here.)
    """
    identity = np.eye(matrices.shape[-1])
    largest = float(np.abs(matrices).sum(axis=-2).max(initial=0.0))
    squarings = max(0, math.ceil(math.log2(largest / 0.5))) if largest > 0 else 0
    scaled = matrices / 2.0**squarings
    result = np.broadcast_to(identity, matrices.shape).copy()
    for degree in range(18, 0, -1):  # Horner: I + X/k (I + X/(k+1) (...))
        result = identity + (scaled @ result) / degree
    for _ in range(squarings):
        result = result @ result
    return result
