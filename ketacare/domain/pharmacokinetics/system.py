"""The linear system a drug model hands to the solver, with the facts needed to report on it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketacare.domain.pharmacokinetics.linear import FloatArray, InputEvents
from ketacare.domain.pharmacokinetics.parameters import Sampling

PARENT_OUTPUT = 0  # row of `output_rows` giving the parent drug concentration
METABOLITE_OUTPUT = 1  # row giving the metabolite concentration


@dataclass(frozen=True)
class CompartmentBatch:
    """Matrices, outputs and inputs of N profiles of one drug model.

    Attributes:
        matrices: System matrices per minute, shape (N, n, n); amounts in mg.
        output_rows: Rows mapping amounts (mg) to concentrations (ng/mL), shape (N, 2, n):
            row 0 the parent drug, row 1 its N-demethylated metabolite.
        events: Dosing inputs of every profile.
        bioavailability: Fraction of each profile's total dose reaching the systemic
            circulation as parent drug, computed from the parameters (not from the solution).
        clearance_l_h: Systemic clearance of the parent drug (L/h), shape (N,).
        disposition: Slice of the states forming the parent's disposition block, whose slowest
            eigenvalue gives the terminal half-life.
        parent_name: Name of the parent drug.
        metabolite_name: Name of the metabolite.
        sampling: Sampling site the concentrations correspond to.
    """

    matrices: FloatArray
    output_rows: FloatArray
    events: InputEvents
    bioavailability: FloatArray
    clearance_l_h: FloatArray
    disposition: slice
    parent_name: str
    metabolite_name: str
    sampling: Sampling


def add_exchange(
    a: FloatArray,
    pair: tuple[int, int],
    volumes: tuple[FloatArray | float, FloatArray | float],
    flow: FloatArray | float,
) -> None:
    """Add, in place, a reversible exchange of clearance `flow` between compartments i and j.

    Works on one matrix (n, n) or a batch (N, n, n); volumes and flow broadcast over N.
    """
    (i, j), (volume_i, volume_j) = pair, volumes
    a[..., i, i] -= np.divide(flow, volume_i)
    a[..., j, i] += np.divide(flow, volume_i)
    a[..., j, j] -= np.divide(flow, volume_j)
    a[..., i, j] += np.divide(flow, volume_j)
