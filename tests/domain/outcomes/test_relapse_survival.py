"""First response, the relapse rule at scale, Kaplan–Meier durability and the Cox model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lifelines import KaplanMeierFitter
from lifelines.utils import median_survival_times

from ketacare.domain.instruments.relapse import RelapseRule, detect_relapse
from ketacare.domain.outcomes import (
    OBSERVATIONAL_CAVEAT,
    OutcomeData,
    OutcomeOptions,
    practice_outcomes,
)
from ketacare.domain.outcomes.relapse import (
    RELAPSE_RULES,
    first_response_day,
    last_measurement_day,
    relapse_onsets,
)
from ketacare.domain.outcomes.survival import (
    Spell,
    durability,
    engagement_counts,
    integration_effect,
)

from .helpers import cohort

OPEN = OutcomeOptions(min_cell=1)


def two_responders() -> OutcomeData:
    return cohort(
        [20, 16, 20],
        {
            # response on day 14 (exactly 50 %); ≥10 on days 28 and 35 (7 apart) → relapse.
            0: [(7, 12), (14, 10), (21, 9), (28, 12), (35, 13)],
            # response day 7; 10 then 11 are 16 days apart → no relapse; censored at day 50.
            1: [(7, 8), (14, 10), (30, 11), (50, 4)],
            2: [(7, 15), (14, 14)],  # never responds
        },
    )


def test_first_response_and_relapse_days_by_hand() -> None:
    data = two_responders()

    response = first_response_day(data)
    onset, confirmed = relapse_onsets(data, response, RELAPSE_RULES["PHQ-9"])

    assert response.tolist() == [14, 7, -1]
    assert onset.tolist()[:2] == [28, -1]
    assert confirmed.tolist()[:2] == [35, -1]
    assert last_measurement_day(data).tolist() == [35, 50, 14]


def test_durability_spells_from_measurements() -> None:
    result = practice_outcomes(two_responders(), options=OPEN)

    # client 0: 28 − 14 = 14 days, relapsed; client 1: 50 − 7 = 43 days, censored.
    assert result.durability.n.value == 2
    assert result.durability.relapses.value == 1
    assert result.durability.km == ((0.0, 1.0), (14.0, 0.5), (43.0, 0.5))
    assert result.durability.median_days == 14.0


def test_kaplan_meier_against_a_hand_computation() -> None:
    spell = Spell(np.array([5, 10, 10, 20, 30, -1]), np.array([1, 0, 1, 1, 0, 0], dtype=bool))

    result = durability(spell, min_cell=1)

    # S(5) = 4/5; S(10) = 0.8 × 3/4 = 0.6 (one relapse, one censored); S(20) = 0.6 × 1/2.
    assert result.km == ((0.0, 1.0), (5.0, 0.8), (10.0, 0.6), (20.0, 0.3), (30.0, 0.3))
    assert result.median_days == 20.0
    assert result.n.value == 5
    assert result.at_risk == (5, 5, 4, 2, 1)  # followed just before each day


def test_kaplan_meier_tail_is_cut_where_few_are_at_risk() -> None:
    spell = Spell(np.array([5, 10, 10, 20, 30]), np.array([1, 0, 1, 1, 0], dtype=bool))

    result = durability(spell, min_cell=3)

    assert [day for day, _ in result.km] == [0.0, 5.0, 10.0]  # at risk 5, 5, 4; then 2, 1
    assert result.at_risk == (5, 5, 4)


def test_median_is_none_when_not_reached() -> None:
    spell = Spell(np.array([5, 10, 10]), np.array([1, 0, 0], dtype=bool))

    assert durability(spell, min_cell=1).median_days is None


def test_durability_is_suppressed_below_eleven_responders() -> None:
    spell = Spell(np.arange(10), np.ones(10, dtype=bool))

    result = durability(spell)

    assert (result.median_days, result.km, result.n.value) == (None, (), None)
    assert result.reason is not None


series = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 27)), max_size=12, unique_by=lambda m: m[0]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(series, min_size=1, max_size=6),
    st.integers(5, 20),
    st.integers(1, 3),
    st.integers(0, 10),
    st.integers(0, 10),
    st.lists(st.integers(-2, 30), min_size=6, max_size=6),
)
def test_vectorised_rule_matches_detect_relapse(
    clients: list[list[tuple[int, int]]],
    threshold: int,
    consecutive: int,
    min_gap: int,
    extra_gap: int,
    after: list[int],
) -> None:
    rule = RelapseRule(threshold, consecutive, min_gap, min_gap + extra_gap)
    data = cohort([20] * len(clients), dict(enumerate(clients)))
    after_day = np.array(after[: len(clients)])

    onset, confirmed = relapse_onsets(data, after_day, rule)

    for index, client_series in enumerate(clients):
        if after_day[index] < -1:
            assert (onset[index], confirmed[index]) == (-1, -1)
            continue
        expected = detect_relapse([m for m in client_series if m[0] > after_day[index]], rule)
        assert onset[index] == (expected.onset_day if expected.relapse else -1)
        assert confirmed[index] == (expected.relapse_day if expected.relapse else -1)


def landmark_frame(n: int, *, hazard_ratio: float, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    engaged = rng.random(n) < 0.5
    baseline = rng.integers(10, 28, n)
    time = rng.exponential(60, n) / np.where(engaged, hazard_ratio, 1.0)
    censor = rng.uniform(20, 150, n)
    return pd.DataFrame({
        "duration": np.minimum(time, censor).round(),
        "relapsed": time <= censor,
        "engaged": engaged.astype(int),
        "baseline": baseline,
        "protocol": rng.choice(["iv_racemic_series", "spravato", "im_kap"], n),
    })  # fmt: skip


def test_cox_recovers_a_known_hazard_ratio() -> None:
    result = integration_effect(landmark_frame(3000, hazard_ratio=0.6))

    assert result.hazard_ratio is not None
    assert result.ci95 is not None
    assert result.ci95[0] < 0.6 < result.ci95[1]
    assert result.n.value == 3000
    assert result.caveat == OBSERVATIONAL_CAVEAT
    assert "not a causal effect" in result.caveat


@pytest.mark.parametrize(
    ("frame_change", "reason"),
    [
        (lambda f: f.head(8), "too few responders"),
        (lambda f: f.assign(engaged=1), "too few responders"),
        (lambda f: f.assign(relapsed=False), "too few relapses"),
        (lambda f: f.assign(relapsed=f["relapsed"] & (f["engaged"] == 0)), "perfect separation"),
    ],
)
def test_cox_degenerate_cases_give_a_reason_not_an_exception(
    frame_change: object, reason: str
) -> None:
    frame = frame_change(landmark_frame(200, hazard_ratio=0.6))  # type: ignore[operator]

    result = integration_effect(frame)

    assert result.hazard_ratio is None
    assert result.ci95 is None
    assert result.reason is not None
    assert reason in result.reason


def test_cox_that_cannot_converge_gives_a_reason() -> None:
    frame = landmark_frame(200, hazard_ratio=0.6)
    frame["baseline"] = frame["engaged"] * 27  # collinear with engagement

    result = integration_effect(frame)

    assert result.hazard_ratio is None
    assert result.reason is not None
    assert "converge" in result.reason


def test_no_responders_gives_empty_durability_and_no_effect() -> None:
    data = cohort([20, 20], {0: [(21, 19)], 1: [(21, 18)]})

    result = practice_outcomes(data, options=OPEN)

    assert result.durability.n.value == 0
    assert result.integration.hazard_ratio is None
    assert math.isnan(float("nan"))


def test_engagement_counts_only_the_four_weeks_after_induction() -> None:
    data = cohort(
        [20, 20],
        {},
        induction_end=14,
        events=[(0, 13, 0), (0, 14, 1), (0, 20, 2), (0, 41, 0), (0, 42, 0), (1, 30, 1)],
    )

    assert engagement_counts(data).tolist() == [3, 1]
    assert engagement_counts(data, days=7).tolist() == [2, 0]


def test_the_median_has_a_confidence_interval_from_the_pointwise_band() -> None:
    days = np.arange(2, 62, 2)
    relapsed = np.array([1, 1, 0, 1, 1, 1, 1, 0, 1, 1] * 3, dtype=bool)

    result = durability(Spell(days, relapsed), min_cell=1)

    # lifelines' median_survival_times over its log(-log) 95 % band gives the same bounds.
    fitter = KaplanMeierFitter().fit(days, relapsed)
    low, high = median_survival_times(fitter.confidence_interval_).iloc[0]
    assert result.median_days == 34.0
    assert result.median_ci95 == (22.0, 48.0)
    assert result.median_ci95 == (float(low), float(high))


def test_an_upper_bound_not_reached_is_none_and_no_median_means_no_interval() -> None:
    days = np.array([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24])
    relapsed = np.array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)

    result = durability(Spell(days, relapsed), min_cell=1)
    never = durability(Spell(np.array([5, 10, 10]), np.array([1, 0, 0], dtype=bool)), min_cell=1)

    assert result.median_days == 12.0
    assert result.median_ci95 == (4.0, None)
    assert never.median_ci95 is None


def test_a_median_in_the_cut_tail_is_not_published() -> None:
    """12 responders; the curve is cut once fewer than 11 are at risk (after day 4), so a
    median on day 12 would date a step taken by fewer than 11 people."""
    days = np.array([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24])
    relapsed = np.array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)

    result = durability(Spell(days, relapsed), min_cell=11)

    assert [day for day, _ in result.km] == [0.0, 2.0, 4.0]
    assert result.median_days is None
    assert result.median_ci95 is None
    assert result.reason == "it falls where fewer than 11 responders are still followed"


def test_an_upper_bound_past_the_curve_shown_is_none() -> None:
    days = np.arange(2, 62, 2)
    relapsed = np.array([1, 1, 0, 1, 1, 1, 1, 0, 1, 1] * 3, dtype=bool)

    result = durability(Spell(days, relapsed), min_cell=11)

    # At risk: 30 on day 2 … 11 on day 40 (shown), 10 from day 42: the median (34) is shown,
    # its upper bound (48) is past the curve.
    assert result.km[-1][0] == 40.0
    assert result.median_days == 34.0
    assert result.median_ci95 == (22.0, None)
