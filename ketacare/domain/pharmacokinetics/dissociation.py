"""Typical dissociation window of a dosing session, for the session timeline (advisory)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketacare.domain.pharmacokinetics.regimen import Drug, Route
from ketacare.domain.pharmacokinetics.results import PkProfile

# Diazgranados 2010 (reference §6 [V]): after IV 0.5 mg/kg over 40 min, dissociation is present
# essentially only at the 40-min (end-of-infusion) rating and gone by the 80-110-min ratings.
IV_OFFSET_AFTER_INFUSION_MIN = 40.0
# Spravato label (reference §6 [V]): dissociation begins shortly after dosing, peaks ~40 min,
# and has generally resolved by 1.5 h.
ESKETAMINE_RESOLVED_MIN = 90.0
# Bowdle 1998 (reference §2 [V]): psychedelic effects rise linearly over steady-state
# concentrations of 50-200 ng/mL; the lower end bounds the window for other routes [P].
EFFECT_THRESHOLD_NG_ML = 50.0

SOURCE_IV = "Diazgranados 2010 (IV 0.5 mg/kg/40 min: present at 40 min, gone by 80-110 min)"
SOURCE_ESKETAMINE = "Spravato label (begins shortly after dosing, peaks ~40 min, resolved 1.5 h)"
SOURCE_THRESHOLD = "[P] venous ketamine >= 50 ng/mL (Bowdle 1998 effect range 50-200 ng/mL)"


@dataclass(frozen=True)
class DissociationWindow:
    """When dissociative effects are typically expected, in minutes from time 0.

    Attributes:
        start_min: Expected onset.
        end_min: Expected resolution.
        source: Where the window comes from (published time course or platform rule).
    """

    start_min: float
    end_min: float
    source: str

    def as_tuple(self) -> tuple[float, float]:
        """(start_min, end_min)."""
        return (self.start_min, self.end_min)


def dissociation_window(profile: PkProfile) -> DissociationWindow | None:
    """Typical dissociation window for a simulated session (advisory, typical patient).

    * Esketamine nasal spray: first device to 90 min after it (Spravato label).
    * One racemic IV infusion: infusion start to 40 min after its end (Diazgranados 2010;
      published for 40-min infusions, extrapolated to other durations [P]).
    * Any other racemic regimen: the span where the simulated venous ketamine concentration is
      at least 50 ng/mL (Bowdle 1998 [P]); None if the profile never reaches it.

    Args:
        profile: A simulated profile; its time grid must cover the window for the last rule.

    Returns:
        The window, or None when no source supports one (esketamine orally, or a racemic
        profile that stays below 50 ng/mL).
    """
    regimen = profile.regimen
    first_start = min(a.start_min for a in regimen.administrations)
    if regimen.drug is Drug.ESKETAMINE:
        if regimen.routes != (Route.INTRANASAL,):
            return None
        return DissociationWindow(
            first_start, first_start + ESKETAMINE_RESOLVED_MIN, SOURCE_ESKETAMINE
        )
    (only, *others) = regimen.administrations
    if not others and only.route is Route.IV and only.infusion_min is not None:
        return DissociationWindow(
            only.start_min, only.end_min + IV_OFFSET_AFTER_INFUSION_MIN, SOURCE_IV
        )
    above = np.flatnonzero(profile.concentration_ng_ml >= EFFECT_THRESHOLD_NG_ML)
    if above.size == 0:
        return None
    times = profile.times_min
    return DissociationWindow(float(times[above[0]]), float(times[above[-1]]), SOURCE_THRESHOLD)
