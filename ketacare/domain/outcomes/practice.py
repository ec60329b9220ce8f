"""Practice outcomes: rates at windows with denominators, durability and integration effect.

Definitions, sources and the suppression rule are in docs/outcomes.md; the headline numbers
(`as_json`) are the end-of-induction window (`windows.PRIMARY_WINDOW`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the lock

from ketacare.domain.instruments.relapse import RelapseRule
from ketacare.domain.outcomes.data import OutcomeData
from ketacare.domain.outcomes.effect_size import EffectSize, cohens_d
from ketacare.domain.outcomes.relapse import (
    RELAPSE_RULES,
    first_response_day,
    last_measurement_day,
    relapse_onsets,
)
from ketacare.domain.outcomes.suppression import MIN_CELL, Count, Rate, partition, rate
from ketacare.domain.outcomes.survival import (
    ENGAGEMENT_DAYS,
    ENGAGEMENT_MIN_EVENTS,
    Durability,
    IntegrationEffect,
    Spell,
    durability,
    engagement_counts,
    integration_effect,
)
from ketacare.domain.outcomes.tables import change_tables
from ketacare.domain.outcomes.windows import PRIMARY_WINDOW, WINDOWS, Window, window_scores

Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class WindowOutcome:
    """One window: who was eligible, followed up or lost, and the change rates among them.

    Rates are of those with follow-up; `lost` are eligible clients with no measurement in the
    window. Reliable change rates are None for instruments without a published rule.
    """

    window: Window
    eligible: Count
    with_followup: Count
    lost: Count
    response: Rate
    remission: Rate
    reliable_improvement: Rate | None
    deterioration: Rate | None
    clinically_significant: Rate | None
    cohens_d: EffectSize | None


@dataclass(frozen=True, slots=True)
class OutcomeOptions:
    """Settings of `practice_outcomes` (all [P] defaults, see docs/outcomes.md)."""

    windows: tuple[Window, ...] = WINDOWS
    relapse_rule: RelapseRule | None = None
    engagement_days: int = ENGAGEMENT_DAYS
    engagement_min_events: int = ENGAGEMENT_MIN_EVENTS
    min_cell: int = MIN_CELL


@dataclass(frozen=True, slots=True)
class PracticeOutcomes:
    """Everything `ketacare outcomes` reports for a practice (already suppressed)."""

    instrument: str
    n_clients: Count
    n_treated: Count
    windows: tuple[WindowOutcome, ...]
    durability: Durability
    integration: IntegrationEffect
    relapse_rule: RelapseRule
    primary: WindowOutcome = field(init=False)

    def __post_init__(self) -> None:
        """Pick the primary (end-of-induction) window, or the first one given."""
        named = [w for w in self.windows if w.window.name == PRIMARY_WINDOW.name]
        object.__setattr__(self, "primary", (named or list(self.windows))[0])

    def as_json(self) -> dict[str, object]:
        """Return the `ketacare outcomes --json` contract: exactly its keys.

        None marks a value that is suppressed (small cells) or undefined (e.g. median not
        reached); `windows`, `durability` and `integration` carry the flags and reasons.
        """
        effect = self.integration
        return {
            "n_clients": self.n_clients.value,
            "n_treated": self.n_treated.value,
            "n_with_followup": self.primary.with_followup.value,
            "lost_to_followup": self.primary.lost.value,
            "response_rate": self.primary.response.value,
            "remission_rate": self.primary.remission.value,
            "durability": {
                "median_days": self.durability.median_days,
                "km": [[day, survival] for day, survival in self.durability.km],
            },
            "integration_effect": {
                "hazard_ratio": effect.hazard_ratio,
                "ci95": list(effect.ci95) if effect.ci95 is not None else None,
                "n": effect.n.value,
            },
        }


def _select(
    data: OutcomeData, period: tuple[dt.date, dt.date] | None, protocol: str | None
) -> OutcomeData:
    keep = np.ones(data.n_clients, dtype=np.bool_)
    if period is not None:
        first, last = (day.toordinal() for day in period)
        keep &= (data.course_start >= first) & (data.course_start <= last)
    if protocol is not None:
        keep &= data.protocol == protocol
    return data if keep.all() else data.subset(keep)


def practice_outcomes(
    data: OutcomeData,
    *,
    period: tuple[dt.date, dt.date] | None = None,
    protocol: str | None = None,
    options: OutcomeOptions | None = None,
) -> PracticeOutcomes:
    """Compute a practice's outcomes from its columnar data.

    Args:
        data: the practice's clients, measurements and engagement events.
        period: only courses starting within these dates (inclusive).
        protocol: only courses of this protocol template code.
        options: windows, relapse rule (default: `relapse.RELAPSE_RULES` for the
            instrument), engagement definition and small-cell threshold.

    Returns:
        Suppressed aggregates: counts, per-window rates with denominators and lost to
        follow-up, Cohen's d, durability and the integration effect.
    """
    options = options or OutcomeOptions()
    data = _select(data, period, protocol)
    rule = options.relapse_rule or RELAPSE_RULES[data.instrument]
    treated = data.n_sessions >= 1
    tables = change_tables(data.instrument)
    has_baseline = ~np.isnan(data.baseline)
    baseline = np.where(has_baseline, data.baseline, 0).astype(np.int64)
    eligible = treated & has_baseline & ~tables.remitted_score[baseline]
    n_treated = int(treated.sum())
    clients = partition(data.n_clients, [n_treated, data.n_clients - n_treated],
                        min_cell=options.min_cell)  # fmt: skip
    windows = tuple(_window(data, window, eligible, options.min_cell) for window in options.windows)
    spell, frame = _spells(data, eligible, rule, options)
    return PracticeOutcomes(
        data.instrument,
        clients[0],
        clients[1],
        windows,
        durability(spell, min_cell=options.min_cell),
        integration_effect(frame, min_cell=options.min_cell),
        rule,
    )


def _window(data: OutcomeData, window: Window, eligible: Mask, min_cell: int) -> WindowOutcome:
    tables = change_tables(data.instrument)
    _, scores = window_scores(data, window)
    followed = eligible & ~np.isnan(scores)
    n_eligible, n_followed = int(eligible.sum()), int(followed.sum())
    eligible_count, followed_count, lost_count = partition(
        n_eligible, [n_followed, n_eligible - n_followed], min_cell=min_cell
    )
    pre = data.baseline[followed]
    post = scores[followed]
    size = tables.response.shape[0]
    # How many clients made each (baseline, follow-up) pair; every rate is then a table sum.
    pairs = np.bincount(pre.astype(np.int64) * size + post.astype(np.int64), minlength=size**2)

    def share(table: npt.NDArray[np.bool_]) -> Rate:
        return rate(
            int(pairs[table.ravel()].sum()),
            n_followed,
            min_cell=min_cell,
            denominator_published=not followed_count.suppressed,
        )

    reliable = tables.has_reliable_change
    return WindowOutcome(
        window,
        eligible_count,
        followed_count,
        lost_count,
        response=share(tables.response),
        remission=share(tables.remission),
        reliable_improvement=share(tables.reliable_improvement) if reliable else None,
        deterioration=share(tables.reliable_deterioration) if reliable else None,
        clinically_significant=share(tables.reliable_recovery) if reliable else None,
        cohens_d=cohens_d(pre, post, min_cell=min_cell),
    )


def _spells(
    data: OutcomeData, eligible: Mask, rule: RelapseRule, options: OutcomeOptions
) -> tuple[Spell, pd.DataFrame]:
    """Durability spells from first response, and the landmark frame for the Cox model.

    The Cox model starts the clock at the landmark (end of the engagement window,
    induction end + `engagement_days`) so engagement is measured before follow-up begins and
    no immortal time is credited to engaged clients; responders must have responded and be
    relapse-free at the landmark and have a later measurement.
    """
    response = np.where(eligible, first_response_day(data), -1)
    responder = response >= 0
    onset, _ = relapse_onsets(data, np.where(responder, response, -2), rule)
    last = last_measurement_day(data)
    relapsed = onset >= 0
    end = np.where(relapsed, onset, last)
    spell = Spell(np.where(responder, end - response, -1), relapsed)
    landmark = data.induction_end + options.engagement_days
    at_risk = responder & (response <= landmark) & (end > landmark)
    engaged = engagement_counts(data, days=options.engagement_days) >= options.engagement_min_events
    frame = pd.DataFrame({
        "duration": (end - landmark)[at_risk],
        "relapsed": relapsed[at_risk],
        "engaged": engaged[at_risk].astype(np.int64),
        "baseline": data.baseline[at_risk],
        "protocol": data.protocol[at_risk],
    })  # fmt: skip
    return spell, frame
