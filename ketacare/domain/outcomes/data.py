"""The columnar input of the outcomes core: clients, measurements and engagement events."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ketacare.domain.instruments.base import Instrument
from ketacare.domain.instruments.registry import lookup

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class InvalidOutcomeData(ValueError):
    """Arrays that do not describe one consistent cohort (lengths, indices, duplicates)."""


class EngagementKind(enum.IntEnum):
    """Kinds of integration engagement counted by the integration effect."""

    JOURNAL = 0
    CHECKIN = 1
    COACHING = 2


def _ints(name: str, values: object) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise InvalidOutcomeData(f"{name} must be one-dimensional")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise InvalidOutcomeData(f"{name} must hold whole numbers")
    return array.astype(np.int64, copy=False)


def _floats(name: str, values: object) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise InvalidOutcomeData(f"{name} must be one-dimensional")
    return array


@dataclass(frozen=True, eq=False)
class OutcomeData:
    """Everything the outcomes core reads, as NumPy columns (one row per client/measure/event).

    Build it once per practice (the `outcomes` app reads the database; `Cohort.to_outcome_data`
    gives synthetic data). Days are whole days; `course_start` is a proleptic ordinal
    (`datetime.date.toordinal()`); every other day is counted from the client's course start
    (day 0 = first dosing session).

    Attributes:
        instrument: the primary instrument of every score (PHQ-9; QIDS-SR16 and MADRS work too).
        client_ids: per client, an opaque integer id (never leaves the practice).
        protocol: per client, the protocol template code ("" when no course).
        course_start: per client, ordinal date of the first session (any value if untreated).
        n_sessions: per client, dosing sessions given; ≥1 means treated.
        induction_end: per client, day of the last induction session (integration window start).
        baseline: per client, the baseline total on or before day 0 (NaN if none).
        m_client: per measurement, the client's row index; m_day: day since course start (>0
            for follow-up); m_score: the total.
        e_client, e_day, e_kind: per engagement event, client row, day, `EngagementKind`.
    """

    instrument: str
    client_ids: IntArray
    protocol: npt.NDArray[np.str_]
    course_start: IntArray
    n_sessions: IntArray
    induction_end: IntArray
    baseline: FloatArray
    m_client: IntArray
    m_day: IntArray
    m_score: FloatArray
    e_client: IntArray
    e_day: IntArray
    e_kind: IntArray

    @classmethod
    def build(
        cls,
        *,
        instrument: str = "PHQ-9",
        clients: dict[str, object],
        measurements: dict[str, object],
        events: dict[str, object] | None = None,
    ) -> OutcomeData:
        """Validate and build from plain sequences.

        Args:
            instrument: primary instrument code or spelling (`registry.lookup`).
            clients: "client_ids", "protocol", "course_start", "n_sessions", "induction_end",
                "baseline" — equal-length sequences.
            measurements: "client" (row index), "day", "score".
            events: "client", "day", "kind" (`EngagementKind` values); None for no events.

        Returns:
            The validated data; measurements and events sorted by (client, day).

        Raises:
            InvalidOutcomeData: unequal lengths, an index out of range, a repeated
                (client, day) measurement, a score outside the instrument's range.
            UnknownInstrument: `instrument` is not a known code.
        """
        spec = lookup(instrument)
        events = events or {"client": [], "day": [], "kind": []}
        ids = _ints("client_ids", clients["client_ids"])
        n = len(ids)
        protocol = np.asarray(clients["protocol"], dtype=np.str_)
        per_client = {
            name: _ints(name, clients[name])
            for name in ("course_start", "n_sessions", "induction_end")
        }
        baseline = _floats("baseline", clients["baseline"])
        for name, column in (("protocol", protocol), ("baseline", baseline), *per_client.items()):
            if len(column) != n:
                raise InvalidOutcomeData(f"clients column {name} has {len(column)} rows, not {n}")
        m_client, m_day = _keys("measurements", measurements, n)
        m_score = _floats("measurements score", measurements["score"])
        e_client, e_day = _keys("events", events, n)
        e_kind = _ints("events kind", events["kind"])
        if len(m_score) != len(m_day) or len(e_kind) != len(e_day):
            raise InvalidOutcomeData("measurement or event columns have different lengths")
        _check_scores(spec, baseline, m_score)
        if e_kind.size and not np.isin(e_kind, [kind.value for kind in EngagementKind]).all():
            raise InvalidOutcomeData("events kind holds a value that is not an EngagementKind")
        order = np.lexsort((m_day, m_client))
        m_client, m_day, m_score = m_client[order], m_day[order], m_score[order]
        if ((np.diff(m_client) == 0) & (np.diff(m_day) == 0)).any():
            raise InvalidOutcomeData("two measurements of one client on the same day")
        by_day = np.lexsort((e_day, e_client))
        return cls(
            spec.code, ids, protocol, per_client["course_start"], per_client["n_sessions"],
            per_client["induction_end"], baseline, m_client, m_day, m_score,
            e_client[by_day], e_day[by_day], e_kind[by_day],
        )  # fmt: skip

    @property
    def n_clients(self) -> int:
        """Number of client rows."""
        return len(self.client_ids)

    def subset(self, keep: npt.NDArray[np.bool_]) -> OutcomeData:
        """The same data restricted to clients where `keep` is true (rows renumbered)."""
        new_index = np.cumsum(keep) - 1
        m_keep, e_keep = keep[self.m_client], keep[self.e_client]
        return OutcomeData(
            self.instrument,
            self.client_ids[keep],
            self.protocol[keep],
            self.course_start[keep],
            self.n_sessions[keep],
            self.induction_end[keep],
            self.baseline[keep],
            new_index[self.m_client[m_keep]],
            self.m_day[m_keep],
            self.m_score[m_keep],
            new_index[self.e_client[e_keep]],
            self.e_day[e_keep],
            self.e_kind[e_keep],
        )


def _keys(label: str, table: dict[str, object], n_clients: int) -> tuple[IntArray, IntArray]:
    client = _ints(f"{label} client", table["client"])
    day = _ints(f"{label} day", table["day"])
    if len(client) != len(day):
        raise InvalidOutcomeData(f"{label} columns have different lengths")
    if client.size and (client.min() < 0 or client.max() >= n_clients):
        raise InvalidOutcomeData(f"{label} client index out of range 0–{n_clients - 1}")
    return client, day


def _check_scores(spec: Instrument, baseline: FloatArray, scores: FloatArray) -> None:
    low, high = spec.total_min, spec.total_max
    if low is None or high is None or not spec.integer_total:
        raise InvalidOutcomeData(f"{spec.code} has no whole-number total score")
    present = baseline[~np.isnan(baseline)]
    for name, values in (("baseline", present), ("measurement score", scores)):
        if not values.size:
            continue
        if not np.isfinite(values).all() or values.min() < low or values.max() > high:
            raise InvalidOutcomeData(f"a {name} is outside {spec.code}'s range {low:g}–{high:g}")
        if (values != np.round(values)).any():
            raise InvalidOutcomeData(f"a {name} is not a whole number")
