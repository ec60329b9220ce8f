"""Small-cell suppression: 1–10 never leaves the practice, directly or by subtraction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.outcomes.suppression import Count, count, partition, rate


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, None), (10, None), (11, 11), (500, 500)])
def test_count_suppresses_one_to_ten(value: int, shown: int | None) -> None:
    result = count(value)

    assert result.value == shown
    assert result.suppressed is (shown is None)


def test_rate_is_published_only_when_all_three_cells_are_large() -> None:
    assert rate(11, 22).value == 0.5
    assert rate(10, 22).value is None  # numerator small
    assert rate(12, 22).value is None  # complement (10 non-responders) small
    assert rate(0, 30).value == 0.0
    assert rate(0, 0).value is None
    assert not rate(0, 0).suppressed


def test_rate_hides_a_small_numerator_but_keeps_a_large_denominator() -> None:
    result = rate(5, 40)

    assert result.suppressed
    assert result.numerator == Count(None, True)
    assert result.denominator == Count(40, False)
    assert result.as_dict()["value"] is None


def test_partition_adds_secondary_suppression() -> None:
    total, followed, lost = partition(50, [45, 5])

    assert total == Count(50, False)
    assert followed == Count(None, True)  # else 50 − 45 reveals the 5 lost
    assert lost == Count(None, True)


def test_partition_hides_all_when_the_total_is_small() -> None:
    assert all(cell.suppressed for cell in partition(10, [4, 6]))


def test_partition_keeps_zero_and_rejects_parts_that_do_not_add_up() -> None:
    assert partition(30, [30, 0]) == (Count(30, False), Count(30, False), Count(0, False))
    with pytest.raises(ValueError, match="add up"):
        partition(30, [10, 10])


@given(st.lists(st.integers(0, 40), min_size=2, max_size=5))
def test_no_small_count_can_be_read_or_subtracted(parts: list[int]) -> None:
    cells = partition(sum(parts), parts)

    shown = [cell.value for cell in cells if cell.value is not None]
    assert all(value == 0 or value >= 11 for value in shown)
    hidden_parts = [cell for cell in cells[1:] if cell.suppressed]
    if not cells[0].suppressed:
        assert len(hidden_parts) != 1


@given(st.integers(0, 60), st.integers(0, 60))
def test_rates_stay_in_unit_interval_and_never_reveal_small_cells(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)

    result = rate(numerator, denominator)

    if result.value is not None:
        assert 0 <= result.value <= 1
        for cell in (numerator, denominator, denominator - numerator):
            assert cell == 0 or cell >= 11


def test_a_rate_over_a_hidden_denominator_publishes_nothing() -> None:
    shown = rate(12, 24, denominator_published=False)

    assert (shown.value, shown.numerator.value, shown.denominator.value) == (None, None, None)
    assert shown.suppressed
