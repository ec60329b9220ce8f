"""EDI and EBI: 0–100 VAS (floats allowed), mean scores, EBI also reports the sum."""

from __future__ import annotations

import math

import pytest

from ketacare.domain.instruments import ebi, edi
from ketacare.domain.instruments.base import InvalidAnswers


def test_edi_score_is_the_mean_of_eight_items() -> None:
    result = edi.score(
        {str(n): value for n, value in enumerate([0, 10, 20, 30, 40, 50, 60, 70.5], 1)}
    )

    assert result.total == pytest.approx(35.0625)
    assert result.details == {"score": result.total}
    assert result.band is None


def test_ebi_reports_mean_and_sum() -> None:
    result = ebi.score({"1": 100, "2": 50.5, "3": 0, "4": 25, "5": 75, "6": 49.5})

    assert result.total == pytest.approx(50.0)
    assert result.details["score"] == pytest.approx(50.0)
    assert result.details["sum"] == pytest.approx(300.0)


@pytest.mark.parametrize("value", [-1, 100.01, math.nan, math.inf])
def test_vas_values_outside_0_to_100_are_rejected(value: float) -> None:
    with pytest.raises(InvalidAnswers, match=r"^EBI item 2: value .* is out of range 0–100$"):
        ebi.score({"1": 0, "2": value, "3": 0, "4": 0, "5": 0, "6": 0})


@pytest.mark.parametrize("value", [True, "50", None])
def test_vas_values_must_be_numbers(value: object) -> None:
    with pytest.raises(InvalidAnswers, match=r"^EDI item 1"):
        edi.score({"1": value, **{str(n): 0 for n in range(2, 9)}})


def test_edi_ships_wording_with_attribution_and_ebi_does_not() -> None:
    assert edi.SPEC.licence.ships_wording
    assert "Nour" in edi.SPEC.licence.terms
    assert not ebi.SPEC.licence.ships_wording
