"""A single dose as a prescriber states it (mg or mg/kg, devices), turned into a `Regimen`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ketacare.domain.pharmacokinetics import errors
from ketacare.domain.pharmacokinetics.parameters import ESKETAMINE, REFERENCE_WEIGHT_KG
from ketacare.domain.pharmacokinetics.regimen import (
    Administration,
    Drug,
    Regimen,
    Route,
    dose_from_mg_per_kg,
    esketamine_devices,
    parse_drug,
    parse_route,
)


@dataclass(frozen=True)
class DoseRequest:
    """One administration at time 0, stated the way the `ketacare pk` command takes it.

    Attributes:
        drug: "racemic_ketamine" or "esketamine".
        route: Route name ("iv", "im", "sc", "intranasal", "oral", "sublingual").
        dose_mg: Dose in mg (exactly one of `dose_mg` and `dose_mg_per_kg`, unless esketamine
            intranasal is given as `devices`).
        dose_mg_per_kg: Dose per kg; needs `weight_kg`.
        weight_kg: Body weight; None means 70 kg when the dose is in mg.
        infusion_min: IV infusion duration; None for an IV bolus.
        devices: Esketamine nasal-spray devices (1-3, 28 mg each, 5 min apart).
        bioavailability: Racemic intranasal F; None means 0.45.
        model: Disposition model; None means the drug's default.
    """

    drug: str
    route: str
    dose_mg: float | None = None
    dose_mg_per_kg: float | None = None
    weight_kg: float | None = None
    infusion_min: float | None = None
    devices: int | None = None
    bioavailability: float | None = None
    model: str | None = None

    def regimen(self) -> Regimen:
        """Validate the request and build its regimen.

        Returns:
            The regimen (esketamine devices expanded, 5 min apart).

        Raises:
            PharmacokineticInputError: A subclass naming the offending input.
        """
        drug, route = parse_drug(self.drug), parse_route(self.route)
        weight = REFERENCE_WEIGHT_KG if self.weight_kg is None else self.weight_kg
        dose = self._dose_mg(weight)
        if self.devices is not None or (drug is Drug.ESKETAMINE and route is Route.INTRANASAL):
            return Regimen(drug, self._devices(drug, route, dose), weight, self.model)
        if dose is None:
            raise errors.InvalidDoseError("give exactly one of dose_mg and dose_mg_per_kg")
        administration = Administration(
            route, dose, infusion_min=self.infusion_min, bioavailability=self.bioavailability
        )
        return Regimen(drug, (administration,), weight, self.model)

    def _dose_mg(self, weight_kg: float) -> float | None:
        if self.dose_mg is not None and self.dose_mg_per_kg is not None:
            raise errors.InvalidDoseError("give exactly one of dose_mg and dose_mg_per_kg")
        if self.dose_mg_per_kg is None:
            return self.dose_mg
        if self.weight_kg is None:
            raise errors.InvalidWeightError("dose_mg_per_kg needs weight_kg")
        return dose_from_mg_per_kg(self.dose_mg_per_kg, weight_kg)

    def _devices(
        self, drug: Drug, route: Route, dose_mg: float | None
    ) -> tuple[Administration, ...]:
        """Esketamine intranasal devices from `devices` and/or a dose in multiples of 28 mg."""
        if drug is not Drug.ESKETAMINE or route is not Route.INTRANASAL:
            raise errors.InvalidDevicesError("devices apply to esketamine intranasal only")
        if self.infusion_min is not None:
            raise errors.InvalidTimingError("infusion_min applies to the IV route only")
        if self.bioavailability is not None:
            raise errors.InvalidBioavailabilityError(
                "bioavailability is an input for racemic intranasal doses only"
            )
        if self.devices is None:
            if dose_mg is None:
                raise errors.InvalidDoseError("give dose_mg (a multiple of 28 mg) or devices")
            # Regimen validation rejects a dose that is not a whole number of devices.
            return (Administration(route, dose_mg),)
        devices = esketamine_devices(self.devices)
        if dose_mg is not None and not math.isclose(
            dose_mg, len(devices) * ESKETAMINE.device_mg, abs_tol=1e-9
        ):
            raise errors.InvalidDoseError(
                f"dose_mg {dose_mg:g} does not match {self.devices} device(s) of 28 mg"
            )
        return devices
