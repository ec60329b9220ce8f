"""Racemic ketamine by every route, with norketamine, as a batched linear compartment system.

States (amounts in mg): five absorption depots, the central and peripheral compartments of the
chosen disposition model, then norketamine central and peripheral. Every depot receives its
input zero-order over the route's `AbsorptionShape.zero_order_min` and empties first-order.

* IM/SC depot: F x dose into central (SC assumed equal to IM [P]).
* Nasal depot: F x dose (F an input, default 0.45) into central.
* Sublingual depot: F x dose into central.
* Oral depot: the whole dose; a fraction F of the outflow reaches the central compartment and
  0.8 x (1 - F) is converted to norketamine on first pass.
* Swallowed depot: the (1 - F) x dose of a sublingual or nasal dose that is not absorbed
  through the mucosa, zero-order then first-order, feeding norketamine only (first pass).

Simplifications (docs/pharmacokinetics.md): norketamine forms directly from the central
compartment and on first pass without a transit delay; the Otto 2021 S-norketamine
disposition stands for racemic norketamine; non-absorbed IM/SC drug is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ketacare.domain.pharmacokinetics import parameters as p
from ketacare.domain.pharmacokinetics.linear import FloatArray, InputEvents
from ketacare.domain.pharmacokinetics.regimen import Administration, Regimen, Route
from ketacare.domain.pharmacokinetics.system import CompartmentBatch, add_exchange

IM_DEPOT, NASAL_DEPOT, SUBLINGUAL_DEPOT, ORAL_DEPOT, SWALLOWED_DEPOT = range(5)
CENTRAL = 5
_SHAPES = {
    IM_DEPOT: p.ABSORPTION_IM,
    NASAL_DEPOT: p.ABSORPTION_NASAL,
    SUBLINGUAL_DEPOT: p.ABSORPTION_SUBLINGUAL,
    ORAL_DEPOT: p.ABSORPTION_ORAL,
    SWALLOWED_DEPOT: p.ABSORPTION_SWALLOWED,
}
_MUCOSAL_DEPOT = {
    Route.IM: IM_DEPOT,
    Route.SC: IM_DEPOT,  # SC assumed equal to IM [P]
    Route.INTRANASAL: NASAL_DEPOT,
    Route.SUBLINGUAL: SUBLINGUAL_DEPOT,
}
# Fraction of each depot's outflow reaching the central compartment as ketamine.
_TO_CENTRAL = {IM_DEPOT: 1.0, NASAL_DEPOT: 1.0, SUBLINGUAL_DEPOT: 1.0, ORAL_DEPOT: p.F_ORAL}
# Fraction of each depot's outflow (mg ketamine) converted to norketamine (mg) on first pass.
_TO_METABOLITE = {
    ORAL_DEPOT: p.FRACTION_TO_NORKETAMINE * (1.0 - p.F_ORAL) * p.NORKETAMINE_PER_KETAMINE_MG,
    SWALLOWED_DEPOT: p.FRACTION_TO_NORKETAMINE * p.NORKETAMINE_PER_KETAMINE_MG,
}


def route_bioavailability(administration: Administration) -> float:
    """Fraction of a racemic dose reaching the systemic circulation as ketamine (§1.3).

    Args:
        administration: A validated racemic administration.

    Returns:
        IV 1; IM 0.93 (Clements 1982); SC 0.93 (assumed = IM [P]); intranasal the input or
        0.45 (Yanagihara); sublingual 0.29 (Rolan 2014); oral 0.17 (Clements 1982).
    """
    fixed = {
        Route.IV: 1.0,
        Route.IM: p.F_IM,
        Route.SC: p.F_SC,
        Route.SUBLINGUAL: p.F_SUBLINGUAL,
        Route.ORAL: p.F_ORAL,
    }
    if administration.route is Route.INTRANASAL:
        return administration.bioavailability or p.F_INTRANASAL_DEFAULT
    return fixed[administration.route]


def build(regimens: Sequence[Regimen], model: p.DispositionModel) -> CompartmentBatch:
    """Assemble the batched system of N racemic regimens that share one disposition model.

    Args:
        regimens: Validated racemic regimens using `model`.
        model: Disposition parameters (70-kg values, scaled allometrically by weight).

    Returns:
        Matrices, output rows and inputs for the solver.
    """
    weight = np.array([r.weight_kg for r in regimens]) / p.REFERENCE_WEIGHT_KG
    volume_scale = weight**p.VOLUME_EXPONENT
    clearance_scale = weight**p.CLEARANCE_EXPONENT
    matrices, central_l, metabolite_l = _matrices(model, volume_scale, clearance_scale)
    n_states = matrices.shape[-1]
    output_rows = np.zeros((len(regimens), 2, n_states))
    output_rows[:, 0, CENTRAL] = p.NG_PER_ML_PER_MG_PER_L / central_l
    output_rows[:, 1, n_states - 2] = p.NG_PER_ML_PER_MG_PER_L / metabolite_l
    return CompartmentBatch(
        matrices=matrices,
        output_rows=output_rows,
        events=_events(regimens),
        bioavailability=np.array([_regimen_bioavailability(r) for r in regimens]),
        clearance_l_h=model.clearance_l_min * clearance_scale * p.MINUTES_PER_HOUR,
        disposition=slice(CENTRAL, CENTRAL + 1 + len(model.peripherals)),
        parent_name="ketamine",
        metabolite_name="norketamine",
        sampling=model.sampling,
    )


def _matrices(
    model: p.DispositionModel, volume_scale: FloatArray, clearance_scale: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-minute system matrices (N, n, n), central and norketamine volumes (N,)."""
    n_peripheral = len(model.peripherals)
    n_states = CENTRAL + 1 + n_peripheral + 2
    metabolite = n_states - 2
    a = np.zeros((volume_scale.size, n_states, n_states))
    for depot, shape in _SHAPES.items():
        rate = shape.ka_per_min
        a[:, depot, depot] = -rate
        a[:, CENTRAL, depot] = rate * _TO_CENTRAL.get(depot, 0.0)
        a[:, metabolite, depot] = rate * _TO_METABOLITE.get(depot, 0.0)
    central_l = model.central_l * volume_scale
    k10 = model.clearance_l_min * clearance_scale / central_l
    a[:, CENTRAL, CENTRAL] = -k10
    # Reference §1.4: 80% of ketamine clearance forms norketamine (Simons 2022).
    a[:, metabolite, CENTRAL] = k10 * p.FRACTION_TO_NORKETAMINE * p.NORKETAMINE_PER_KETAMINE_MG
    for offset, (volume_l, flow_l_min) in enumerate(model.peripherals, start=1):
        add_exchange(
            a,
            (CENTRAL, CENTRAL + offset),
            (central_l, volume_l * volume_scale),
            flow_l_min * clearance_scale,
        )
    metabolite_l = p.NORKETAMINE_CENTRAL_L * volume_scale
    a[:, metabolite, metabolite] = -p.NORKETAMINE_CLEARANCE_L_MIN * clearance_scale / metabolite_l
    add_exchange(
        a,
        (metabolite, metabolite + 1),
        (metabolite_l, p.NORKETAMINE_PERIPHERAL_L * volume_scale),
        p.NORKETAMINE_Q_L_MIN * clearance_scale,
    )
    return a, central_l, metabolite_l


