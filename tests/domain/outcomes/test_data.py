"""Input validation of OutcomeData, windows and change tables; JSON forms of the results."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from ketacare.domain.instruments.registry import UnknownInstrument
from ketacare.domain.outcomes import InvalidOutcomeData, OutcomeData, Window
from ketacare.domain.outcomes.effect_size import cohens_d
from ketacare.domain.outcomes.suppression import rate
from ketacare.domain.outcomes.tables import change_tables


def build(**changes: Any) -> OutcomeData:
    clients: dict[str, object] = {
        "client_ids": [1, 2], "protocol": ["spravato", "im_kap"], "course_start": [0, 0],
        "n_sessions": [6, 6], "induction_end": [14, 14], "baseline": [20, math.nan],
    }  # fmt: skip
    measurements: dict[str, object] = {"client": [0, 1], "day": [21, 21], "score": [4, 9]}
    events: dict[str, object] = {"client": [1], "day": [3], "kind": [2]}
    clients.update(changes.pop("clients", {}))
    measurements.update(changes.pop("measurements", {}))
    events.update(changes.pop("events", {}))
    return OutcomeData.build(clients=clients, measurements=measurements, events=events, **changes)


def test_valid_data_is_sorted_and_typed() -> None:
    data = build(measurements={"client": [1, 0], "day": [21, 21], "score": [9, 4]})

    assert data.n_clients == 2
    assert data.m_client.tolist() == [0, 1]
    assert data.m_score.dtype == np.float64


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"clients": {"client_ids": [[1, 2]]}}, "one-dimensional"),
        ({"clients": {"n_sessions": [6.5, 6]}}, "whole numbers"),
        ({"clients": {"baseline": [[20, 3]]}}, "one-dimensional"),
        ({"clients": {"course_start": [0]}}, "rows"),
        ({"measurements": {"day": [21]}}, "different lengths"),
        ({"measurements": {"score": [4]}}, "different lengths"),
        ({"measurements": {"client": [0, 2]}}, "out of range"),
        ({"measurements": {"client": [0, 0]}}, "same day"),
        ({"measurements": {"score": [4, 28]}}, "range"),
        ({"measurements": {"score": [4, 4.5]}}, "whole number"),
        ({"clients": {"baseline": [20, math.inf]}}, "range"),
        ({"events": {"kind": [7]}}, "EngagementKind"),
        ({"instrument": "EDI"}, "no whole-number total"),
    ],
)
def test_invalid_data_is_rejected_with_a_reason(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidOutcomeData, match=message):
        build(**changes)


def test_unknown_instrument_is_rejected() -> None:
    with pytest.raises(UnknownInstrument):
        build(instrument="not-a-scale")


def test_no_events_is_allowed() -> None:
    data = OutcomeData.build(
        clients={"client_ids": [1], "protocol": ["x"], "course_start": [0], "n_sessions": [1],
                 "induction_end": [14], "baseline": [20]},
        measurements={"client": [], "day": [], "score": []},
    )  # fmt: skip

    assert data.e_day.size == 0


@pytest.mark.parametrize(
    "window",
    [("late", 0, 10, 5), ("inverted", 10, 5, 7), ("outside", 5, 10, 12), ("third", 5, 10, 7.3)],
)
def test_impossible_windows_are_rejected(window: tuple[str, int, int, float]) -> None:
    with pytest.raises(ValueError, match="window"):
        Window(*window)


@pytest.mark.parametrize("code", ["EDI", "AUDIT"])
def test_change_tables_need_a_whole_total_and_a_remission_rule(code: str) -> None:
    with pytest.raises(ValueError, match=code):
        change_tables(code)


def test_rate_rejects_a_numerator_above_the_denominator() -> None:
    with pytest.raises(ValueError, match="numerator"):
        rate(5, 4)


def test_effect_size_needs_variation_and_serialises() -> None:
    same = np.full(20, 18.0)
    spread = np.arange(20, dtype=np.float64)

    assert cohens_d(same, same - 5) is None
    effect = cohens_d(spread + 5, spread)
    assert effect is not None
    assert effect.as_dict()["n"] == 20
    assert effect.d == pytest.approx(5 / np.std(spread, ddof=1))
