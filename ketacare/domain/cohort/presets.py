"""Parameters of the synthetic cohort: two presets from pharmacology reference §5 and §7.6.

"conservative" takes randomised-trial figures and "optimistic" real-world ones (reference
§7.6: real-world studies are retrospective, completer-biased and often sponsor-run). Values
marked [P] are platform assumptions, not published figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Preset:
    """Outcome parameters of one synthetic cohort (rates are proportions of treated clients)."""

    name: str
    response_rate: float
    remission_rate: float
    relapse_median_days: float
    induction_dropout: float
    deterioration_rate: float
    relapse_shape: float = 1.0  # Weibull shape; 1 = exponential [P]
    monthly_loss: float = 0.06  # loss to follow-up per month after induction [P]
    engaged_share: float = 0.5  # share of clients who engage with integration [P]
    missed_measure: float = 0.1  # chance a weekly PHQ-9 is not returned [P]
    sources: str = ""

    def __post_init__(self) -> None:
        """Reject impossible parameter sets.

        Raises:
            ValueError: a proportion outside [0, 1], remission above response, or a
                non-positive median or shape.
        """
        shares = (self.response_rate, self.remission_rate, self.induction_dropout,
                  self.deterioration_rate, self.monthly_loss, self.engaged_share,
                  self.missed_measure)  # fmt: skip
        if not all(0 <= share <= 1 for share in shares):
            raise ValueError(f"preset {self.name!r}: proportions must be within 0–1")
        if self.remission_rate > self.response_rate:
            raise ValueError(f"preset {self.name!r}: remission cannot exceed response")
        if self.deterioration_rate > 1 - self.response_rate:
            raise ValueError(f"preset {self.name!r}: deterioration exceeds non-response")
        if self.relapse_median_days <= 0 or self.relapse_shape <= 0:
            raise ValueError(f"preset {self.name!r}: relapse median and shape must be > 0")

    @property
    def relapse_scale_days(self) -> float:
        """Weibull scale λ with median λ·(ln 2)^(1/k) equal to `relapse_median_days`."""
        return float(self.relapse_median_days / math.log(2) ** (1 / self.relapse_shape))


CONSERVATIVE = Preset(
    name="conservative",
    response_rate=0.508,  # ELEKT-D, MADRS response after 6 infusions (Anand 2023) [V]
    remission_rate=0.20,  # KADS SC ketamine ~19.6 % (Loo 2023) [R]
    relapse_median_days=18,  # Murrough 2013: median 18 days after the last infusion [V]
    induction_dropout=0.07,  # TRANSFORM-2 discontinuation for adverse events [V]
    deterioration_rate=0.084,  # McInnes 2022: 8.4 % worsened (the larger published share) [V]
    sources="ELEKT-D 2023; KADS 2023; Murrough 2013; TRANSFORM-2; McInnes 2022",
)
OPTIMISTIC = Preset(
    name="optimistic",
    response_rate=0.536,  # McInnes 2022, 178 community practices, PHQ-9 [V]
    remission_rate=0.289,  # McInnes 2022 [V]
    relapse_median_days=85,  # real-world arm, λ ≈ 0.008/day (McInnes 2022 KM; ref §5 [P])
    induction_dropout=0.05,  # <5 % withdrew for tolerability (Rodrigues 2020) [V]
    deterioration_rate=0.009,  # Hull 2022 at-home KAP: 0.9 % deteriorated [V]
    sources="McInnes 2022; Rodrigues 2020; Hull 2022",
)
PRESETS = MappingProxyType({preset.name: preset for preset in (CONSERVATIVE, OPTIMISTIC)})

BASELINE_PHQ9_MEAN = 18.0  # TRD clinic entry ~N(18, 4) truncated 10–27 [P] (reference §5)
BASELINE_PHQ9_SD = 4.0
INTEGRATION_HR = 0.6  # integration hazard ratio on relapse, 0.5–0.7 [P, low certainty] (§5)
