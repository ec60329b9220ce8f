"""Hypothesis properties of screening: monotonicity, absolute findings, unknown medicines."""

from __future__ import annotations

import copy
import string
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.screening import (
    DRUGS,
    TIERS,
    Condition,
    Diagnosis,
    Eligibility,
    ScreeningResult,
    Severity,
    Substance,
    SubstanceSeverity,
    UsePattern,
    lookup_drug,
)

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]
Run = Callable[[JsonDict], ScreeningResult]
Mutation = Callable[[JsonDict], None]

RANK = {Eligibility.YES: 0, Eligibility.REVIEW: 1, Eligibility.NO: 2}
TIER_OF = {rule.code: rules for rules in TIERS.values() for rule in rules}
HEPATIC = ["normal", "child_pugh_a", "child_pugh_b", "child_pugh_c"]
SUICIDALITY = ["none", "passive", "active_no_plan", "active_with_plan"]
NO_FLAG_DRUGS = sorted(name for name, drug in DRUGS.items() if not drug.raises_flag)
ALL_DRUG_NAMES = sorted({alias for drug in DRUGS.values() for alias in (drug.name, *drug.aliases)})
SUBSTANCES = list(Substance.codes())
SEVERITIES = list(SubstanceSeverity.codes())
PATTERNS = list(UsePattern.codes())
NEUTRAL_DIAGNOSES = [
    "major_depressive_disorder",
    "treatment_resistant_depression",
    "persistent_depressive_disorder",
    "generalized_anxiety_disorder",
    "ptsd",
    "ocd",
    "adhd",
]

# --- neutral variations of the healthy profile: nothing here may raise any flag -------------

neutral_substance_use = st.one_of(
    st.fixed_dictionaries(
        {
            "substance": st.sampled_from(["alcohol", "cannabis", "hallucinogens"]),
            "status": st.just("active"),
            "severity": st.just("none"),
            "pattern": st.just("occasional"),
        }
    ),
    st.fixed_dictionaries(
        {
            "substance": st.just("nicotine"),
            "status": st.sampled_from(["active", "in_remission", "sustained_remission"]),
            "severity": st.sampled_from(["none", "mild", "moderate", "severe"]),
        }
    ),
)


@st.composite
def neutral_overrides(draw: st.DrawFn) -> JsonDict:
    """Top-level fields that vary a healthy profile without adding any finding."""
    sbp = draw(st.integers(90, 140))
    return {
        "age": draw(st.integers(18, 64)),
        "sex": draw(st.sampled_from([None, "female", "male", "intersex", "not_stated"])),
        "planned_drug": draw(st.sampled_from(["racemic_ketamine", "esketamine"])),
        "planned_route": draw(st.sampled_from(["iv", "im", "intranasal", "oral", "sublingual"])),
        "diagnoses": draw(st.lists(st.sampled_from(NEUTRAL_DIAGNOSES), unique=True, max_size=3)),
        "medications": [
            {"name": name, "daily_dose_mg": dose}
            for name, dose in draw(
                st.lists(
                    st.tuples(st.sampled_from(NO_FLAG_DRUGS), st.none() | st.floats(0, 500)),
                    max_size=4,
                )
            )
        ],
        "substance_use": draw(st.lists(neutral_substance_use, max_size=3)),
        "vitals": {
            "sbp": sbp,
            "dbp": draw(st.integers(50, min(sbp - 1, 90))),
            "hr": draw(st.none() | st.integers(50, 100)),
            "spo2": draw(st.integers(94, 100)),
        },
        "hepatic_function": draw(st.sampled_from(HEPATIC[:2])),
        "suicidality": draw(st.sampled_from(SUICIDALITY[:2])),
        "allergies": draw(st.lists(st.sampled_from(["penicillin", "latex", "sulfa"]), max_size=2)),
    }


# --- findings: mutations that add something adverse and never remove anything -------------


def _add_condition(code: str) -> Mutation:
    def mutate(data: JsonDict) -> None:
        data["conditions"].append(code)
        if code == "cirrhosis" and data["hepatic_function"] == "normal":
            data["hepatic_function"] = "child_pugh_a"
        if code == "opioid_use_disorder_in_remission":
            data["substance_use"].append(
                {"substance": "opioids", "status": "in_remission", "months_in_remission": 6}
            )

    return mutate


