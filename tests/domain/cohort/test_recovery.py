"""End to end: the analytics recover the generator's own parameters at N = 5,000.

Tolerances: the end-of-induction response rate is a binomial proportion over ~4,700 clients
with follow-up, SE = √(0.54 × 0.46 / 4,700) ≈ 0.007; ±0.03 is about 4 SE, so a correct
pipeline fails by chance less than 1 in 10,000 times, while a wrong denominator (e.g. counting
the lost as non-responders, −5 points) or a wrong rule fails it. Seeds are fixed, so the
test is deterministic; the tolerance only says how much seed-to-seed variation is allowed.
"""

from __future__ import annotations

import pytest

from ketacare.domain.cohort import PRESETS, generate_cohort
from ketacare.domain.outcomes import practice_outcomes


@pytest.mark.parametrize("preset", ["optimistic", "conservative"])
def test_response_and_remission_rates_are_recovered(preset: str) -> None:
    result = practice_outcomes(generate_cohort(5000, seed=2026, preset=preset).to_outcome_data())

    eoi = result.primary
    assert eoi.response.value == pytest.approx(PRESETS[preset].response_rate, abs=0.03)
    assert eoi.remission.value == pytest.approx(PRESETS[preset].remission_rate, abs=0.03)
    assert eoi.lost.value is not None
    assert eoi.lost.value > 0


@pytest.mark.parametrize("hazard_ratio", [0.6, 1.0])
def test_integration_hazard_ratio_is_within_its_confidence_interval(hazard_ratio: float) -> None:
    cohort = generate_cohort(5000, seed=2026, integration_hr=hazard_ratio)

    effect = practice_outcomes(cohort.to_outcome_data()).integration

    assert effect.ci95 is not None, effect.reason
    assert effect.ci95[0] < hazard_ratio < effect.ci95[1]
