"""A seeded, vectorised synthetic cohort: intake, sessions with vitals, PHQ-9/GAD-7, engagement.

Synthetic data only. Same `(n, seed, preset, integration_hr)` → identical arrays: the only
source of randomness is `numpy.random.default_rng(seed)`, drawn in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr, ndtri

from ketacare.domain.cohort.presets import (
    BASELINE_PHQ9_MEAN,
    BASELINE_PHQ9_SD,
    INTEGRATION_HR,
    PRESETS,
    Preset,
)
from ketacare.domain.outcomes.data import EngagementKind, IntArray, OutcomeData
from ketacare.domain.protocols.schedule import plan_sessions
from ketacare.domain.protocols.templates import PROTOCOLS

Array = npt.NDArray[np.float64]
Column = npt.NDArray[Any]  # Any: a table mixes int, float, bool and str columns
EPOCH = dt.date(2025, 1, 6)  # a Monday: course starts fall in the year after it
FOLLOW_UP_DAYS = 182  # 26 weeks, the 6-month point of the measures schedule
SCHEDULE_DAYS = (0, 1, 7, 14, 30, 91, 182)  # measures.schedules: baseline … 6 months
PROTOCOL_SHARES = {"iv_racemic_series": 0.4, "sublingual_kap": 0.25, "im_kap": 0.2,
                   "spravato": 0.15}  # fmt: skip  # [P] a mixed KAP practice
# Engagement events per week, engaged vs not [P]: journal, check-in, coaching session.
ENGAGED_PER_WEEK = (1.5, 3.0, 0.5)
NOT_ENGAGED_PER_WEEK = (0.05, 0.1, 0.0)
RELAPSE_ORIGIN_DAY = 28
OUTCOME_CLASSES = ("remission", "response", "non_response", "deterioration")


@dataclass(frozen=True, eq=False)
class Cohort:
    """A synthetic practice: per-client columns and long tables (all NumPy arrays).

    `clients`: id, protocol, course_start (ordinal), age, female, weight_kg, baseline_phq9,
    n_sessions, induction_end, follow_end, engaged, outcome (index into OUTCOME_CLASSES),
    response_day, relapse_day (the generator's truth; −1 = none).
    `sessions`: client, day, number, sbp_pre, dbp_pre, hr_pre, sbp_peak, spo2_min.
    `questionnaires`: client, day, instrument ("PHQ-9" weekly, "GAD-7" on the schedule), score.
    `events`: client, day, kind (`EngagementKind`).
    """

    seed: int
    preset: Preset
    integration_hr: float
    clients: dict[str, Column]
    sessions: dict[str, Column]
    questionnaires: dict[str, Column]
    events: dict[str, Column]

    @property
    def n(self) -> int:
        """Number of clients."""
        return len(self.clients["id"])

    def to_outcome_data(self) -> OutcomeData:
        """The outcomes core's input: PHQ-9 follow-ups, day-0 baseline and engagement."""
        q = self.questionnaires
        phq9 = (q["instrument"] == "PHQ-9") & (q["day"] >= 1)
        c = self.clients
        return OutcomeData.build(
            instrument="PHQ-9",
            clients={"client_ids": c["id"], "protocol": c["protocol"],
                     "course_start": c["course_start"], "n_sessions": c["n_sessions"],
                     "induction_end": c["induction_end"], "baseline": c["baseline_phq9"]},
            measurements={"client": q["client"][phq9], "day": q["day"][phq9],
                          "score": q["score"][phq9]},
            events={"client": self.events["client"], "day": self.events["day"],
                    "kind": self.events["kind"]},
        )  # fmt: skip


def _truncated_normal(
    rng: np.random.Generator, n: int, mean: float, sd: float, bounds: tuple[float, float]
) -> Array:
    low, high = ndtr((bounds[0] - mean) / sd), ndtr((bounds[1] - mean) / sd)
    return mean + sd * ndtri(rng.uniform(low, high, n))  # type: ignore[no-any-return]


def _session_plans() -> dict[str, tuple[IntArray, int]]:
    """Per protocol: planned session days from day 0, and the induction's last day."""
    plans = {}
    for code, template in PROTOCOLS.items():
        days = np.array([(s.on - EPOCH).days for s in plan_sessions(template, EPOCH)])
        plans[code] = (days, int(days[template.phases[0].sessions - 1]))
    return plans


def _intake(rng: np.random.Generator, n: int) -> dict[str, Column]:
    # SUSTAIN-2 age 50.7 ± 13.3; popPK pool 58 % female, weight median 74 kg (39–170) [V].
    codes = np.array(list(PROTOCOL_SHARES))
    baseline = np.rint(_truncated_normal(rng, n, BASELINE_PHQ9_MEAN, BASELINE_PHQ9_SD, (9.5, 27.5)))
    return {
        "id": np.arange(1, n + 1, dtype=np.int64),
        "protocol": codes[rng.choice(len(codes), n, p=list(PROTOCOL_SHARES.values()))],
        "course_start": EPOCH.toordinal() + rng.integers(0, 365, n),
        "age": np.rint(_truncated_normal(rng, n, 50.7, 13.3, (18, 86))).astype(np.int64),
        "female": rng.random(n) < 0.58,
        "weight_kg": np.round(np.clip(74 * np.exp(rng.normal(0, 0.2, n)), 39, 170), 1),
        "baseline_phq9": baseline.astype(np.int64),
    }


def _follow_end(rng: np.random.Generator, n: int, preset: Preset, horizon: int) -> IntArray:
    """Last day in care: adverse-event exits in days 1–14, then a monthly loss hazard [P]."""
    early = rng.random(n) < preset.induction_dropout
    early_day = rng.integers(1, 15, n)
    mean_days = 30 / -np.log1p(-min(preset.monthly_loss, 0.999)) if preset.monthly_loss else 1e9
    later = 28 + np.floor(rng.exponential(mean_days, n))
    return np.where(early, early_day, np.minimum(later, horizon)).astype(np.int64)


def _bands(rng: np.random.Generator, baseline: IntArray, preset: Preset) -> tuple[IntArray, ...]:
    """Outcome class and the band [low, high] every score from day 14 stays in until relapse.

    Bands follow the instruments core's PHQ-9 rules (reference §3): remission <5; response
    = ≥50 % fall (score ≤ baseline // 2); reliable deterioration = rise ≥6 (NHS TT).
    """
    u = rng.random(len(baseline))
    outcome = np.select(
        [u < preset.remission_rate, u < preset.response_rate,
         u < preset.response_rate + preset.deterioration_rate],
        [0, 1, 3], default=2,
    )  # fmt: skip
    half = baseline // 2
    low = np.choose(outcome, [0, 5, half + 1, np.minimum(baseline + 6, 27)])
    high = np.choose(outcome, [4, half, np.minimum(baseline + 3, 27), 27])
    return outcome, low, high


def _relapse_time(
    rng: np.random.Generator, engaged: npt.NDArray[np.bool_], preset: Preset, hazard_ratio: float
) -> Array:
    """Days from response to relapse: Weibull, hazard × `hazard_ratio` when engaged (PH)."""
    scale = preset.relapse_scale_days
    ratio = np.where(engaged, hazard_ratio, 1.0)
    return scale * (rng.exponential(1.0, len(engaged)) / ratio) ** (1 / preset.relapse_shape)


def _trajectories(
    rng: np.random.Generator,
    intake: dict[str, Column],
    preset: Preset,
    grid: IntArray,
    relapse_after: Array,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Weekly PHQ-9 matrix (clients × grid), outcome class, response day, relapse day.

    Scores fall exponentially (τ = 7 days [P]) from baseline towards a target inside the
    client's band, with N(0, 1.5) noise; from day 14 they stay inside the band; after relapse
    they return to the moderate range (≥10, above response).
    """
    baseline = np.asarray(intake["baseline_phq9"], dtype=np.int64)
    outcome, low, high = _bands(rng, baseline, preset)
    target = rng.integers(low, high + 1)
    noise = rng.normal(0, 1.5, (len(baseline), len(grid)))
    path = target[:, None] + (baseline - target)[:, None] * np.exp(-grid / 7.0)[None, :]
    scores = np.clip(np.rint(path + noise), 0, 27)
    late = grid >= 14
    scores[:, late] = np.clip(scores[:, late], low[:, None], high[:, None])
    responder = outcome <= 1
    half = baseline // 2
    scores[~responder, 1:] = np.maximum(scores[~responder, 1:], (half + 1)[~responder, None])
    scores[:, 0] = baseline
    responded = responder[:, None] & (scores <= half[:, None]) & (grid >= 1)[None, :]
    response_day = np.where(responded.any(axis=1), grid[responded.argmax(axis=1)], -1)
    # The relapse clock starts once the response is established at the end of induction
    # (day 28, "assess benefit at the end of week 4", Spravato PI; Murrough 2013 counts the
    # 18-day median from the last infusion) [P], so the end-of-induction rate is the preset's.
    relapse_at = np.where(responder, np.maximum(response_day, RELAPSE_ORIGIN_DAY) + relapse_after,
                          np.inf)  # fmt: skip
    after = grid[None, :] >= relapse_at[:, None]
    floor = np.maximum(10, half + 1)
    level = rng.integers(floor, np.maximum(floor, baseline) + 1)
    relapsed = np.clip(np.rint(level[:, None] + rng.normal(0, 1, scores.shape)), floor[:, None], 27)
    scores = np.where(after, relapsed, scores).astype(np.int64)
    relapse_day = np.where(after.any(axis=1), grid[after.argmax(axis=1)], -1)
    return scores, outcome, response_day, relapse_day


def _sessions(
    rng: np.random.Generator, protocol: npt.NDArray[np.str_], follow_end: IntArray
) -> tuple[dict[str, Column], IntArray, IntArray]:
    """Sessions given before the client left, with vitals; per client count and induction end.

    Vitals [P]: pre-dose BP ~N(125, 12)/N(80, 8) mmHg, HR ~N(72, 10); the peak systolic
    rise ~N(8, 6) mmHg (esketamine +7–9 mmHg, reference §3); SpO₂ minimum 93–99 %.
    """
    plans = _session_plans()
    clients, days, numbers = [], [], []
    induction_end = np.zeros(len(protocol), dtype=np.int64)
    for code, (plan, last_induction) in plans.items():
        members = np.flatnonzero(protocol == code)
        induction_end[members] = last_induction
        given = plan[None, :] < follow_end[members, None]
        rows, cols = np.nonzero(given)
        clients.append(members[rows])
        days.append(plan[cols])
        numbers.append(cols + 1)
    client, day, number = (np.concatenate(parts) for parts in (clients, days, numbers))
    order = np.lexsort((day, client))
    client, day, number = client[order], day[order], number[order]
    size = len(client)
    sbp = np.rint(rng.normal(125, 12, size))
    table = {
        "client": client, "day": day, "number": number,
        "sbp_pre": sbp, "dbp_pre": np.rint(rng.normal(80, 8, size)),
        "hr_pre": np.rint(rng.normal(72, 10, size)),
        "sbp_peak": sbp + np.rint(np.abs(rng.normal(8, 6, size))),
        "spo2_min": rng.integers(93, 100, size),
    }  # fmt: skip
    n_sessions = np.bincount(client, minlength=len(protocol)).astype(np.int64)
    return table, n_sessions, induction_end


def _events(
    rng: np.random.Generator, engaged: npt.NDArray[np.bool_], follow_end: IntArray
) -> dict[str, Column]:
    """Journal entries, check-ins and coaching sessions: Poisson counts, uniform days in care."""
    clients, days, kinds = [], [], []
    for kind in EngagementKind:
        per_day = np.where(engaged, ENGAGED_PER_WEEK[kind], NOT_ENGAGED_PER_WEEK[kind]) / 7
        counts = rng.poisson(per_day * follow_end)
        owner = np.repeat(np.arange(len(engaged)), counts)
        clients.append(owner)
        days.append(np.floor(rng.random(len(owner)) * follow_end[owner]).astype(np.int64))
        kinds.append(np.full(len(owner), kind.value, dtype=np.int64))
    client, day, kind_column = (np.concatenate(parts) for parts in (clients, days, kinds))
    order = np.lexsort((day, client))
    return {"client": client[order], "day": day[order], "kind": kind_column[order]}


def _questionnaires(
    rng: np.random.Generator,
    scores: IntArray,
    grid: IntArray,
    follow_end: IntArray,
    missed: float,
) -> dict[str, Column]:
    """Weekly PHQ-9 (baseline always, later ones missed with chance `missed`) and GAD-7.

    GAD-7 follows the measures schedule days, scaled from the nearest weekly PHQ-9
    (× 21/27 with N(0, 1.5) noise, clipped 0–21) [P].
    """
    n = len(scores)
    seen = (grid[None, :] <= follow_end[:, None]) & (rng.random(scores.shape) >= missed)
    seen[:, 0] = True
    rows, cols = np.nonzero(seen)
    schedule = np.array(SCHEDULE_DAYS)
    nearest = np.clip(np.rint(schedule / 7).astype(np.int64), 0, len(grid) - 1)
    g_seen = schedule[None, :] <= follow_end[:, None]
    g_rows, g_cols = np.nonzero(g_seen)
    gad = scores[g_rows, nearest[g_cols]] * 21 / 27 + rng.normal(0, 1.5, len(g_rows))
    client = np.concatenate([rows, g_rows])
    day = np.concatenate([grid[cols], schedule[g_cols]])
    instrument = np.concatenate([np.full(len(rows), "PHQ-9"), np.full(len(g_rows), "GAD-7")])
    score = np.concatenate([scores[rows, cols], np.clip(np.rint(gad), 0, 21).astype(np.int64)])
    order = np.lexsort((instrument, day, client))
    del n
    return {"client": client[order], "day": day[order], "instrument": instrument[order],
            "score": score[order]}  # fmt: skip


def generate_cohort(
    n: int,
    seed: int,
    preset: str | Preset = "optimistic",
    integration_hr: float = INTEGRATION_HR,
    *,
    follow_up_days: int = FOLLOW_UP_DAYS,
) -> Cohort:
    """Generate `n` synthetic clients with full histories, reproducibly from `seed`.

    Args:
        n: number of clients (≥ 0).
        seed: seed of the NumPy generator; same seed → identical cohort.
        preset: "optimistic" (real-world figures) or "conservative" (trial figures), or a
            `Preset` (presets.py lists every parameter and its source).
        integration_hr: hazard ratio of relapse for clients who engage with integration
            (0.5–0.7 [P], pharmacology reference §5); 1 = no effect.
        follow_up_days: days of follow-up from the course start (default 182, 6 months).

    Returns:
        The cohort; `cohort.to_outcome_data()` is the outcomes core's input.

    Raises:
        ValueError: negative `n`, a non-positive hazard ratio or follow-up, unknown preset.
    """
    if n < 0 or integration_hr <= 0 or follow_up_days < 1:
        raise ValueError("need n ≥ 0, integration_hr > 0 and follow_up_days ≥ 1")
    if isinstance(preset, str):
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
        preset = PRESETS[preset]
    rng = np.random.default_rng(seed)
    intake = _intake(rng, n)
    follow_end = _follow_end(rng, n, preset, follow_up_days)
    engaged = rng.random(n) < preset.engaged_share
    grid = np.arange(0, follow_up_days + 1, 7, dtype=np.int64)
    relapse_after = _relapse_time(rng, engaged, preset, integration_hr)
    scores, outcome, response_day, relapse_day = _trajectories(
        rng, intake, preset, grid, relapse_after
    )
    sessions, n_sessions, induction_end = _sessions(rng, intake["protocol"], follow_end)
    clients = {
        **intake, "n_sessions": n_sessions, "induction_end": induction_end,
        "follow_end": follow_end, "engaged": engaged, "outcome": outcome,
        "response_day": response_day,
        "relapse_day": np.where(relapse_day <= follow_end, relapse_day, -1),
    }  # fmt: skip
    return Cohort(
        seed, preset, integration_hr, clients, sessions,
        _questionnaires(rng, scores, grid, follow_end, preset.missed_measure),
        _events(rng, engaged, follow_end),
    )  # fmt: skip
