"""Dosing regimens (drug, administrations, weight, model) and their validation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from ketacare.domain.pharmacokinetics import errors
from ketacare.domain.pharmacokinetics.parameters import (
    DEFAULT_RACEMIC_MODEL,
    ESKETAMINE,
    RACEMIC_MODELS,
    REFERENCE_WEIGHT_KG,
    WEIGHT_RANGE_KG,
)

MINUTES_PER_DAY = 1440.0
ESKETAMINE_MODEL = "perez_ruixo_2021"


class Drug(StrEnum):
    """Drugs the simulator models."""

    RACEMIC_KETAMINE = "racemic_ketamine"
    ESKETAMINE = "esketamine"


class Route(StrEnum):
    """Routes of administration."""

    IV = "iv"
    IM = "im"
    SC = "sc"
    INTRANASAL = "intranasal"
    ORAL = "oral"
    SUBLINGUAL = "sublingual"


# Esketamine: Perez-Ruixo 2021 models nasal and oral doses; its IV arm only served to identify
# absolute bioavailability, and no published model covers IM, SC or SL esketamine (brief [P]).
ROUTES_BY_DRUG: dict[Drug, frozenset[Route]] = {
    Drug.RACEMIC_KETAMINE: frozenset(Route),
    Drug.ESKETAMINE: frozenset({Route.INTRANASAL, Route.ORAL}),
}


@dataclass(frozen=True)
class Administration:
    """One administration: a bolus, spray, tablet or IV infusion.

    Attributes:
        route: Route of administration.
        dose_mg: Dose in mg of base (esketamine intranasal: a multiple of 28 mg, one device
            per 28 mg, devices 5 min apart starting at `start_min`).
        start_min: Start time in minutes from the start of the session (0 to < 1440).
        infusion_min: IV infusion duration in minutes; None for an IV bolus; IV only.
        bioavailability: Racemic intranasal bioavailability (0-1]; None uses 0.45. Only for
            racemic intranasal doses, because that F varies 4-fold between devices (§1.3).
    """

    route: Route
    dose_mg: float
    start_min: float = 0.0
    infusion_min: float | None = None
    bioavailability: float | None = None

    @property
    def end_min(self) -> float:
        """End of the administration (end of the infusion, else its start)."""
        return self.start_min + (self.infusion_min or 0.0)


@dataclass(frozen=True)
class Regimen:
    """A validated dosing regimen for one person.

    Attributes:
        drug: Drug administered.
        administrations: Administrations, in any order.
        weight_kg: Body weight (20-300 kg); racemic volumes and clearances scale with it.
        model: Disposition model name; None selects the default for the drug.
    """

    drug: Drug
    administrations: tuple[Administration, ...]
    weight_kg: float = REFERENCE_WEIGHT_KG
    model: str | None = None

    def __post_init__(self) -> None:
        """Validate the whole regimen; raise a `PharmacokineticInputError` subclass."""
        object.__setattr__(self, "drug", parse_drug(self.drug))
        object.__setattr__(
            self,
            "administrations",
            tuple(_validated(a, self.drug) for a in self.administrations),
        )
        if not self.administrations:
            raise errors.InvalidDoseError("a regimen needs at least one administration")
        _check_weight(self.weight_kg)
        object.__setattr__(self, "model", _resolve_model(self.drug, self.model))
        if self.drug is Drug.ESKETAMINE:
            object.__setattr__(self, "administrations", _one_per_device(self.administrations))

    @property
    def total_dose_mg(self) -> float:
        """Sum of all doses (mg)."""
        return math.fsum(a.dose_mg for a in self.administrations)

    @property
    def routes(self) -> tuple[Route, ...]:
        """Distinct routes, in order of first use."""
        return tuple(dict.fromkeys(a.route for a in self.administrations))

    @property
    def last_start_min(self) -> float:
        """Start of the last administration (minutes)."""
        return max(a.start_min for a in self.administrations)

    @property
    def last_end_min(self) -> float:
        """End of the last administration to finish (minutes)."""
        return max(a.end_min for a in self.administrations)


def parse_drug(value: str) -> Drug:
    """Return the `Drug` named by `value`, or raise `UnknownDrugError`."""
    try:
        return Drug(value)
    except ValueError:
        known = ", ".join(d.value for d in Drug)
        raise errors.UnknownDrugError(f"unknown drug {value!r}; expected one of: {known}") from None


def parse_route(value: str) -> Route:
    """Return the `Route` named by `value`, or raise `UnknownRouteError`."""
    try:
        return Route(value)
    except ValueError:
        known = ", ".join(r.value for r in Route)
        raise errors.UnknownRouteError(
            f"unknown route {value!r}; expected one of: {known}"
        ) from None


def esketamine_devices(
    devices: int, *, start_min: float = 0.0, interval_min: float = ESKETAMINE.device_interval_min
) -> tuple[Administration, ...]:
    """Esketamine nasal-spray devices (28 mg each) given `interval_min` apart.

    Args:
        devices: Number of devices, 1-3 (28, 56 or 84 mg; Spravato label).
        start_min: Time of the first device (minutes).
        interval_min: Minutes between devices (label: 5).

    Returns:
        One 28-mg intranasal administration per device.

    Raises:
        InvalidDevicesError: If `devices` is not 1, 2 or 3.
    """
    if (
        not isinstance(devices, int)
        or isinstance(devices, bool)
        or not 1 <= devices <= ESKETAMINE.max_devices
    ):
        raise errors.InvalidDevicesError(f"devices must be 1, 2 or 3 (got {devices!r})")
    return tuple(_device_series(devices, start_min, interval_min))


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _validated(administration: Administration, drug: Drug) -> Administration:
    """Check one administration against the drug; return it with its route parsed."""
    route = parse_route(administration.route)
    if route not in ROUTES_BY_DRUG[drug]:
        allowed = ", ".join(sorted(r.value for r in ROUTES_BY_DRUG[drug]))
        raise errors.UnsupportedRouteError(
            f"no published model for {drug.value} by route {route.value!r}; "
            f"modelled routes: {allowed}"
        )
    dose = administration.dose_mg
    if not _finite(dose) or dose <= 0:
        raise errors.InvalidDoseError(f"dose_mg must be a positive number (got {dose!r})")
    start = administration.start_min
    if not _finite(start) or not 0 <= start < MINUTES_PER_DAY:
        raise errors.InvalidTimingError(f"start_min must be in [0, 1440) (got {start!r})")
    _check_infusion(route, administration.infusion_min)
    _check_bioavailability(drug, route, administration.bioavailability)
    return Administration(
        route, dose, start, administration.infusion_min, administration.bioavailability
    )


def _check_infusion(route: Route, infusion_min: float | None) -> None:
    if infusion_min is None:
        return
    if route is not Route.IV:
        raise errors.InvalidTimingError(
            f"infusion_min applies to the IV route only (route {route.value!r})"
        )
    if not _finite(infusion_min) or not 0 < infusion_min <= MINUTES_PER_DAY:
        raise errors.InvalidTimingError(
            f"infusion_min must be > 0 and <= 1440; omit it for a bolus (got {infusion_min!r})"
        )


def _check_bioavailability(drug: Drug, route: Route, value: float | None) -> None:
    if value is None:
        return
    if drug is not Drug.RACEMIC_KETAMINE or route is not Route.INTRANASAL:
        raise errors.InvalidBioavailabilityError(
            "bioavailability is an input for racemic intranasal doses only"
        )
    if not _finite(value) or not 0 < value <= 1:
        raise errors.InvalidBioavailabilityError(
            f"bioavailability must be in (0, 1] (got {value!r})"
        )


def _check_weight(weight_kg: float) -> None:
    low, high = WEIGHT_RANGE_KG
    if not _finite(weight_kg) or not low <= weight_kg <= high:
        raise errors.InvalidWeightError(
            f"weight_kg must be between {low:g} and {high:g} kg (got {weight_kg!r})"
        )


def _resolve_model(drug: Drug, model: str | None) -> str:
    known = tuple(RACEMIC_MODELS) if drug is Drug.RACEMIC_KETAMINE else (ESKETAMINE_MODEL,)
    if model is None:
        return DEFAULT_RACEMIC_MODEL if drug is Drug.RACEMIC_KETAMINE else ESKETAMINE_MODEL
    if model not in known:
        raise errors.UnknownModelError(
            f"unknown model {model!r} for {drug.value}; expected one of: {', '.join(known)}"
        )
    return model


def _one_per_device(administrations: tuple[Administration, ...]) -> tuple[Administration, ...]:
    """Split esketamine nasal doses into 28-mg devices, 5 min apart; at most 3 per regimen."""
    expanded: list[Administration] = []
    for administration in administrations:
        if administration.route is not Route.INTRANASAL:
            expanded.append(administration)
            continue
        count = administration.dose_mg / ESKETAMINE.device_mg
        if not math.isclose(count, round(count), abs_tol=1e-9):
            raise errors.InvalidDoseError(
                "esketamine intranasal dose_mg must be a multiple of 28 mg "
                f"(one device each; got {administration.dose_mg:g})"
            )
        expanded += _device_series(
            round(count), administration.start_min, ESKETAMINE.device_interval_min
        )
    devices = sum(a.route is Route.INTRANASAL for a in expanded)
    if devices > ESKETAMINE.max_devices:
        raise errors.InvalidDevicesError(
            f"at most 3 esketamine devices (84 mg) per session (got {devices})"
        )
    return tuple(expanded)


def _device_series(devices: int, start_min: float, interval_min: float) -> list[Administration]:
    """`devices` 28-mg intranasal administrations from `start_min`, `interval_min` apart."""
    return [
        Administration(Route.INTRANASAL, ESKETAMINE.device_mg, start_min + i * interval_min)
        for i in range(devices)
    ]


def dose_from_mg_per_kg(dose_mg_per_kg: float, weight_kg: float) -> float:
    """Dose in mg for a weight-based dose.

    Args:
        dose_mg_per_kg: Dose per kg of body weight (must be > 0).
        weight_kg: Body weight in kg (20-300).

    Returns:
        dose_mg_per_kg x weight_kg.

    Raises:
        InvalidDoseError: If the per-kg dose is not a positive number.
        InvalidWeightError: If the weight is out of range.
    """
    if not _finite(dose_mg_per_kg) or dose_mg_per_kg <= 0:
        raise errors.InvalidDoseError(
            f"dose_mg_per_kg must be a positive number (got {dose_mg_per_kg!r})"
        )
    _check_weight(weight_kg)
    return dose_mg_per_kg * weight_kg
