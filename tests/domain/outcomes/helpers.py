"""Tiny hand-made cohorts for the outcomes tests."""

from __future__ import annotations

import math

from ketacare.domain.outcomes import OutcomeData

Measures = dict[int, list[tuple[int, int]]]


def cohort(
    baselines: list[float | None],
    measures: Measures,
    *,
    sessions: list[int] | None = None,
    protocols: list[str] | None = None,
    events: list[tuple[int, int, int]] = (),  # type: ignore[assignment]
    course_start: list[int] | None = None,
    induction_end: int = 14,
) -> OutcomeData:
    n = len(baselines)
    rows = [(client, day, score) for client, series in measures.items() for day, score in series]
    return OutcomeData.build(
        clients={
            "client_ids": list(range(100, 100 + n)),
            "protocol": protocols or ["iv_racemic_series"] * n,
            "course_start": course_start or [739000] * n,
            "n_sessions": sessions or [6] * n,
            "induction_end": [induction_end] * n,
            "baseline": [math.nan if b is None else b for b in baselines],
        },
        measurements={
            "client": [r[0] for r in rows],
            "day": [r[1] for r in rows],
            "score": [r[2] for r in rows],
        },
        events={
            "client": [e[0] for e in events],
            "day": [e[1] for e in events],
            "kind": [e[2] for e in events],
        },
    )