def _add_diagnosis(code: str) -> Mutation:
    def mutate(data: JsonDict) -> None:
        data["diagnoses"].append(code)
        if code == "alcohol_use_disorder":
            data["substance_use"].append(
                {"substance": "alcohol", "status": "active", "severity": "mild"}
            )

    return mutate


def _append(field: str, value: Any) -> Mutation:  # Any: a JSON-like list item
    return lambda data: data[field].append(copy.deepcopy(value))


def _set(field: str, value: Any) -> Mutation:  # Any: a JSON-like field value
    return lambda data: data.update({field: value})


def _worsen(field: str, scale: list[str], level: str) -> Mutation:
    def mutate(data: JsonDict) -> None:
        data[field] = max(data[field], level, key=scale.index)

    return mutate


def _raise_bp(sbp: int, dbp: int) -> Mutation:
    def mutate(data: JsonDict) -> None:
        vitals = data["vitals"]
        vitals["sbp"], vitals["dbp"] = max(vitals["sbp"], sbp), max(vitals["dbp"], dbp)

    return mutate


def _lower_spo2(spo2: int) -> Mutation:
    return lambda data: data["vitals"].update(spo2=min(data["vitals"]["spo2"], spo2))


def _age(to_minor: bool) -> Mutation:
    def mutate(data: JsonDict) -> None:
        if to_minor:
            data["age"] = min(data["age"], 17)
        elif data["age"] >= 18:
            data["age"] = max(data["age"], 70)

    return mutate


@st.composite
def substance_entries(draw: st.DrawFn) -> JsonDict:
    """Any consistent substance-use entry."""
    status = draw(st.sampled_from(["active", "in_remission", "sustained_remission"]))
    entry: JsonDict = {"substance": draw(st.sampled_from(SUBSTANCES)), "status": status}
    for key, values in (("severity", SEVERITIES), ("pattern", PATTERNS)):
        value = draw(st.none() | st.sampled_from(values))
        if value is not None:
            entry[key] = value
    if status != "active":
        months = st.integers(0, 11) if status == "in_remission" else st.integers(12, 240)
        entry["months_in_remission"] = draw(st.none() | months)
    entry["last_use_days_ago"] = draw(st.none() | st.integers(0, 3000))
    return entry


ABSOLUTE_CONDITIONS = [
    "abdominal_aortic_aneurysm", "thoracic_aortic_aneurysm", "intracranial_aneurysm",
    "peripheral_arterial_aneurysm", "cerebral_avm", "arteriovenous_malformation_other",
    "intracerebral_hemorrhage", "raised_icp", "brain_tumor", "myocardial_infarction_recent",
    "stroke_recent", "unstable_angina", "heart_failure_decompensated",
    "current_psychotic_symptoms", "current_mania", "current_hypomania", "ketamine_use_disorder",
]  # fmt: skip

absolute_findings: st.SearchStrategy[Mutation] = st.one_of(
    st.sampled_from(ABSOLUTE_CONDITIONS).map(_add_condition),
    st.just(_set("pregnant", True)),
    st.just(_worsen("hepatic_function", HEPATIC, "child_pugh_c")),
    st.just(_age(to_minor=True)),
    st.just(_append("allergies", "ketamine")),
    st.tuples(st.integers(180, 300), st.integers(0, 109)).map(lambda bp: _raise_bp(*bp)),
    st.integers(110, 199).map(lambda dbp: _raise_bp(dbp + 1, dbp)),
    st.just(_append("substance_use", {"substance": "ketamine", "status": "active"})),
)
findings: st.SearchStrategy[Mutation] = st.one_of(
    absolute_findings,
    st.sampled_from(Condition.codes()).map(_add_condition),
    st.sampled_from(Diagnosis.codes()).map(_add_diagnosis),
    st.tuples(st.sampled_from(ALL_DRUG_NAMES), st.none() | st.floats(0, 200)).map(
        lambda med: _append("medications", {"name": med[0], "daily_dose_mg": med[1]})
    ),
    substance_entries().map(lambda entry: _append("substance_use", entry)),
    st.sampled_from(["pregnant", "breastfeeding"]).map(lambda field: _set(field, True)),
    st.sampled_from([False, None]).map(lambda escort: _set("escort_available", escort)),
    st.sampled_from(HEPATIC).map(lambda level: _worsen("hepatic_function", HEPATIC, level)),
    st.sampled_from(SUICIDALITY).map(lambda level: _worsen("suicidality", SUICIDALITY, level)),
    st.just(_set("setting", "home")),
    st.just(_set("planned_route", "oral")),
    st.just(_set("planned_drug", "esketamine")),
    st.tuples(st.integers(100, 300), st.integers(60, 99)).map(lambda bp: _raise_bp(*bp)),
    st.integers(50, 100).map(_lower_spo2),
    st.booleans().map(_age),
)


