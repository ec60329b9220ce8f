"""Input errors raised by the pharmacokinetic simulator (all are `ValueError` subclasses)."""

from __future__ import annotations


class PharmacokineticInputError(ValueError):
    """Base class: the simulation request is invalid; the message names the offending input."""


class UnknownDrugError(PharmacokineticInputError):
    """The drug is not one the simulator models."""


class UnknownRouteError(PharmacokineticInputError):
    """The route is not a known route name."""


class UnsupportedRouteError(PharmacokineticInputError):
    """The route is known but no published model covers it for this drug."""


class UnknownModelError(PharmacokineticInputError):
    """The disposition model name is not available for this drug."""


class InvalidDoseError(PharmacokineticInputError):
    """The dose is missing, non-positive, non-finite or inconsistent with the device count."""


class InvalidWeightError(PharmacokineticInputError):
    """The body weight is outside the accepted range."""


class InvalidTimingError(PharmacokineticInputError):
    """An administration time, infusion duration or output time grid is invalid."""


class InvalidDevicesError(PharmacokineticInputError):
    """The number of esketamine nasal-spray devices is outside 1-3 or used with another route."""


class InvalidBioavailabilityError(PharmacokineticInputError):
    """A bioavailability override is outside (0, 1] or given for a route that takes none."""
