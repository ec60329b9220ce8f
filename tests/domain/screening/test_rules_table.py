"""Table tests: every rule fires on its condition, with its source, and not just below it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ketacare.domain.screening import RULES, ScreeningResult

JsonDict = dict[str, Any]  # Any: JSON-like synthetic test data
MakeData = Callable[..., JsonDict]
Run = Callable[[JsonDict], ScreeningResult]

PI = "Spravato (esketamine) US Prescribing Information"
NO_VITALS: JsonDict = {"vitals": None}
NO_SPO2: JsonDict = {"vitals": {"sbp": 120, "dbp": 78}}


def _bp(sbp: float, dbp: float, *conditions: str) -> JsonDict:
    return {"vitals": {"sbp": sbp, "dbp": dbp, "spo2": 98}, "conditions": list(conditions)}


def _conditions(*codes: str) -> JsonDict:
    return {"conditions": list(codes)}


def _diagnoses(*codes: str, **extra: Any) -> JsonDict:  # Any: JSON-like field values
    return {"diagnoses": list(codes), **extra}


def _meds(*names: str, route: str = "iv", dose: float | None = None) -> JsonDict:
    return {
        "planned_route": route,
        "medications": [{"name": name, "daily_dose_mg": dose} for name in names],
    }


def _use(substance: str, status: str, **details: Any) -> JsonDict:  # Any: JSON-like values
    return {"substance_use": [{"substance": substance, "status": status, **details}]}


def _home(**extra: Any) -> JsonDict:  # Any: JSON-like field values
    return {"setting": "home", **extra}


# (code, profile overrides, a fragment its source must contain)
FIRES: list[tuple[str, JsonDict, str]] = [
    *[
        ("CI_ANEURYSMAL_VASCULAR_DISEASE", _conditions(code), f"{PI} §4")
        for code in (
            "abdominal_aortic_aneurysm",
            "thoracic_aortic_aneurysm",
            "intracranial_aneurysm",
            "peripheral_arterial_aneurysm",
        )
    ],
    ("CI_AVM", _conditions("cerebral_avm"), f"{PI} §4"),
    ("CI_AVM", _conditions("arteriovenous_malformation_other"), f"{PI} §4"),
    ("CI_ICH_HISTORY", _conditions("intracerebral_hemorrhage"), f"{PI} §4"),
    *[
        ("CI_HYPERSENSITIVITY", {"allergies": [name]}, f"{PI} §4")
        for name in ("Ketamine", "Ketalar", "esketamine nasal spray", "SPRAVATO", "arketamine")
    ],
    ("CI_PREGNANCY", {"pregnant": True}, "§5.10, §8.1"),
    ("CI_ACTIVE_PSYCHOSIS", _conditions("current_psychotic_symptoms"), "§5.2"),
    (
        "CI_ACTIVE_PSYCHOSIS",
        _diagnoses("schizophrenia", conditions=["current_psychotic_symptoms"]),
        "Lahti 2001",
    ),
    ("CI_ACTIVE_MANIA", _conditions("current_mania"), "Sanacora 2017"),
    ("CI_ACTIVE_MANIA", _conditions("current_hypomania", "bipolar_ii"), "Sanacora 2017"),
    ("CI_BP_SEVERE", _bp(180, 80), "§2, §5.6"),
    ("CI_BP_SEVERE", _bp(150, 110), "§2, §5.6"),
    ("CI_BP_SEVERE", _bp(210, 125, "hypertension"), "Ketalar"),
    *[
        ("CI_UNSTABLE_CARDIOVASCULAR", _conditions(code), f"{PI} §2")
        for code in (
            "myocardial_infarction_recent",
            "stroke_recent",
            "unstable_angina",
            "heart_failure_decompensated",
        )
    ],
    ("CI_RAISED_ICP", _conditions("raised_icp"), f"{PI} §2"),
    ("CI_RAISED_ICP", _conditions("brain_tumor"), f"{PI} §2"),
    ("CI_KETAMINE_USE_DISORDER", _conditions("ketamine_use_disorder"), "boxed warning"),
    ("CI_KETAMINE_USE_DISORDER", _use("ketamine", "active"), "§9"),
    (
        "CI_KETAMINE_USE_DISORDER",
        _use("phencyclidine", "in_remission", severity="mild", months_in_remission=6),
        "§9",
    ),
    (
        "CI_KETAMINE_USE_DISORDER",
        _use("ketamine", "sustained_remission", last_use_days_ago=364),
        "boxed warning",
    ),
    (
        "CI_KETAMINE_USE_DISORDER",
        _use("other_dissociatives", "active", severity="none", pattern="occasional"),
        "boxed warning",
    ),
    ("CI_KETAMINE_USE_DISORDER", _use("ketamine", "active", pattern="prescribed"), "§9"),
    ("CI_SEVERE_HEPATIC_IMPAIRMENT", {"hepatic_function": "child_pugh_c"}, "§8.6"),
    ("CI_AGE_UNDER_18", {"age": 17}, "§8.4"),
    ("CI_AGE_UNDER_18", {"age": 0}, "§8.4"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("alcohol", "active", severity="moderate")), "ASA"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("cannabis", "active", severity="mild")), "ASA"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("opioids", "active")), "ASA"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(suicidality="active_with_plan"), "ASA"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_conditions("alcohol_use_disorder_severe_active")), "ASA"),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_conditions("ketamine_use_disorder")), "ASA"),
    (
        "CI_ESKETAMINE_HOME_USE",
        _home(planned_drug="esketamine", planned_route="intranasal"),
        "REMS",
    ),
    ("REL_BP_ELEVATED", _bp(141, 80), f"{PI} §2"),
    ("REL_BP_ELEVATED", _bp(120, 91), f"{PI} §2"),
    ("REL_BP_ELEVATED", _bp(179, 109), f"{PI} §2"),
    ("REL_BP_ELEVATED", _bp(140.5, 90, "hypertension"), f"{PI} §2"),
    ("REL_BP_NOT_ASSESSED_HYPERTENSION", {**NO_VITALS, **_conditions("hypertension")}, "§2"),
    *[
        ("REL_CARDIOVASCULAR_STABLE", _conditions(code), "§5.6")
        for code in (
            "stable_coronary_artery_disease",
            "myocardial_infarction_remote",
            "arrhythmia",
            "heart_failure_compensated",
            "cerebrovascular_disease",
        )
    ],
    ("REL_PSYCHOSIS_HISTORY", _conditions("brief_psychotic_episode_remote"), "§5.2"),
    ("REL_PSYCHOSIS_HISTORY", _conditions("psychosis_history"), "§5.2"),
    ("REL_PSYCHOSIS_HISTORY", _diagnoses("schizophrenia"), "§5.2"),
    ("REL_PSYCHOSIS_HISTORY", _diagnoses("schizoaffective_disorder"), "§5.2"),
    ("REL_BIPOLAR", _conditions("bipolar_i"), "Diazgranados 2010"),
    ("REL_BIPOLAR", _conditions("bipolar_ii"), "Sanacora 2017"),
    ("REL_BIPOLAR", _diagnoses("bipolar_i_disorder_current_depressive_episode"), "PMC3000408"),
    ("REL_BIPOLAR", _diagnoses("bipolar_ii_disorder"), "PMC3000408"),
    ("REL_ACTIVE_SUD", _use("alcohol", "active", severity="moderate"), "§5.3, §9.2"),
    ("REL_ACTIVE_SUD", _use("cannabis", "active", severity="severe"), "§5.3, §9.2"),
    ("REL_ACTIVE_SUD", _use("stimulants", "active"), "§5.3, §9.2"),
    ("REL_ACTIVE_SUD", _conditions("alcohol_use_disorder_severe_active"), "Sanacora 2017"),
    (
        "REL_ACTIVE_SUD",
        _diagnoses("alcohol_use_disorder", **_use("alcohol", "active", severity="moderate")),
        "§5.3",
    ),
    ("REL_SUD_EARLY_REMISSION", _use("cannabis", "in_remission", months_in_remission=6), "§9.2"),
    ("REL_SUD_EARLY_REMISSION", _use("opioids", "in_remission"), "§9.2"),
    (
        "REL_SUD_EARLY_REMISSION",
        {
            **_conditions("opioid_use_disorder_in_remission"),
            **_use("opioids", "in_remission", months_in_remission=3),
        },
        "§9.2",
    ),
    (
        "REL_SUD_EARLY_REMISSION",
        _use("alcohol", "sustained_remission", months_in_remission=24, last_use_days_ago=100),
        "§9.2",
    ),
    *[
        ("REL_CYSTITIS", _conditions(code), "§5.9")
        for code in (
            "interstitial_cystitis",
            "ulcerative_cystitis",
            "chronic_lower_urinary_tract_symptoms",
        )
    ],
    ("REL_MODERATE_HEPATIC_IMPAIRMENT", {"hepatic_function": "child_pugh_b"}, "§8.6"),
    (
        "REL_MODERATE_HEPATIC_IMPAIRMENT",
        {"hepatic_function": "child_pugh_b", **_conditions("cirrhosis")},
        "§8.6",
    ),
    ("REL_BREASTFEEDING", {"breastfeeding": True}, "§8.2"),
    ("REL_RESPIRATORY", _conditions("obstructive_sleep_apnea_untreated"), "REMS"),
    ("REL_RESPIRATORY", _conditions("severe_lung_disease"), "boxed warning"),
    ("REL_RESPIRATORY", {"vitals": {"sbp": 120, "dbp": 78, "spo2": 93.9}}, "REMS"),
    ("REL_ACUTE_SUICIDALITY", {"suicidality": "active_with_plan"}, f"{PI} §1"),
    ("REL_HYPERTHYROID_UNCONTROLLED", _conditions("hyperthyroidism_uncontrolled"), "Ketalar"),
    ("REL_GLAUCOMA_OR_IOP", _conditions("angle_closure_glaucoma"), "anaesthesia labelling"),
    ("REL_GLAUCOMA_OR_IOP", _conditions("open_globe_injury"), "anaesthesia labelling"),
    ("DDI_BENZO_HIGH", _meds("alprazolam", dose=0.5), "Andrashko 2020"),
    ("DDI_BENZO_HIGH", _meds("clobazam", dose=5), "Feeney 2023"),
    ("DDI_BENZO_HIGH", _meds("lorazepam"), "Andrashko 2020"),
    *[
        ("DDI_MAOI", _meds(name), f"{PI} §7")
        for name in ("phenelzine", "tranylcypromine", "selegiline", "isocarboxazid", "Nardil")
    ],
    ("DDI_MAOI", _meds("moclobemide"), f"{PI} §7"),
    *[
        ("DDI_CYP_INHIBITOR_ORAL", _meds(name, route=route), "Hagelberg 2010; Peltoniemi 2011")
        for name, route in (
            ("clarithromycin", "oral"),
            ("ticlopidine", "sublingual"),
            ("ketoconazole", "oral"),
            ("itraconazole", "sublingual"),
            ("ritonavir", "oral"),
        )
    ],
    ("DDI_BENZO_LOW", _meds("diazepam", dose=8), "Andrashko 2020"),
    ("DDI_LAMOTRIGINE", _meds("lamotrigine"), "Anand 2000"),
    *[
        ("DDI_STIMULANT", _meds(name), f"{PI} §7")
        for name in ("amphetamine", "methylphenidate", "modafinil", "armodafinil", "Adderall")
    ],
    *[
        ("DDI_CNS_DEPRESSANT", _meds(name), f"{PI} §7")
        for name in (
            "oxycodone",
            "buprenorphine",
            "Suboxone",
            "gabapentin",
            "pregabalin",
            "zolpidem",
            "zopiclone",
            "phenobarbital",
        )
    ],
    ("DDI_CNS_DEPRESSANT", _use("alcohol", "active", severity="none", pattern="regular"), "§7"),
    ("DDI_CNS_DEPRESSANT", _conditions("alcohol_use_disorder_severe_active"), "§7"),
    *[
        ("DDI_CYP_INHIBITOR", _meds("clarithromycin", route=route), f"{PI} §7")
        for route in ("iv", "im", "intranasal", "subcutaneous")
    ],
    *[
        ("DDI_CYP_INDUCER", _meds(name), "Peltoniemi 2012")
        for name in ("rifampicin", "rifampin", "carbamazepine", "phenytoin", "St John's wort")
    ],
    *[
        ("DDI_OTHER_NMDA", _meds(name), "class reasoning")
        for name in ("memantine", "dextromethorphan", "nitrous oxide", "ketamine")
    ],
    ("CAUTION_HTN_CONTROLLED", _bp(140, 90, "hypertension"), "§2"),
    ("CAUTION_ELDERLY", {"age": 65}, "§8.5"),
    ("CAUTION_ELDERLY", {"age": 90}, "§8.5"),
    ("CAUTION_SUD_REMISSION", _use("alcohol", "sustained_remission"), "§9.2"),
    (
        "CAUTION_SUD_REMISSION",
        _use("cannabis", "sustained_remission", months_in_remission=12),
        "§9.2",
    ),
    (
        "CAUTION_SUD_REMISSION",
        _use("ketamine", "sustained_remission", last_use_days_ago=365),
        "§9.2",
    ),
    (
        "CAUTION_SUD_REMISSION",
        {
            **_conditions("opioid_use_disorder_in_remission"),
            **_use("opioids", "sustained_remission", months_in_remission=24),
        },
        "§9.2",
    ),
    ("CAUTION_SUD_MILD", _use("cannabis", "active", severity="mild"), "§9.2"),
    (
        "CAUTION_FAMILY_PSYCHOSIS",
        _conditions("family_history_schizophrenia_first_degree"),
        "Psyon",
    ),
    ("CAUTION_FAMILY_PSYCHOSIS", _conditions("family_history_psychosis_first_degree"), "Psyon"),
    ("CAUTION_NO_ESCORT", {"escort_available": False}, "§5.8"),
    ("CAUTION_NO_ESCORT", {"escort_available": None}, "§5.8"),
    ("CAUTION_BP_NOT_ASSESSED", NO_VITALS, "assess BP before dosing"),
    ("CAUTION_SPO2_NOT_ASSESSED", NO_SPO2, "pulse oximetry"),
    ("CAUTION_SPO2_NOT_ASSESSED", NO_VITALS, "pulse oximetry"),
    ("CAUTION_ACTIVE_SUICIDAL_IDEATION", {"suicidality": "active_no_plan"}, "§1"),
    ("UNKNOWN_MEDICATION", _meds("zyxquaprine"), "never silently ignored"),
]

# (code, profile overrides) where the rule must NOT fire: boundaries and look-alikes.
DOES_NOT_FIRE: list[tuple[str, JsonDict]] = [
    ("CI_AGE_UNDER_18", {"age": 18}),
    ("CAUTION_ELDERLY", {"age": 64}),
    ("CI_BP_SEVERE", _bp(179, 109)),
    ("REL_BP_ELEVATED", _bp(140, 90)),
    ("REL_BP_ELEVATED", _bp(180, 80)),
    ("CAUTION_HTN_CONTROLLED", _bp(140, 90)),
    ("CAUTION_HTN_CONTROLLED", _bp(141, 90, "hypertension")),
    ("CAUTION_BP_NOT_ASSESSED", {**NO_VITALS, **_conditions("hypertension")}),
    ("REL_RESPIRATORY", {"vitals": {"sbp": 120, "dbp": 78, "spo2": 94}}),
    ("CAUTION_SPO2_NOT_ASSESSED", {"vitals": {"sbp": 120, "dbp": 78, "spo2": 90}}),
    ("DDI_BENZO_HIGH", _meds("diazepam", dose=8)),
    ("DDI_BENZO_LOW", _meds("alprazolam", dose=0.5)),
    ("CI_KETAMINE_USE_DISORDER", _use("ketamine", "sustained_remission", last_use_days_ago=365)),
    ("CI_KETAMINE_USE_DISORDER", _use("ketamine", "active", severity="none", pattern="prescribed")),
    ("CAUTION_SUD_REMISSION", _use("ketamine", "active", severity="none", pattern="prescribed")),
    ("REL_ACTIVE_SUD", _use("cannabis", "active", severity="mild")),
    ("REL_ACTIVE_SUD", _use("nicotine", "active", severity="severe")),
    ("REL_ACTIVE_SUD", _use("alcohol", "active", severity="none", pattern="occasional")),
    ("CAUTION_SUD_MILD", _use("nicotine", "active", severity="mild")),
    ("DDI_CNS_DEPRESSANT", _use("alcohol", "active", severity="none", pattern="occasional")),
    ("REL_SUD_EARLY_REMISSION", _use("cannabis", "sustained_remission", months_in_remission=12)),
    ("CAUTION_SUD_REMISSION", _use("cannabis", "in_remission", months_in_remission=11)),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("alcohol", "active", severity="none"))),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("nicotine", "active", severity="severe"))),
    ("CI_HOME_DOSING_HIGH_RISK", _home(**_use("alcohol", "sustained_remission"))),
    ("CI_HOME_DOSING_HIGH_RISK", _home(suicidality="active_no_plan")),
    ("CI_HOME_DOSING_HIGH_RISK", _use("alcohol", "active", severity="severe")),
    ("CI_ESKETAMINE_HOME_USE", {"planned_drug": "esketamine", "planned_route": "intranasal"}),
    ("CI_ESKETAMINE_HOME_USE", _home()),
    ("DDI_CYP_INHIBITOR_ORAL", _meds("clarithromycin", route="iv")),
    ("DDI_CYP_INHIBITOR", _meds("clarithromycin", route="oral")),
    ("REL_ACUTE_SUICIDALITY", {"suicidality": "active_no_plan"}),
    ("CAUTION_ACTIVE_SUICIDAL_IDEATION", {"suicidality": "passive"}),
    ("REL_MODERATE_HEPATIC_IMPAIRMENT", {"hepatic_function": "child_pugh_a"}),
    ("CI_SEVERE_HEPATIC_IMPAIRMENT", {"hepatic_function": "child_pugh_b"}),
    ("CAUTION_NO_ESCORT", {"escort_available": True}),
    ("CI_HYPERSENSITIVITY", {"allergies": ["penicillin", "latex"]}),
    ("REL_PSYCHOSIS_HISTORY", _conditions("family_history_schizophrenia_first_degree")),
    ("UNKNOWN_MEDICATION", _meds("sertraline", "Zoloft", "venlafaxine XR 150 mg", "lithium")),
]


@pytest.mark.parametrize(("code", "overrides", "source"), FIRES, ids=[c[0] for c in FIRES])
def test_rule_fires_on_its_condition_with_its_source(
    make_data: MakeData, run: Run, code: str, overrides: JsonDict, source: str
) -> None:
    result = run(make_data(**overrides))

    flag = {flag.code: flag for flag in result.flags}[code]
    assert flag.severity is RULES[code].severity
    assert flag.source == RULES[code].source
    assert source in flag.source
    assert flag.reason.endswith(RULES[code].rationale)


@pytest.mark.parametrize(("code", "overrides"), DOES_NOT_FIRE, ids=[c[0] for c in DOES_NOT_FIRE])
def test_rule_does_not_fire_just_outside_its_condition(
    make_data: MakeData, run: Run, code: str, overrides: JsonDict
) -> None:
    assert code not in run(make_data(**overrides)).codes


def test_every_rule_in_the_catalogue_has_a_firing_case() -> None:
    assert {case[0] for case in FIRES} == set(RULES)


def test_healthy_profile_raises_no_flag(make_data: MakeData, run: Run) -> None:
    result = run(make_data())

    assert result.flags == ()
    assert result.eligibility.value == "yes"