def _profile(make_data: MakeData, overrides: JsonDict, mutations: list[Mutation]) -> JsonDict:
    data = make_data(**overrides)
    for mutate in mutations:
        mutate(data)
    return data


def _consistent(result: ScreeningResult) -> None:
    """Eligibility is exactly the worst severity, and flags are unique and ordered."""
    severities = {flag.severity for flag in result.flags}
    expected = (
        Eligibility.NO
        if Severity.ABSOLUTE in severities
        else Eligibility.REVIEW
        if Severity.RELATIVE in severities
        else Eligibility.YES
    )
    assert result.eligibility is expected
    assert len(set(result.codes)) == len(result.codes)
    order = [(flag.severity.rank, flag.code) for flag in result.flags]
    assert order == sorted(order)


@given(overrides=neutral_overrides())
def test_a_neutral_variation_of_a_healthy_profile_raises_no_flag(
    make_data: MakeData, run: Run, overrides: JsonDict
) -> None:
    result = run(make_data(**overrides))

    assert result.flags == ()
    assert result.eligibility is Eligibility.YES


@given(
    overrides=neutral_overrides(),
    before=st.lists(findings, max_size=4),
    extra=findings,
)
def test_adding_a_finding_never_improves_eligibility_or_drops_a_flag(
    make_data: MakeData, run: Run, overrides: JsonDict, before: list[Mutation], extra: Mutation
) -> None:
    data = _profile(make_data, overrides, before)
    earlier = run(data)
    extra(data)

    later = run(data)

    assert RANK[later.eligibility] >= RANK[earlier.eligibility]
    for code in earlier.codes:
        assert code in later.codes or any(rule.code in later.codes for rule in TIER_OF[code])
    _consistent(later)


@given(
    overrides=neutral_overrides(), before=st.lists(findings, max_size=4), extra=absolute_findings
)
def test_an_absolute_finding_always_ends_in_no(
    make_data: MakeData, run: Run, overrides: JsonDict, before: list[Mutation], extra: Mutation
) -> None:
    result = run(_profile(make_data, overrides, [*before, extra]))

    assert result.eligibility is Eligibility.NO
    assert any(flag.severity is Severity.ABSOLUTE for flag in result.flags)


@given(overrides=neutral_overrides(), mutations=st.lists(findings, max_size=6))
def test_eligibility_is_never_yes_with_an_absolute_flag(
    make_data: MakeData, run: Run, overrides: JsonDict, mutations: list[Mutation]
) -> None:
    result = run(_profile(make_data, overrides, mutations))

    _consistent(result)
    if any(flag.severity is Severity.ABSOLUTE for flag in result.flags):
        assert result.eligibility is Eligibility.NO


unknown_names = st.text(string.ascii_letters + " -", min_size=1, max_size=30).filter(
    lambda name: bool(name.strip()) and lookup_drug(name) is None
)


@given(
    overrides=neutral_overrides(),
    mutations=st.lists(findings, max_size=4),
    name=unknown_names,
    dose=st.none() | st.floats(0, 1000),
)
def test_an_unknown_medication_always_yields_unknown_medication(
    make_data: MakeData,
    run: Run,
    overrides: JsonDict,
    mutations: list[Mutation],
    name: str,
    dose: float | None,
) -> None:
    data = _profile(make_data, overrides, mutations)
    data["medications"].append({"name": name, "daily_dose_mg": dose})

    flags = {flag.code: flag for flag in run(data).flags}

    assert repr(name.strip()) in flags["UNKNOWN_MEDICATION"].reason
