"""General rules: age, pregnancy, allergy, liver, lungs, bladder, eyes, escort and setting."""

from __future__ import annotations

from collections.abc import Iterator

from ketacare.domain.screening.drugs import lookup_drug
from ketacare.domain.screening.findings import (
    Check,
    Evidence,
    Finding,
    Rule,
    Severity,
    condition_check,
    labels,
)
from ketacare.domain.screening.policy import ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile
from ketacare.domain.screening.vocabulary import (
    Condition,
    HepaticFunction,
    PlannedDrug,
    Setting,
)

ABSOLUTE, RELATIVE, CAUTION = Severity.ABSOLUTE, Severity.RELATIVE, Severity.CAUTION
V, R, P = Evidence.VERIFIED, Evidence.RECALLED, Evidence.POLICY
PI = "Spravato (esketamine) US Prescribing Information"
ADULT_AGE_YEARS = 18  # not approved under 18 (PI §8.4)
ELDERLY_AGE_YEARS = 65  # PI §8.5 geriatric use

AGE_TIER = "age"
CI_AGE_UNDER_18 = Rule(
    "CI_AGE_UNDER_18", ABSOLUTE, V,
    "age under 18",
    "not approved for use in minors",
    f"{PI} §8.4 [V]",
    AGE_TIER,
)  # fmt: skip
CAUTION_ELDERLY = Rule(
    "CAUTION_ELDERLY", CAUTION, R,
    "age 65 or over",
    "smaller effect (TRANSFORM-3 response 27% vs 13.3%) and possibly larger BP rises",
    f"{PI} §8.5 [V]; larger BP rises [R]",
    AGE_TIER,
)  # fmt: skip
CI_PREGNANCY = Rule(
    "CI_PREGNANCY", ABSOLUTE, P,
    "pregnant",
    "possible fetal neurotoxicity; the label does not recommend use in pregnancy",
    f"{PI} §5.10, §8.1 [V]; absolute severity is platform policy [P]",
)  # fmt: skip
REL_BREASTFEEDING = Rule(
    "REL_BREASTFEEDING", RELATIVE, V,
    "breastfeeding",
    "esketamine passes into breast milk; use is not recommended while breastfeeding",
    f"{PI} §8.2 [V]",
)  # fmt: skip
CI_HYPERSENSITIVITY = Rule(
    "CI_HYPERSENSITIVITY", ABSOLUTE, V,
    "allergy to ketamine or esketamine",
    "known hypersensitivity to ketamine or esketamine",
    f"{PI} §4 [V]",
)  # fmt: skip
HEPATIC_TIER = "hepatic"
CI_SEVERE_HEPATIC_IMPAIRMENT = Rule(
    "CI_SEVERE_HEPATIC_IMPAIRMENT", ABSOLUTE, V,
    "Child-Pugh C",
    "not studied in severe hepatic impairment and not recommended",
    f"{PI} §8.6 [V]",
    HEPATIC_TIER,
)  # fmt: skip
REL_MODERATE_HEPATIC_IMPAIRMENT = Rule(
    "REL_MODERATE_HEPATIC_IMPAIRMENT", RELATIVE, V,
    "Child-Pugh B",
    "higher AUC and longer half-life; plan longer monitoring",
    f"{PI} §8.6 [V]",
    HEPATIC_TIER,
)  # fmt: skip
REL_RESPIRATORY = Rule(
    "REL_RESPIRATORY", RELATIVE, P,
    "untreated obstructive sleep apnoea, severe lung disease, or resting SpO2 < 94% (policy)",
    "respiratory depression is in the boxed warning and the REMS",
    f"{PI} boxed warning; Spravato REMS [V]; SpO2 threshold is platform policy [P]",
)  # fmt: skip
CAUTION_SPO2_NOT_ASSESSED = Rule(
    "CAUTION_SPO2_NOT_ASSESSED", CAUTION, P,
    "no resting SpO2 recorded",
    "resting oxygen saturation was not assessed; measure it before dosing",
    "Spravato REMS (pulse oximetry) [V]; missing-data handling is platform policy [P]",
)  # fmt: skip
REL_CYSTITIS = Rule(
    "REL_CYSTITIS", RELATIVE, V,
    "interstitial or ulcerative cystitis, chronic lower urinary tract symptoms",
    "ketamine is toxic to the bladder and can worsen cystitis",
    f"{PI} §5.9 [V]",
)  # fmt: skip
REL_GLAUCOMA_OR_IOP = Rule(
    "REL_GLAUCOMA_OR_IOP", RELATIVE, P,
    "untreated angle-closure glaucoma or open-globe injury",
    "ketamine can raise intraocular pressure",
    "anaesthesia labelling [R]; relative severity is platform policy [P]",
)  # fmt: skip
CAUTION_NO_ESCORT = Rule(
    "CAUTION_NO_ESCORT", CAUTION, V,
    "no escort home (or not recorded); a hard check on the session day",
    "no driving until the next day after restful sleep; confirm transport or a sitter",
    f"{PI} §5.8 [V]",
)  # fmt: skip
CI_ESKETAMINE_HOME_USE = Rule(
    "CI_ESKETAMINE_HOME_USE", ABSOLUTE, V,
    "esketamine planned for home dosing",
    "esketamine is never dispensed for home use; it is given in a certified setting",
    "Spravato REMS (reference §3) [V]",
)  # fmt: skip

