"""`screen()`: eligibility from the worst severity, ordering, merging, tiers, and the catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import (
    RULES,
    TIERS,
    Eligibility,
    Evidence,
    ScreeningResult,
    Severity,
)
from ketacare.domain.screening.rules import rule

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]
Run = Callable[[JsonDict], ScreeningResult]


@pytest.mark.parametrize(
    ("overrides", "eligibility"),
    [
        ({}, Eligibility.YES),
        ({"age": 70}, Eligibility.YES),
        ({"breastfeeding": True, "age": 70}, Eligibility.REVIEW),
        ({"pregnant": True, "breastfeeding": True, "age": 70}, Eligibility.NO),
    ],
)
def test_eligibility_is_the_worst_severity_present(
    make_data: MakeData, run: Run, overrides: JsonDict, eligibility: Eligibility
) -> None:
    assert run(make_data(**overrides)).eligibility is eligibility


def test_flags_are_ordered_by_severity_then_code(make_data: MakeData, run: Run) -> None:
    data = make_data(
        age=70,
        pregnant=True,
        breastfeeding=True,
        escort_available=False,
        conditions=["intracranial_aneurysm", "arrhythmia"],
    )

    result = run(data)

    assert result.codes == (
        "CI_ANEURYSMAL_VASCULAR_DISEASE",
        "CI_PREGNANCY",
        "REL_BREASTFEEDING",
        "REL_CARDIOVASCULAR_STABLE",
        "CAUTION_ELDERLY",
        "CAUTION_NO_ESCORT",
    )


def test_findings_of_one_rule_merge_into_one_flag_with_the_rationale_once(
    make_data: MakeData, run: Run
) -> None:
    data = make_data(
        medications=[{"name": "oxycodone"}, {"name": "gabapentin"}, {"name": "oxycodone"}],
        substance_use=[{"substance": "alcohol", "status": "active", "severity": "none"}],
    )

    (flag,) = run(data).flags

    assert flag.code == "DDI_CNS_DEPRESSANT"
    assert flag.reason == (
        "Alcohol: regular or disordered use; oxycodone, gabapentin: "
        "added sedation and respiratory depression"
    )


@pytest.mark.parametrize(
    ("overrides", "kept", "dropped"),
    [
        (
            {"conditions": ["current_psychotic_symptoms", "psychosis_history"]},
            "CI_ACTIVE_PSYCHOSIS",
            "REL_PSYCHOSIS_HISTORY",
        ),
        ({"conditions": ["current_mania", "bipolar_i"]}, "CI_ACTIVE_MANIA", "REL_BIPOLAR"),
        (
            {"conditions": ["hypertension"], "vitals": {"sbp": 185, "dbp": 95}},
            "CI_BP_SEVERE",
            "CAUTION_HTN_CONTROLLED",
        ),
    ],
)
def test_only_the_highest_rule_of_a_tier_fires(
    make_data: MakeData, run: Run, overrides: JsonDict, kept: str, dropped: str
) -> None:
    codes = run(make_data(**overrides)).codes

    assert kept in codes
    assert dropped not in codes


def test_as_dict_has_exactly_the_contract_keys(make_data: MakeData, run: Run) -> None:
    payload = run(make_data(breastfeeding=True)).as_dict()

    assert payload == {
        "eligibility": "review",
        "flags": [
            {
                "code": "REL_BREASTFEEDING",
                "severity": "relative",
                "reason": "breastfeeding: esketamine passes into breast milk; use is not "
                "recommended while breastfeeding",
                "source": RULES["REL_BREASTFEEDING"].source,
            }
        ],
    }


def test_flag_carries_the_evidence_tag_of_its_rule(make_data: MakeData, run: Run) -> None:
    (flag,) = run(make_data(pregnant=True)).flags

    assert flag.evidence is Evidence.POLICY


PREFIXES = {"CI_": Severity.ABSOLUTE, "REL_": Severity.RELATIVE, "CAUTION_": Severity.CAUTION}


@pytest.mark.parametrize("code", sorted(RULES))
def test_catalogue_rule_is_complete_and_consistent(code: str) -> None:
    item = RULES[code]

    assert item.code == code
    assert re.fullmatch(r"[A-Z][A-Z0-9_]+", code)
    assert item.condition
    assert item.rationale
    assert item.source
    assert ":" not in item.rationale
    for prefix, severity in PREFIXES.items():
        if code.startswith(prefix):
            assert item.severity is severity
    assert f"[{item.evidence.value}]" in item.source


@pytest.mark.parametrize("code", sorted(RULES))
def test_evidence_tag_is_the_weakest_tag_in_the_source(code: str) -> None:
    source = RULES[code].source
    weakest = "P" if "[P]" in source else "R" if "[R]" in source else "V"

    assert RULES[code].evidence.value == weakest


def test_catalogue_is_ordered_by_severity_then_code() -> None:
    order = [(item.severity.rank, item.code) for item in RULES.values()]

    assert order == sorted(order)


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_tier_lists_its_rules_from_most_to_least_severe(tier: str) -> None:
    ranks = [item.severity.rank for item in TIERS[tier]]

    assert ranks == sorted(ranks)
    assert all(item.tier == tier for item in TIERS[tier])


def test_every_tiered_rule_belongs_to_a_declared_tier() -> None:
    tiered = {item.code for item in RULES.values() if item.tier is not None}

    assert tiered == {item.code for tier in TIERS.values() for item in tier}


def test_rule_looks_up_by_code_and_refuses_unknown_codes() -> None:
    assert rule("CI_AVM").severity is Severity.ABSOLUTE
    with pytest.raises(KeyError):
        rule("CI_NOT_A_RULE")


def test_catalogue_holds_every_rule_of_reference_section_4() -> None:
    reference = {
        "CI_ANEURYSMAL_VASCULAR_DISEASE", "CI_AVM", "CI_ICH_HISTORY", "CI_HYPERSENSITIVITY",
        "CI_PREGNANCY", "CI_ACTIVE_PSYCHOSIS", "CI_ACTIVE_MANIA", "CI_BP_SEVERE",
        "CI_UNSTABLE_CARDIOVASCULAR", "CI_RAISED_ICP", "CI_KETAMINE_USE_DISORDER",
        "CI_SEVERE_HEPATIC_IMPAIRMENT", "CI_AGE_UNDER_18", "CI_HOME_DOSING_HIGH_RISK",
        "REL_BP_ELEVATED", "REL_CARDIOVASCULAR_STABLE", "REL_PSYCHOSIS_HISTORY", "REL_BIPOLAR",
        "REL_ACTIVE_SUD", "REL_CYSTITIS", "REL_MODERATE_HEPATIC_IMPAIRMENT", "REL_BREASTFEEDING",
        "REL_RESPIRATORY", "REL_ACUTE_SUICIDALITY", "REL_HYPERTHYROID_UNCONTROLLED",
        "REL_GLAUCOMA_OR_IOP", "DDI_BENZO_HIGH", "DDI_MAOI", "DDI_CYP_INHIBITOR_ORAL",
        "DDI_BENZO_LOW", "DDI_LAMOTRIGINE", "DDI_STIMULANT", "DDI_CNS_DEPRESSANT",
        "DDI_CYP_INHIBITOR", "DDI_CYP_INDUCER", "DDI_OTHER_NMDA", "CAUTION_HTN_CONTROLLED",
        "CAUTION_ELDERLY", "CAUTION_SUD_REMISSION", "CAUTION_FAMILY_PSYCHOSIS", "CAUTION_NO_ESCORT",
    }  # fmt: skip
    severities = {
        "CI_": Severity.ABSOLUTE,
        "REL_": Severity.RELATIVE,
        "DDI_BENZO_HIGH": Severity.RELATIVE,
        "DDI_MAOI": Severity.RELATIVE,
        "DDI_CYP_INHIBITOR_ORAL": Severity.RELATIVE,
    }

    assert reference <= set(RULES)
    for code in reference:
        expected = next((s for key, s in severities.items() if code.startswith(key)), None)
        assert RULES[code].severity is (expected or Severity.CAUTION)
