"""Benzodiazepine load in diazepam equivalents (Ashton factors; > 8 mg/day, Andrashko 2020)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import (
    DRUGS,
    DrugClass,
    ScreeningPolicy,
    ScreeningResult,
    parse_profile,
    screen,
)

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]
Run = Callable[[JsonDict], ScreeningResult]

# Reference §4, exactly: mg diazepam per mg of drug (Ashton table).
REFERENCE_FACTORS = {
    "diazepam": 1.0,
    "lorazepam": 10.0,
    "clonazepam": 20.0,
    "alprazolam": 20.0,
    "temazepam": 0.5,
    "oxazepam": 0.5,
    "chlordiazepoxide": 0.4,
}
# Added from the Ashton Manual column of the VA/DoD table (lower mg of a range).
ADDED_FACTORS = {
    "clorazepate": 10 / 15,
    "estazolam": 10.0,
    "flurazepam": 10 / 15,
    "quazepam": 0.5,
    "triazolam": 20.0,
}


def _benzo_flag(result: ScreeningResult) -> str:
    (code,) = set(result.codes) & {"DDI_BENZO_HIGH", "DDI_BENZO_LOW"}
    return code


def _meds(*pairs: tuple[str, float | None]) -> list[JsonDict]:
    return [{"name": name, "daily_dose_mg": dose} for name, dose in pairs]


def test_vocabulary_holds_the_reference_factors_exactly() -> None:
    factors = {name: DRUGS[name].dze_factor for name in REFERENCE_FACTORS}

    assert factors == REFERENCE_FACTORS


def test_every_benzodiazepine_is_classed_and_every_factor_is_cited() -> None:
    benzos = {name for name, drug in DRUGS.items() if DrugClass.BENZODIAZEPINE in drug.classes}
    with_factor = {name for name in benzos if DRUGS[name].dze_factor is not None}

    assert with_factor == set(REFERENCE_FACTORS) | set(ADDED_FACTORS)
    assert all("Ashton" in DRUGS[name].source for name in with_factor)


@pytest.mark.parametrize(("name", "factor"), [*REFERENCE_FACTORS.items(), *ADDED_FACTORS.items()])
def test_each_factor_puts_its_8_mg_equivalent_dose_at_low_and_above_it_at_high(
    make_data: MakeData, run: Run, name: str, factor: float
) -> None:
    at_threshold = round(8 / factor, 6)
    above = at_threshold * 1.02

    low = run(make_data(medications=_meds((name, at_threshold))))
    high = run(make_data(medications=_meds((name, above))))

    assert _benzo_flag(low) == "DDI_BENZO_LOW"
    assert _benzo_flag(high) == "DDI_BENZO_HIGH"
    assert f"× {factor:.3g}" in high.flags[0].reason


@pytest.mark.parametrize(
    ("dose", "expected", "eligibility"),
    [(8.0, "DDI_BENZO_LOW", "yes"), (8.1, "DDI_BENZO_HIGH", "review")],
)
def test_diazepam_8_mg_is_low_and_8_1_mg_is_high(
    make_data: MakeData, run: Run, dose: float, expected: str, eligibility: str
) -> None:
    result = run(make_data(medications=_meds(("diazepam", dose))))

    assert _benzo_flag(result) == expected
    assert result.eligibility.value == eligibility


@pytest.mark.parametrize(
    ("diazepam_mg", "expected"), [(4.0, "DDI_BENZO_LOW"), (4.1, "DDI_BENZO_HIGH")]
)
def test_equivalents_are_summed_across_benzodiazepines(
    make_data: MakeData, run: Run, diazepam_mg: float, expected: str
) -> None:
    medications = _meds(("Ativan", 0.4), ("diazepam", diazepam_mg))

    result = run(make_data(medications=medications))

    assert _benzo_flag(result) == expected
    assert "Ativan (lorazepam) 0.4 mg/day × 10 = 4 mg" in result.flags[0].reason


def test_high_reason_names_each_drug_and_the_total(make_data: MakeData, run: Run) -> None:
    result = run(make_data(medications=_meds(("Xanax", 0.5), ("clonazepam", 0.25))))

    assert result.flags[0].reason.startswith(
        "15 mg diazepam-equivalent/day (Xanax (alprazolam) 0.5 mg/day × 20 = 10 mg; "
        "clonazepam 0.25 mg/day × 20 = 5 mg) > 8 mg: blunted antidepressant response"
    )


def test_a_sum_of_exactly_8_mg_is_not_pushed_over_by_float_noise(
    make_data: MakeData, run: Run
) -> None:
    result = run(make_data(medications=_meds(("clorazepate", 12.0))))

    assert _benzo_flag(result) == "DDI_BENZO_LOW"


def test_large_doses_are_written_without_exponents(make_data: MakeData, run: Run) -> None:
    result = run(make_data(medications=_meds(("diazepam", 100000))))

    assert "100000 mg diazepam-equivalent/day" in result.flags[0].reason


@pytest.mark.parametrize(
    ("medications", "phrase"),
    [
        (_meds(("lorazepam", None)), "lorazepam: daily dose not recorded"),
        (_meds(("clobazam", 5.0)), "clobazam 5 mg/day: no Ashton factor held"),
        (_meds(("clobazam", 5.0), ("diazepam", 2.0)), "computable total 2 mg"),
    ],
)
def test_benzodiazepine_of_unknown_load_reads_as_high(
    make_data: MakeData, run: Run, medications: list[JsonDict], phrase: str
) -> None:
    result = run(make_data(medications=medications))

    assert _benzo_flag(result) == "DDI_BENZO_HIGH"
    assert phrase in result.flags[0].reason


def test_the_benzodiazepine_threshold_is_a_policy_parameter(make_data: MakeData) -> None:
    profile = parse_profile(make_data(medications=_meds(("diazepam", 6.0))))

    strict = screen(profile, ScreeningPolicy(benzo_high_dze_mg_per_day=5.0))

    assert _benzo_flag(strict) == "DDI_BENZO_HIGH"
    assert "> 5 mg" in strict.flags[0].reason