RULES = (
    CI_AGE_UNDER_18,
    CAUTION_ELDERLY,
    CI_PREGNANCY,
    REL_BREASTFEEDING,
    CI_HYPERSENSITIVITY,
    CI_SEVERE_HEPATIC_IMPAIRMENT,
    REL_MODERATE_HEPATIC_IMPAIRMENT,
    REL_RESPIRATORY,
    CAUTION_SPO2_NOT_ASSESSED,
    REL_CYSTITIS,
    REL_GLAUCOMA_OR_IOP,
    CAUTION_NO_ESCORT,
    CI_ESKETAMINE_HOME_USE,
)
KETAMINE_PRODUCTS = frozenset({"ketamine", "esketamine", "arketamine"})
RESPIRATORY_CONDITIONS = frozenset(
    {Condition.OBSTRUCTIVE_SLEEP_APNEA_UNTREATED, Condition.SEVERE_LUNG_DISEASE}
)


def check_age(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CI_AGE_UNDER_18 under 18 years and CAUTION_ELDERLY from 65 years."""
    if profile.age < ADULT_AGE_YEARS:
        yield Finding(CI_AGE_UNDER_18, f"age {profile.age}")
    elif profile.age >= ELDERLY_AGE_YEARS:
        yield Finding(CAUTION_ELDERLY, f"age {profile.age}")


def check_reproductive(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CI_PREGNANCY and REL_BREASTFEEDING."""
    if profile.pregnant:
        yield Finding(CI_PREGNANCY, "pregnant")
    if profile.breastfeeding:
        yield Finding(REL_BREASTFEEDING, "breastfeeding")


def check_allergies(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CI_HYPERSENSITIVITY on any allergy naming a ketamine product (either enantiomer)."""
    for allergy in profile.allergies:
        drug = lookup_drug(allergy)
        if "ketamine" in allergy.lower() or (drug is not None and drug.name in KETAMINE_PRODUCTS):
            yield Finding(CI_HYPERSENSITIVITY, f"recorded allergy to {allergy!r}")


def check_hepatic(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire the hepatic tier from the Child-Pugh class."""
    function = profile.hepatic_function
    if function is HepaticFunction.CHILD_PUGH_C:
        rule = CI_SEVERE_HEPATIC_IMPAIRMENT
    elif function is HepaticFunction.CHILD_PUGH_B:
        rule = REL_MODERATE_HEPATIC_IMPAIRMENT
    else:
        return
    yield Finding(rule, function.label)


def check_respiratory(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire REL_RESPIRATORY on lung conditions or low resting SpO2; flag a missing SpO2."""
    spo2 = profile.vitals.spo2 if profile.vitals is not None else None
    present = profile.conditions & RESPIRATORY_CONDITIONS
    reasons = [labels(present)] if present else []
    threshold = policy.resting_spo2_min_percent
    if spo2 is not None and spo2 < threshold:
        reasons.append(f"resting SpO2 {spo2:g}% < {threshold:g}%")
    if reasons:
        yield Finding(REL_RESPIRATORY, ", ".join(reasons))
    if spo2 is None:
        yield Finding(CAUTION_SPO2_NOT_ASSESSED, "no resting SpO2 recorded")


def check_escort(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CAUTION_NO_ESCORT unless an escort is confirmed (missing counts as none)."""
    if profile.escort_available is True:
        return
    state = "no escort available" if profile.escort_available is False else "escort not recorded"
    yield Finding(CAUTION_NO_ESCORT, state)


def check_esketamine_home(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CI_ESKETAMINE_HOME_USE when esketamine is planned for home dosing (REMS)."""
    if profile.planned_drug is PlannedDrug.ESKETAMINE and profile.setting is Setting.HOME:
        yield Finding(CI_ESKETAMINE_HOME_USE, "esketamine at home")


CHECKS: tuple[Check, ...] = (
    check_age,
    check_reproductive,
    check_allergies,
    check_hepatic,
    check_respiratory,
    condition_check(
        REL_CYSTITIS,
        frozenset(
            {
                Condition.INTERSTITIAL_CYSTITIS,
                Condition.ULCERATIVE_CYSTITIS,
                Condition.CHRONIC_LOWER_URINARY_TRACT_SYMPTOMS,
            }
        ),
    ),
    condition_check(
        REL_GLAUCOMA_OR_IOP,
        frozenset({Condition.ANGLE_CLOSURE_GLAUCOMA, Condition.OPEN_GLOBE_INJURY}),
    ),
    check_escort,
    check_esketamine_home,
)
