"""Plan summary: check-ins due by cadence over the last four weeks, in plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.integration_rules import due_count, progress

MONDAY = dt.date(2030, 3, 4)


@pytest.mark.parametrize(
    ("cadence", "days", "expected"),
    [
        ("daily", 28, 28),
        ("weekdays", 7, 5),
        ("weekdays", 28, 20),
        ("weekly", 28, 4),
        ("weekly", 8, 2),
        ("fortnightly", 28, 2),
        ("monthly", 28, 1),
        ("daily", 0, 0),
    ],
)
def test_due_count_by_cadence(cadence: str, days: int, expected: int) -> None:
    assert due_count(cadence, MONDAY, MONDAY + dt.timedelta(days=days - 1)) == expected


def test_unknown_cadence_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown cadence"):
        due_count("hourly", MONDAY, MONDAY)


def test_sentence_counts_done_of_due_in_the_last_four_weeks() -> None:
    today = MONDAY + dt.timedelta(days=40)
    outcomes = [(today - dt.timedelta(days=i), "done") for i in range(9)]
    outcomes += [(today - dt.timedelta(days=10), "partly"), (MONDAY, "done")]  # MONDAY: too old

    result = progress(cadence="weekly", start_on=MONDAY, today=today, outcomes=outcomes)

    assert (result.due, result.done, result.partly) == (4, 9, 1)
    assert (
        result.sentence() == "You kept this 4 of 4 times in the last 4 weeks, and partly 1 times."
    )


def test_window_starts_at_the_commitment_start() -> None:
    result = progress(
        cadence="daily",
        start_on=MONDAY,
        today=MONDAY + dt.timedelta(days=11),
        outcomes=[(MONDAY + dt.timedelta(days=i), "done") for i in range(9)],
    )

    assert result.sentence(you=False) == "Kept 9 of 12 times in the last 4 weeks."


def test_nothing_due_before_the_start() -> None:
    result = progress(
        cadence="daily", start_on=MONDAY, today=MONDAY - dt.timedelta(days=1), outcomes=[]
    )

    assert result.sentence() == "Nothing was due yet in the last 4 weeks."


@given(
    st.sampled_from(["daily", "weekdays", "weekly", "fortnightly", "monthly"]),
    st.integers(min_value=1, max_value=60),
)
def test_due_never_exceeds_days_and_grows_with_the_window(cadence: str, days: int) -> None:
    last = MONDAY + dt.timedelta(days=days - 1)

    assert 0 <= due_count(cadence, MONDAY, last) <= days
    assert due_count(cadence, MONDAY, last) <= due_count(cadence, MONDAY, last + dt.timedelta(1))
