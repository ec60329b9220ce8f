"""Follow-up windows and the per-client measurement chosen in each.

Windows count days from the course start (day 0 = first dosing session). End of induction is
14–31 days (the issue's definition, covering 6 infusions over 2–3 weeks, Murrough 2013 /
ELEKT-D, pharmacology reference §3). The 1-, 3- and 6-month windows are centre ± tolerance
[P]: 28 ± 7, 90 ± 14 and 180 ± 21 days (the reference fixes no tolerance; these stay
inside the measures schedule points 30 / 91 / 182 days and do not overlap each other).
In each window the measurement closest to the centre counts; a tie goes to the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketacare.domain.outcomes.data import FloatArray, IntArray, OutcomeData


@dataclass(frozen=True, slots=True)
class Window:
    """A follow-up window: inclusive day bounds and the preferred (centre) day."""

    name: str
    first_day: int
    last_day: int
    centre: float

    def __post_init__(self) -> None:
        """Reject empty windows or a centre outside the bounds.

        Raises:
            ValueError: first_day > last_day, first_day < 1, the centre outside them or not a
                whole or half day.
        """
        if not 1 <= self.first_day <= self.centre <= self.last_day:
            raise ValueError(f"window {self.name!r}: need 1 ≤ first ≤ centre ≤ last day")
        if 2 * self.centre != round(2 * self.centre):
            raise ValueError(f"window {self.name!r}: the centre must be a whole or half day")

    @classmethod
    def around(cls, name: str, centre: int, tolerance: int) -> Window:
        """A window of `centre` ± `tolerance` days."""
        return cls(name, centre - tolerance, centre + tolerance, centre)


END_OF_INDUCTION = Window("end_of_induction", 14, 31, 22.5)
MONTH_1 = Window.around("month_1", 28, 7)
MONTH_3 = Window.around("month_3", 90, 14)
MONTH_6 = Window.around("month_6", 180, 21)
WINDOWS: tuple[Window, ...] = (END_OF_INDUCTION, MONTH_1, MONTH_3, MONTH_6)
PRIMARY_WINDOW = END_OF_INDUCTION


def window_scores(data: OutcomeData, window: Window) -> tuple[IntArray, FloatArray]:
    """Per client, the day and score of the measurement closest to the window centre.

    Returns:
        (day, score) arrays of length `data.n_clients`; day −1 and score NaN where the client
        has no measurement in the window.
    """
    inside = np.flatnonzero((data.m_day >= window.first_day) & (data.m_day <= window.last_day))
    client, day, score = (
        data.m_client.take(inside),
        data.m_day.take(inside),
        data.m_score.take(inside),
    )
    days = np.full(data.n_clients, -1, dtype=np.int64)
    scores = np.full(data.n_clients, np.nan)
    if not client.size:
        return days, scores
    # Measurements are sorted by (client, day) and days are unique per client, so one
    # integer key per row — twice the distance to the centre, then the day — has a single
    # minimum per client: a per-client reduction replaces a sort.
    span = window.last_day - window.first_day + 1
    key = np.abs(2 * day - round(2 * window.centre)) * span + (day - window.first_day)
    starts = np.flatnonzero(np.r_[True, client[1:] != client[:-1]])
    best = np.minimum.reduceat(key, starts)
    chosen = key == np.repeat(best, np.diff(np.r_[starts, len(key)]))
    days[client[chosen]] = day[chosen]
    scores[client[chosen]] = score[chosen]
    return days, scores
