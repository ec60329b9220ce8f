"""Esketamine nasal spray and oral solution: the Perez-Ruixo 2021 population model.

Perez-Ruixo C et al. Clin Pharmacokinet 2021;60:501-516, Table 3 typical values (non-Asian,
18-60 y), structure as encoded in nlmixr2lib `PerezRuixo_2020_esketamine` (reference §1.2 [V]).
States (mg): nasal depot, swallowed depot, oral depot, central, two peripherals, the
hepato-portal (liver) compartment, noresketamine central and peripheral. Each device is a bolus
of FRn x 28 mg into the nasal depot plus a zero-order input of (1 - FRn) x Fgut x 28 mg over
Dsw into the swallowed depot; FRn is 0.54 for the first device and 0.54 x 0.62 for later ones.
Swallowed and oral drug reach the liver and undergo first-pass extraction there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ketacare.domain.pharmacokinetics.linear import FloatArray, InputEvents
from ketacare.domain.pharmacokinetics.parameters import (
    ESKETAMINE,
    MINUTES_PER_HOUR,
    NG_PER_ML_PER_MG_PER_L,
    EsketamineParameters,
    Sampling,
)
from ketacare.domain.pharmacokinetics.regimen import Regimen, Route
from ketacare.domain.pharmacokinetics.system import CompartmentBatch, add_exchange

NASAL, SWALLOWED, ORAL, CENTRAL, PERIPHERAL1, PERIPHERAL2, LIVER, METABOLITE, METABOLITE_P = range(
    9
)


def hepatic_extraction(par: EsketamineParameters = ESKETAMINE) -> float:
    """Well-stirred first-pass extraction E = CLint / (Qh + CLint), CLint = Vh (kel + kmet)."""
    intrinsic = par.liver_l * (par.kel_per_h + par.kmet_per_h)
    return intrinsic / (par.liver_flow_l_h + intrinsic)


def systemic_clearance_l_h(par: EsketamineParameters = ESKETAMINE) -> float:
    """Systemic esketamine clearance Qh x E (L/h)."""
    return par.liver_flow_l_h * hepatic_extraction(par)


def device_fraction_nasal(ordinal: int, par: EsketamineParameters = ESKETAMINE) -> float:
    """Fraction of a device absorbed through the nasal mucosa (FRn; ordinal 0 = first device)."""
    return par.fraction_nasal * (par.later_device_factor if ordinal > 0 else 1.0)


def build(regimens: Sequence[Regimen]) -> CompartmentBatch:
    """Assemble the batched system of N esketamine regimens.

    Args:
        regimens: Validated esketamine regimens (intranasal and/or oral administrations).

    Returns:
        Matrices, output rows and inputs for the solver. Weight does not enter: it had no
        effect in the published analysis.
    """
    matrix = _matrix(ESKETAMINE)
    n = len(regimens)
    output_rows = np.zeros((n, 2, matrix.shape[0]))
    output_rows[:, 0, CENTRAL] = NG_PER_ML_PER_MG_PER_L / ESKETAMINE.central_l
    output_rows[:, 1, METABOLITE] = NG_PER_ML_PER_MG_PER_L / ESKETAMINE.metabolite_central_l
    rows: list[tuple[float, float, float, float, float]] = []
    reaching = np.zeros(n)
    for index, regimen in enumerate(regimens):
        events, reaching[index] = _regimen_events(regimen)
        rows.extend((index, *event) for event in events)
    table = np.array(rows, dtype=np.float64)
    return CompartmentBatch(
        matrices=np.broadcast_to(matrix, (n, *matrix.shape)).copy(),
        output_rows=output_rows,
        events=InputEvents(
            profile=table[:, 0].astype(np.intp),
            state=table[:, 1].astype(np.intp),
            start_min=table[:, 2].copy(),
            duration_min=table[:, 3].copy(),
            amount_mg=table[:, 4].copy(),
        ),
        bioavailability=reaching / np.array([r.total_dose_mg for r in regimens]),
        clearance_l_h=np.full(n, systemic_clearance_l_h()),
        disposition=slice(CENTRAL, LIVER + 1),
        parent_name="esketamine",
        metabolite_name="noresketamine",
        sampling=Sampling.VENOUS,
    )


def _matrix(par: EsketamineParameters) -> FloatArray:
    """Per-minute system matrix (9 x 9)."""
    rate = {  # per minute
        "ka_n": par.ka_nasal_per_h / MINUTES_PER_HOUR,
        "ka_sw": par.ka_swallowed_per_h / MINUTES_PER_HOUR,
        "ka_po": par.ka_oral_per_h / MINUTES_PER_HOUR,
        "liver_out": (par.kel_per_h + par.kmet_per_h) / MINUTES_PER_HOUR,
        "kmet": par.kmet_per_h / MINUTES_PER_HOUR,
        "ken": par.metabolite_clearance_l_h / par.metabolite_central_l / MINUTES_PER_HOUR,
    }
    a = np.zeros((9, 9))
    for depot, target, ka in (
        (NASAL, CENTRAL, rate["ka_n"]),
        (SWALLOWED, LIVER, rate["ka_sw"]),
        (ORAL, LIVER, rate["ka_po"]),
    ):
        a[depot, depot] -= ka
        a[target, depot] += ka
    for j, volume_j, flow in (
        (PERIPHERAL1, par.peripheral1_l, par.q1_l_h),
        (PERIPHERAL2, par.peripheral2_l, par.q2_l_h),
        (LIVER, par.liver_l, par.liver_flow_l_h),
    ):
        add_exchange(a, (CENTRAL, j), (par.central_l, volume_j), flow / MINUTES_PER_HOUR)
    a[LIVER, LIVER] -= rate["liver_out"]
    a[METABOLITE, LIVER] += rate["kmet"]
    a[METABOLITE, METABOLITE] -= rate["ken"]
    add_exchange(
        a,
        (METABOLITE, METABOLITE_P),
        (par.metabolite_central_l, par.metabolite_peripheral_l),
        par.metabolite_q_l_h / MINUTES_PER_HOUR,
    )
    return a


def _regimen_events(
    regimen: Regimen, par: EsketamineParameters = ESKETAMINE
) -> tuple[list[tuple[int, float, float, float]], float]:
    """Inputs (state, start, duration, amount) of a regimen and the mg reaching the circulation."""
    escape = 1.0 - hepatic_extraction(par)
    events: list[tuple[int, float, float, float]] = []
    device_times: list[float] = []
    reaching = 0.0
    for a in regimen.administrations:
        if a.route is Route.ORAL:
            amount = par.fraction_gut * a.dose_mg
            events.append((ORAL, a.start_min, par.oral_zero_order_h * MINUTES_PER_HOUR, amount))
            reaching += amount * escape
        else:  # one 28-mg device (Regimen splits nasal doses into devices)
            device_times.append(a.start_min)
    for ordinal, start in enumerate(sorted(device_times)):
        nasal = device_fraction_nasal(ordinal, par) * par.device_mg
        swallowed = (par.device_mg - nasal) * par.fraction_gut
        events.append((NASAL, start, 0.0, nasal))
        events.append((SWALLOWED, start, par.swallowed_zero_order_h * MINUTES_PER_HOUR, swallowed))
        reaching += nasal + swallowed * escape
    return events, reaching
