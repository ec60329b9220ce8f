"""The practice policy object and the coded vocabularies with their labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import (
    DEFAULT_POLICY,
    Condition,
    Diagnosis,
    Route,
    ScreeningPolicy,
    parse_profile,
    screen,
    vocabularies,
)

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]


def test_default_policy_holds_the_reference_thresholds() -> None:
    expected = ScreeningPolicy(
        bp_severe_sbp_mmhg=180,
        bp_severe_dbp_mmhg=110,
        bp_elevated_sbp_mmhg=140,
        bp_elevated_dbp_mmhg=90,
        resting_spo2_min_percent=94,
        benzo_high_dze_mg_per_day=8.0,
    )

    assert expected == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"bp_severe_sbp_mmhg": 0}, "bp_severe_sbp_mmhg"),
        ({"benzo_high_dze_mg_per_day": -1}, "benzo_high_dze_mg_per_day"),
        ({"bp_elevated_sbp_mmhg": 180}, "bp_elevated_sbp_mmhg"),
        ({"bp_elevated_dbp_mmhg": 120}, "bp_elevated_dbp_mmhg"),
        ({"resting_spo2_min_percent": 101}, "resting_spo2_min_percent"),
    ],
)
def test_policy_rejects_thresholds_that_break_the_tiers(
    kwargs: dict[str, float], field: str
) -> None:
    with pytest.raises(ValueError, match=f"^{field}:"):
        ScreeningPolicy(**kwargs)


def test_policy_moves_the_resting_spo2_threshold(make_data: MakeData) -> None:
    profile = parse_profile(make_data(vitals={"sbp": 120, "dbp": 80, "spo2": 93}))

    lenient = screen(profile, ScreeningPolicy(resting_spo2_min_percent=92))

    assert "REL_RESPIRATORY" in screen(profile).codes
    assert "REL_RESPIRATORY" not in lenient.codes


BRIEF_CONDITIONS = [
    "abdominal_aortic_aneurysm",
    "intracranial_aneurysm",
    "peripheral_arterial_aneurysm",
    "cerebral_avm",
    "intracerebral_hemorrhage",
    "raised_icp",
    "brain_tumor",
    "myocardial_infarction_recent",
    "myocardial_infarction_remote",
    "stroke_recent",
    "unstable_angina",
    "heart_failure_decompensated",
    "heart_failure_compensated",
    "stable_coronary_artery_disease",
    "arrhythmia",
    "cerebrovascular_disease",
    "hypertension",
    "current_psychotic_symptoms",
    "brief_psychotic_episode_remote",
    "psychosis_history",
    "current_mania",
    "current_hypomania",
    "bipolar_i",
    "bipolar_ii",
    "family_history_schizophrenia_first_degree",
    "ketamine_use_disorder",
    "alcohol_use_disorder_severe_active",
    "opioid_use_disorder_in_remission",
    "interstitial_cystitis",
    "cirrhosis",
    "obstructive_sleep_apnea_untreated",
    "severe_lung_disease",
    "hyperthyroidism_uncontrolled",
    "angle_closure_glaucoma",
    "open_globe_injury",
    "ulcerative_cystitis",
    "chronic_lower_urinary_tract_symptoms",
]
BRIEF_DIAGNOSES = [
    "major_depressive_disorder",
    "treatment_resistant_depression",
    "bipolar_i_disorder_current_depressive_episode",
    "bipolar_ii_disorder",
    "schizophrenia",
    "generalized_anxiety_disorder",
    "ptsd",
    "ocd",
    "alcohol_use_disorder",
    "adhd",
]


def test_vocabularies_hold_every_code_the_intake_needs() -> None:
    assert set(BRIEF_CONDITIONS) <= set(Condition.codes())
    assert set(BRIEF_DIAGNOSES) <= set(Diagnosis.codes())
    assert Route.codes() == ("iv", "im", "intranasal", "oral", "sublingual", "subcutaneous")


@pytest.mark.parametrize("name", sorted(vocabularies()))
def test_every_code_has_a_distinct_human_label(name: str) -> None:
    members = list(vocabularies()[name])

    assert all(member.label and member.label != member.value for member in members)
    assert len({member.label for member in members}) == len(members)


def test_from_code_finds_a_member_and_refuses_an_unknown_code() -> None:
    assert Route.from_code("im") is Route.IM
    assert Route.from_code("im").label == "Intramuscular"
    with pytest.raises(ValueError, match="unknown Route code 'rectal'"):
        Route.from_code("rectal")
