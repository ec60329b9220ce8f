"""First response and relapse for every client at once, with the instruments core's rule.

The rule is `ketacare.domain.instruments.relapse.RelapseRule` (SUSTAIN-1 shape: `consecutive`
assessments ≥ threshold, adjacent ones `min_gap_days`–`max_gap_days` apart; Daly 2019).
`relapse_onsets` is its vectorised application; a property test checks that it returns what
`detect_relapse` returns for each client's series, so the two cannot drift apart.
"""

from __future__ import annotations

import numpy as np

from ketacare.domain.instruments.relapse import SUSTAIN1_RELAPSE, RelapseRule
from ketacare.domain.outcomes.data import IntArray, OutcomeData
from ketacare.domain.outcomes.tables import change_tables

RELAPSE_RULES: dict[str, RelapseRule] = {
    # SUSTAIN-1: MADRS ≥22 on 2 consecutive assessments 5–15 days apart (reference §3).
    "MADRS": SUSTAIN1_RELAPSE,
    # [P] the same shape at the moderate band of each self-report scale: PHQ-9 ≥10
    # (Kroenke 2001 moderate; NHS TT caseness) and QIDS-SR16 ≥11 (Rush 2003 moderate).
    "PHQ-9": RelapseRule(threshold=10, consecutive=2, min_gap_days=5, max_gap_days=15),
    "QIDS-SR16": RelapseRule(threshold=11, consecutive=2, min_gap_days=5, max_gap_days=15),
}


def first_response_day(data: OutcomeData) -> IntArray:
    """Per client, the first follow-up day (day ≥ 1) whose score is a response; −1 if none.

    Response is the instruments core's ≥50 % fall from baseline (reference §3).
    """
    tables = change_tables(data.instrument)
    size = tables.response.shape[0]
    # One flat index per measurement into the (baseline, follow-up) table; no baseline → −1.
    row = np.where(np.isnan(data.baseline), -1, data.baseline).astype(np.int64) * size
    flat = row[data.m_client] + data.m_score.astype(np.int64)
    hit = (flat >= 0) & (data.m_day >= 1)
    hit[hit] = tables.response.ravel()[flat[hit]]
    days = np.full(data.n_clients, -1, dtype=np.int64)
    client, day = data.m_client[hit], data.m_day[hit]
    first = np.ones(len(client), dtype=np.bool_)  # measurements are sorted by (client, day)
    first[1:] = client[1:] != client[:-1]
    days[client[first]] = day[first]
    return days


def relapse_onsets(
    data: OutcomeData, after_day: IntArray, rule: RelapseRule
) -> tuple[IntArray, IntArray]:
    """Apply `rule` to each client's measurements strictly after `after_day`.

    Args:
        data: the cohort.
        after_day: per client, only measurements on later days count (−1: all from day 0;
            clients with a negative value below −1 are skipped: pass −2 to exclude a client).
        rule: the relapse rule.

    Returns:
        (onset_day, relapse_day) per client as `detect_relapse` defines them; −1 where the
        rule is not met.
    """
    start = after_day[data.m_client]
    keep = (data.m_day > start) & (start >= -1)
    client, day = data.m_client[keep], data.m_day[keep]
    high = data.m_score[keep] >= rule.threshold
    index = np.arange(len(client))
    same = np.zeros(len(client), dtype=np.bool_)
    same[1:] = client[1:] == client[:-1]
    gap = np.zeros(len(client), dtype=np.int64)
    gap[1:] = day[1:] - day[:-1]
    linked = np.zeros(len(client), dtype=np.bool_)
    linked[1:] = same[1:] & high[1:] & high[:-1]
    linked &= (gap >= rule.min_gap_days) & (gap <= rule.max_gap_days)
    run_start = np.maximum.accumulate(np.where(linked, 0, index))
    run_length = np.where(high, index - run_start + 1, 0)
    met = run_length >= rule.consecutive
    onset = np.full(data.n_clients, -1, dtype=np.int64)
    relapse = np.full(data.n_clients, -1, dtype=np.int64)
    hits = np.flatnonzero(met)
    if hits.size:
        first = np.ones(hits.size, dtype=np.bool_)
        first[1:] = client[hits[1:]] != client[hits[:-1]]
        hits = hits[first]
        relapse[client[hits]] = day[hits]
        onset[client[hits]] = day[run_start[hits]]
    return onset, relapse


def last_measurement_day(data: OutcomeData) -> IntArray:
    """Per client, the day of the last measurement (−1 if none)."""
    days = np.full(data.n_clients, -1, dtype=np.int64)
    last = np.ones(len(data.m_client), dtype=np.bool_)  # sorted by (client, day)
    last[:-1] = data.m_client[:-1] != data.m_client[1:]
    days[data.m_client[last]] = data.m_day[last]
    return days
