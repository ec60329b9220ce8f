"""Practice-adjustable screening thresholds, defaulting to the reference values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreeningPolicy:
    """Numeric thresholds a practice may change; defaults are reference §3–§4 values.

    Attributes:
        bp_severe_sbp_mmhg: CI_BP_SEVERE when systolic BP ≥ this (platform policy [P]).
        bp_severe_dbp_mmhg: CI_BP_SEVERE when diastolic BP ≥ this [P].
        bp_elevated_sbp_mmhg: REL_BP_ELEVATED when systolic BP > this (Spravato PI §2 [V]).
        bp_elevated_dbp_mmhg: REL_BP_ELEVATED when diastolic BP > this (Spravato PI §2 [V]).
        resting_spo2_min_percent: REL_RESPIRATORY when resting SpO2 < this [P].
        benzo_high_dze_mg_per_day: DDI_BENZO_HIGH when total diazepam equivalents > this
            (Andrashko 2020 ROC cut-off [V]).
    """

    bp_severe_sbp_mmhg: float = 180
    bp_severe_dbp_mmhg: float = 110
    bp_elevated_sbp_mmhg: float = 140
    bp_elevated_dbp_mmhg: float = 90
    resting_spo2_min_percent: float = 94
    benzo_high_dze_mg_per_day: float = 8.0

    def __post_init__(self) -> None:
        """Reject thresholds that would break the tiers.

        Raises:
            ValueError: if a threshold is not positive, an elevated tier is not below its severe
                tier, or the SpO2 threshold is above 100 %.
        """
        for name, value in vars(self).items():
            if not value > 0:
                raise ValueError(f"{name}: must be > 0")
        if self.bp_elevated_sbp_mmhg >= self.bp_severe_sbp_mmhg:
            raise ValueError("bp_elevated_sbp_mmhg: must be below bp_severe_sbp_mmhg")
        if self.bp_elevated_dbp_mmhg >= self.bp_severe_dbp_mmhg:
            raise ValueError("bp_elevated_dbp_mmhg: must be below bp_severe_dbp_mmhg")
        if self.resting_spo2_min_percent > 100:
            raise ValueError("resting_spo2_min_percent: must be ≤ 100")


DEFAULT_POLICY = ScreeningPolicy()