def _regimen_bioavailability(regimen: Regimen) -> float:
    absorbed = sum(route_bioavailability(a) * a.dose_mg for a in regimen.administrations)
    return absorbed / regimen.total_dose_mg


def _administration_events(a: Administration) -> list[tuple[int, float, float, float]]:
    """(state, start_min, duration_min, amount_mg) inputs of one racemic administration."""
    if a.route is Route.IV:
        return [(CENTRAL, a.start_min, a.infusion_min or 0.0, a.dose_mg)]
    f = route_bioavailability(a)
    if a.route is Route.ORAL:  # the whole dose enters the gut; the depot splits its outflow
        return [_input(ORAL_DEPOT, a.start_min, a.dose_mg)]
    depot = _MUCOSAL_DEPOT[a.route]
    events = [_input(depot, a.start_min, f * a.dose_mg)]
    if a.route in (Route.INTRANASAL, Route.SUBLINGUAL):
        events.append(_input(SWALLOWED_DEPOT, a.start_min, (1.0 - f) * a.dose_mg))
    return events


def _input(depot: int, start_min: float, amount_mg: float) -> tuple[int, float, float, float]:
    """Zero-order input of `amount_mg` into `depot` over the depot's zero-order duration."""
    return (depot, start_min, _SHAPES[depot].zero_order_min, amount_mg)


def _events(regimens: Sequence[Regimen]) -> InputEvents:
    rows = [
        (index, *event)
        for index, regimen in enumerate(regimens)
        for administration in regimen.administrations
        for event in _administration_events(administration)
    ]
    table = np.array(rows, dtype=np.float64).reshape(-1, 5)
    return InputEvents(
        profile=table[:, 0].astype(np.intp),
        state=table[:, 1].astype(np.intp),
        start_min=table[:, 2].copy(),
        duration_min=table[:, 3].copy(),
        amount_mg=table[:, 4].copy(),
    )
