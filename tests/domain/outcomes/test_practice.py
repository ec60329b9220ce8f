"""Rates at windows with their denominators, hand-computed on an eight-client practice."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from ketacare.domain.outcomes import OutcomeData, OutcomeOptions, practice_outcomes
from ketacare.domain.outcomes.windows import END_OF_INDUCTION, MONTH_1, Window, window_scores

from .helpers import cohort

OPEN = OutcomeOptions(min_cell=1)  # no suppression, so a tiny cohort shows its arithmetic


def eight_clients() -> OutcomeData:
    return cohort(
        [20, 20, 20, 12, 15, 3, 20, None],
        {
            0: [(14, 18), (21, 8), (28, 10)],  # response (−12), recovery; day 28 exactly −50 %
            1: [(21, 4)],  # remission
            2: [(20, 11), (25, 2)],  # tie at 2.5 days from 22.5 → the earlier (11)
            3: [(21, 19)],  # reliable deterioration (+7)
            4: [(40, 9)],  # nothing in either window: lost
            5: [(21, 2)],  # baseline 3 is already in remission: not eligible
            6: [(21, 2)],  # untreated
            7: [(21, 2)],  # no baseline
        },
        sessions=[6, 6, 6, 6, 6, 6, 0, 6],
    )


def test_end_of_induction_denominators_and_rates() -> None:
    result = practice_outcomes(eight_clients(), options=OPEN)

    eoi = result.windows[0]
    assert eoi.window == END_OF_INDUCTION
    assert (result.n_clients.value, result.n_treated.value) == (8, 7)
    assert (eoi.eligible.value, eoi.with_followup.value, eoi.lost.value) == (5, 4, 1)
    assert eoi.response.value == 2 / 4
    assert eoi.remission.value == 1 / 4
    assert eoi.reliable_improvement is not None
    assert eoi.reliable_improvement.value == 3 / 4
    assert eoi.deterioration is not None
    assert eoi.deterioration.value == 1 / 4
    assert eoi.clinically_significant is not None
    assert eoi.clinically_significant.value == 2 / 4


def test_cohens_d_uses_the_baseline_sd() -> None:
    eoi = practice_outcomes(eight_clients(), options=OPEN).windows[0]

    # pre 20, 20, 20, 12 (mean 18, SD 4); post 8, 4, 11, 19 (mean 10.5) → d = 7.5 / 4.
    assert eoi.cohens_d is not None
    assert eoi.cohens_d.d == pytest.approx(1.875)
    assert eoi.cohens_d.n == 4
    low, high = eoi.cohens_d.ci95
    assert low < 1.875 < high


def test_month_one_picks_the_measurement_nearest_day_28() -> None:
    result = practice_outcomes(eight_clients(), options=OPEN)

    month = result.windows[1]
    assert month.window == MONTH_1
    # 0: day 28 score 10 (exactly 50 % counts); 1: 4; 2: day 25 score 2; 3: 19.
    assert month.response.value == 3 / 4
    assert month.remission.value == 2 / 4


def test_window_scores_report_missing_as_nan() -> None:
    days, scores = window_scores(eight_clients(), END_OF_INDUCTION)

    assert days.tolist()[:5] == [21, 21, 20, 21, -1]
    assert math.isnan(scores[4])


def test_json_has_exactly_the_contract_keys() -> None:
    result = practice_outcomes(eight_clients(), options=OPEN).as_json()

    assert set(result) == {
        "n_clients", "n_treated", "n_with_followup", "lost_to_followup", "response_rate",
        "remission_rate", "durability", "integration_effect",
    }  # fmt: skip
    durability, effect = result["durability"], result["integration_effect"]
    assert isinstance(durability, dict)
    assert isinstance(effect, dict)
    assert set(durability) == {"median_days", "km"}
    assert set(effect) == {"hazard_ratio", "ci95", "n"}
    assert result["lost_to_followup"] == 1


def test_default_suppression_hides_a_tiny_practice() -> None:
    result = practice_outcomes(eight_clients()).as_json()

    assert result["n_clients"] is None
    assert result["response_rate"] is None
    assert result["durability"] == {"median_days": None, "km": []}


def test_protocol_and_period_filters_select_courses() -> None:
    data = cohort(
        [20, 20, 20],
        {0: [(21, 4)], 1: [(21, 4)], 2: [(21, 19)]},
        protocols=["iv_racemic_series", "spravato", "spravato"],
        course_start=[
            dt.date(2025, 1, 6).toordinal(),
            dt.date(2025, 3, 3).toordinal(),
            dt.date(2025, 6, 2).toordinal(),
        ],
    )

    spravato = practice_outcomes(data, protocol="spravato", options=OPEN)
    spring = practice_outcomes(
        data, period=(dt.date(2025, 1, 1), dt.date(2025, 3, 31)), options=OPEN
    )

    assert spravato.n_clients.value == 2
    assert spravato.primary.remission.value == 1 / 2
    assert spring.n_clients.value == 2
    assert spring.primary.remission.value == 1.0


def test_reliable_change_is_none_for_an_instrument_without_a_rule() -> None:
    data = OutcomeData.build(
        instrument="MADRS",
        clients={"client_ids": [1], "protocol": ["spravato"], "course_start": [0],
                 "n_sessions": [8], "induction_end": [24], "baseline": [36]},
        measurements={"client": [0], "day": [21], "score": [10]},
    )  # fmt: skip

    eoi = practice_outcomes(data, options=OPEN).primary

    assert eoi.remission.value == 1.0  # MADRS ≤10 (reference §3)
    assert eoi.reliable_improvement is None
    assert eoi.deterioration is None


def test_custom_window_parameter() -> None:
    wide = Window("wide", 1, 60, 30)

    result = practice_outcomes(eight_clients(), options=OutcomeOptions(windows=(wide,), min_cell=1))

    assert result.primary.window == wide
    assert result.primary.lost.value == 0
    assert np.isclose(result.primary.response.value or 0, 3 / 5)


def test_a_followed_up_count_hidden_by_secondary_suppression_hides_its_rates() -> None:
    """30 eligible, 5 lost: "lost" is small, so "followed up" is hidden too, and no rate of
    the 25 may give 25 back ("k of 25", or k ÷ rate)."""
    baseline: list[float | None] = [20.0] * 30
    follow = {i: [(21, 4 if i < 13 else 18)] for i in range(25)}  # 13 remit, 12 do not
    follow |= {i: [(60, 9)] for i in range(25, 30)}  # outside the window: lost

    eoi = practice_outcomes(cohort(baseline, follow, sessions=[6] * 30)).windows[0]

    assert eoi.eligible.value == 30
    assert (eoi.with_followup.suppressed, eoi.lost.suppressed) == (True, True)
    for shown in (eoi.response, eoi.remission):
        assert shown.value is None
        assert shown.numerator.value is None
        assert shown.denominator.value is None
        assert shown.suppressed


def test_rates_are_published_when_followed_and_lost_are_both_large() -> None:
    baseline: list[float | None] = [20.0] * 40
    follow = {i: [(21, 4 if i < 13 else 18)] for i in range(25)}
    follow |= {i: [(60, 9)] for i in range(25, 40)}  # 15 lost

    eoi = practice_outcomes(cohort(baseline, follow, sessions=[6] * 40)).windows[0]

    assert (eoi.with_followup.value, eoi.lost.value) == (25, 15)
    assert eoi.remission.value == 13 / 25
    assert eoi.remission.denominator.value == 25
