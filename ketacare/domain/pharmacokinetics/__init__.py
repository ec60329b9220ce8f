"""Pharmacokinetic models of racemic ketamine and esketamine, vectorised with NumPy.

Typical use (a session with an IV infusion and a later IM top-up for a 82-kg client)::

    regimen = Regimen(
        Drug.RACEMIC_KETAMINE,
        (
            Administration(Route.IV, 41.0, start_min=0, infusion_min=40),
            Administration(Route.IM, 20.0, start_min=60),
        ),
        weight_kg=82.0,
    )
    profile = simulate(regimen)  # 0-6 h every minute; venous ng/mL
    window = dissociation_window(profile)

Esketamine devices: `Regimen(Drug.ESKETAMINE, esketamine_devices(3))`, or one 28-mg
`Administration(Route.INTRANASAL, 28.0, start_min=t)` per device at its recorded time.
Many profiles at once: `simulate_batch(regimens)`. See docs/pharmacokinetics.md.
"""

from ketacare.domain.pharmacokinetics.dissociation import DissociationWindow, dissociation_window
from ketacare.domain.pharmacokinetics.dose_request import DoseRequest
from ketacare.domain.pharmacokinetics.errors import (
    InvalidBioavailabilityError,
    InvalidDevicesError,
    InvalidDoseError,
    InvalidTimingError,
    InvalidWeightError,
    PharmacokineticInputError,
    UnknownDrugError,
    UnknownModelError,
    UnknownRouteError,
    UnsupportedRouteError,
)
from ketacare.domain.pharmacokinetics.parameters import (
    DEFAULT_RACEMIC_MODEL,
    RACEMIC_MODELS,
    DispositionModel,
    Sampling,
)
from ketacare.domain.pharmacokinetics.regimen import (
    ESKETAMINE_MODEL,
    ROUTES_BY_DRUG,
    Administration,
    Drug,
    Regimen,
    Route,
    dose_from_mg_per_kg,
    esketamine_devices,
    parse_drug,
    parse_route,
)
from ketacare.domain.pharmacokinetics.results import MetaboliteProfile, PkBatch, PkProfile
from ketacare.domain.pharmacokinetics.simulate import simulate, simulate_batch, time_grid

__all__ = [
    "DEFAULT_RACEMIC_MODEL",
    "ESKETAMINE_MODEL",
    "RACEMIC_MODELS",
    "ROUTES_BY_DRUG",
    "Administration",
    "DispositionModel",
    "DissociationWindow",
    "DoseRequest",
    "Drug",
    "InvalidBioavailabilityError",
    "InvalidDevicesError",
    "InvalidDoseError",
    "InvalidTimingError",
    "InvalidWeightError",
    "MetaboliteProfile",
    "PharmacokineticInputError",
    "PkBatch",
    "PkProfile",
    "Regimen",
    "Route",
    "Sampling",
    "UnknownDrugError",
    "UnknownModelError",
    "UnknownRouteError",
    "UnsupportedRouteError",
    "dissociation_window",
    "dose_from_mg_per_kg",
    "esketamine_devices",
    "parse_drug",
    "parse_route",
    "simulate",
    "simulate_batch",
    "time_grid",
]
