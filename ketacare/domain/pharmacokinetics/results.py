"""Simulation results with explicit units: one profile, or a batch of profiles as arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketacare.domain.pharmacokinetics.linear import FloatArray
from ketacare.domain.pharmacokinetics.parameters import RACEMIC_MODELS, Sampling
from ketacare.domain.pharmacokinetics.regimen import Drug, Regimen, Route


def _frozen(values: FloatArray) -> FloatArray:
    """A read-only copy, so frozen results cannot be changed through their arrays."""
    copy = np.array(values, dtype=np.float64)
    copy.setflags(write=False)
    return copy


@dataclass(frozen=True)
class MetaboliteProfile:
    """The N-demethylated metabolite (norketamine or noresketamine).

    Attributes:
        name: "norketamine" or "noresketamine".
        concentration_ng_ml: Plasma concentration at each time of the profile (ng/mL).
        cmax_ng_ml: Peak concentration (ng/mL).
        tmax_min: Time of the peak from the start of dosing (minutes).
        auc_0_24_ng_h_ml: Area under the curve from 0 to 24 h (ng.h/mL).
    """

    name: str
    concentration_ng_ml: FloatArray
    cmax_ng_ml: float
    tmax_min: float
    auc_0_24_ng_h_ml: float


@dataclass(frozen=True)
class PkProfile:
    """Expected plasma profile of one regimen (typical individual, no variability).

    Attributes:
        regimen: The validated regimen simulated.
        parent: "ketamine" or "esketamine".
        model: Disposition model name.
        sampling: Site the concentrations correspond to ("venous" or "arterial").
        times_min: Output time grid, minutes from the start of dosing (time 0).
        concentration_ng_ml: Parent plasma concentration at each time (ng/mL).
        cmax_ng_ml: Peak parent concentration (ng/mL), searched at 1-minute resolution.
        tmax_min: Time of the peak from time 0 (minutes).
        tmax_after_last_dose_min: Time of the peak after the start of the last administration
            (minutes; negative if the peak precedes it).
        auc_0_24_ng_h_ml: Parent AUC from 0 to 24 h (ng.h/mL), analytic.
        auc_inf_ng_h_ml: Parent AUC from 0 to infinity (ng.h/mL), analytic.
        terminal_half_life_h: ln 2 over the slowest disposition eigenvalue (h).
        bioavailability: Fraction of the total dose reaching the circulation as parent drug.
        clearance_l_h: Systemic parent clearance (L/h) for this weight.
        metabolite: The metabolite profile.
    """

    regimen: Regimen
    parent: str
    model: str
    sampling: Sampling
    times_min: FloatArray
    concentration_ng_ml: FloatArray
    cmax_ng_ml: float
    tmax_min: float
    tmax_after_last_dose_min: float
    auc_0_24_ng_h_ml: float
    auc_inf_ng_h_ml: float
    terminal_half_life_h: float
    bioavailability: float
    clearance_l_h: float
    metabolite: MetaboliteProfile

    @property
    def drug(self) -> Drug:
        """The drug simulated."""
        return self.regimen.drug

    @property
    def dose_mg(self) -> float:
        """Total dose of the regimen (mg)."""
        return self.regimen.total_dose_mg

    @property
    def routes(self) -> tuple[Route, ...]:
        """Routes used by the regimen."""
        return self.regimen.routes


@dataclass(frozen=True)
class PkBatch:
    """Profiles of many regimens, as arrays indexed like `regimens` (units as in `PkProfile`).

    Attributes:
        regimens: The regimens simulated, in input order.
        times_min: Common output grid (T,), minutes.
        concentration_ng_ml: Parent concentrations (N, T).
        metabolite_ng_ml: Metabolite concentrations (N, T).
        cmax_ng_ml: Parent peaks (N,).
        tmax_min: Parent peak times from time 0 (N,).
        auc_0_24_ng_h_ml: Parent AUC 0-24 h (N,).
        auc_inf_ng_h_ml: Parent AUC 0-infinity (N,).
        terminal_half_life_h: Terminal half-lives (N,).
        bioavailability: Systemic fractions of the total dose (N,).
        clearance_l_h: Systemic parent clearances (N,).
        metabolite_cmax_ng_ml: Metabolite peaks (N,).
        metabolite_tmax_min: Metabolite peak times (N,).
        metabolite_auc_0_24_ng_h_ml: Metabolite AUC 0-24 h (N,).
    """

    regimens: tuple[Regimen, ...]
    times_min: FloatArray
    concentration_ng_ml: FloatArray
    metabolite_ng_ml: FloatArray
    cmax_ng_ml: FloatArray
    tmax_min: FloatArray
    auc_0_24_ng_h_ml: FloatArray
    auc_inf_ng_h_ml: FloatArray
    terminal_half_life_h: FloatArray
    bioavailability: FloatArray
    clearance_l_h: FloatArray
    metabolite_cmax_ng_ml: FloatArray
    metabolite_tmax_min: FloatArray
    metabolite_auc_0_24_ng_h_ml: FloatArray

    def __len__(self) -> int:
        """Number of profiles."""
        return len(self.regimens)

    def profile(self, index: int) -> PkProfile:
        """The `PkProfile` of regimen `index`."""
        regimen = self.regimens[index]
        parent, metabolite, sampling = _names(regimen)
        tmax = float(self.tmax_min[index])
        return PkProfile(
            regimen=regimen,
            parent=parent,
            model=regimen.model or "",
            sampling=sampling,
            times_min=self.times_min,
            concentration_ng_ml=_frozen(self.concentration_ng_ml[index]),
            cmax_ng_ml=float(self.cmax_ng_ml[index]),
            tmax_min=tmax,
            tmax_after_last_dose_min=tmax - regimen.last_start_min,
            auc_0_24_ng_h_ml=float(self.auc_0_24_ng_h_ml[index]),
            auc_inf_ng_h_ml=float(self.auc_inf_ng_h_ml[index]),
            terminal_half_life_h=float(self.terminal_half_life_h[index]),
            bioavailability=float(self.bioavailability[index]),
            clearance_l_h=float(self.clearance_l_h[index]),
            metabolite=MetaboliteProfile(
                name=metabolite,
                concentration_ng_ml=_frozen(self.metabolite_ng_ml[index]),
                cmax_ng_ml=float(self.metabolite_cmax_ng_ml[index]),
                tmax_min=float(self.metabolite_tmax_min[index]),
                auc_0_24_ng_h_ml=float(self.metabolite_auc_0_24_ng_h_ml[index]),
            ),
        )


def _names(regimen: Regimen) -> tuple[str, str, Sampling]:
    """Parent name, metabolite name and sampling site of a regimen's model."""
    if regimen.drug is Drug.ESKETAMINE:
        return "esketamine", "noresketamine", Sampling.VENOUS
    return "ketamine", "norketamine", RACEMIC_MODELS[regimen.model or ""].sampling
