"""Vascular, cardiac and blood-pressure rules (reference §4, BP tiers from §3)."""

from __future__ import annotations

from collections.abc import Iterator

from ketacare.domain.screening.findings import (
    Check,
    Evidence,
    Finding,
    Rule,
    Severity,
    condition_check,
)
from ketacare.domain.screening.policy import ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile
from ketacare.domain.screening.vocabulary import Condition

ABSOLUTE, RELATIVE, CAUTION = Severity.ABSOLUTE, Severity.RELATIVE, Severity.CAUTION
V, R, P = Evidence.VERIFIED, Evidence.RECALLED, Evidence.POLICY
PI = "Spravato (esketamine) US Prescribing Information"

CI_ANEURYSMAL_VASCULAR_DISEASE = Rule(
    "CI_ANEURYSMAL_VASCULAR_DISEASE", ABSOLUTE, V,
    "aortic, intracranial or peripheral arterial aneurysm",
    "ketamine raises blood pressure and a BP surge can rupture an aneurysm",
    f"{PI} §4 [V]",
)  # fmt: skip
CI_AVM = Rule(
    "CI_AVM", ABSOLUTE, V,
    "arteriovenous malformation",
    "a ketamine BP surge can make an arteriovenous malformation bleed",
    f"{PI} §4 [V]",
)  # fmt: skip
CI_ICH_HISTORY = Rule(
    "CI_ICH_HISTORY", ABSOLUTE, V,
    "history of intracerebral haemorrhage",
    "a ketamine BP surge risks re-bleeding",
    f"{PI} §4 [V]",
)  # fmt: skip
CI_RAISED_ICP = Rule(
    "CI_RAISED_ICP", ABSOLUTE, V,
    "raised intracranial pressure or an intracranial mass",
    "ketamine can raise intracranial pressure further",
    f"{PI} §2 [V]",
)  # fmt: skip
CI_UNSTABLE_CARDIOVASCULAR = Rule(
    "CI_UNSTABLE_CARDIOVASCULAR", ABSOLUTE, P,
    "ACS/MI or stroke within 3 months, unstable angina, decompensated heart failure",
    "a rise in BP and heart rate poses serious risk",
    f"{PI} §2 (\"BP rise poses serious risk\") [V]; absolute severity is platform policy [P]",
)  # fmt: skip
REL_CARDIOVASCULAR_STABLE = Rule(
    "REL_CARDIOVASCULAR_STABLE", RELATIVE, V,
    "stable CAD, remote MI, arrhythmia, compensated heart failure, cerebrovascular disease",
    "ketamine raises BP and heart rate; weigh benefit and monitor closely",
    f"{PI} §5.6 [V]",
)  # fmt: skip
REL_HYPERTHYROID_UNCONTROLLED = Rule(
    "REL_HYPERTHYROID_UNCONTROLLED", RELATIVE, P,
    "uncontrolled thyrotoxicosis",
    "ketamine is sympathomimetic and may worsen tachycardia and hypertension",
    "Ketalar class effect [R]; relative severity is platform policy [P]",
)  # fmt: skip

BP_TIER = "blood_pressure"
CI_BP_SEVERE = Rule(
    "CI_BP_SEVERE", ABSOLUTE, P,
    "SBP ≥ 180 or DBP ≥ 110 mmHg (policy thresholds)",
    "a further rise is expected during dosing; defer and treat, then re-measure",
    f"{PI} §2, §5.6; Ketalar contraindication [V]; thresholds are platform policy [P]",
    BP_TIER,
)  # fmt: skip
REL_BP_ELEVATED = Rule(
    "REL_BP_ELEVATED", RELATIVE, V,
    "SBP > 140 or DBP > 90 mmHg, below the severe tier (140/90 exactly is not flagged)",
    "the label asks to weigh the short-term BP rise against benefit",
    f"{PI} §2 [V]",
    BP_TIER,
)  # fmt: skip
REL_BP_NOT_ASSESSED_HYPERTENSION = Rule(
    "REL_BP_NOT_ASSESSED_HYPERTENSION", RELATIVE, P,
    "diagnosed hypertension and no vitals recorded",
    "blood-pressure control is unknown; measure BP before deciding",
    f"{PI} §2 (assess BP before dosing) [V]; missing-data handling is platform policy [P]",
    BP_TIER,
)  # fmt: skip
CAUTION_HTN_CONTROLLED = Rule(
    "CAUTION_HTN_CONTROLLED", CAUTION, V,
    "diagnosed hypertension with BP ≤ 140/90 mmHg",
    "re-check BP about 40 minutes after dosing (≈ Cmax)",
    f"{PI} §2; trials allowed controlled hypertension [V]",
    BP_TIER,
)  # fmt: skip
CAUTION_BP_NOT_ASSESSED = Rule(
    "CAUTION_BP_NOT_ASSESSED", CAUTION, P,
    "no vitals recorded",
    "blood pressure was not assessed at intake; measure it before any dosing decision",
    f"{PI} §2 (assess BP before dosing) [V]; missing-data handling is platform policy [P]",
    BP_TIER,
)  # fmt: skip

RULES = (
    CI_ANEURYSMAL_VASCULAR_DISEASE,
    CI_AVM,
    CI_ICH_HISTORY,
    CI_RAISED_ICP,
    CI_UNSTABLE_CARDIOVASCULAR,
    REL_CARDIOVASCULAR_STABLE,
    REL_HYPERTHYROID_UNCONTROLLED,
    CI_BP_SEVERE,
    REL_BP_ELEVATED,
    REL_BP_NOT_ASSESSED_HYPERTENSION,
    CAUTION_HTN_CONTROLLED,
    CAUTION_BP_NOT_ASSESSED,
)
BP_TIER_ORDER = (
    CI_BP_SEVERE,
    REL_BP_ELEVATED,
    REL_BP_NOT_ASSESSED_HYPERTENSION,
    CAUTION_HTN_CONTROLLED,
    CAUTION_BP_NOT_ASSESSED,
)


def _mmhg(sbp: float, dbp: float) -> str:
    return f"{sbp:g}/{dbp:g} mmHg"


def check_blood_pressure(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire the single highest BP tier for the resting BP (thresholds from `policy`)."""
    vitals = profile.vitals
    has_hypertension = Condition.HYPERTENSION in profile.conditions
    if vitals is None:
        rule = REL_BP_NOT_ASSESSED_HYPERTENSION if has_hypertension else CAUTION_BP_NOT_ASSESSED
        yield Finding(rule, "no vitals recorded")
        return
    bp = _mmhg(vitals.sbp, vitals.dbp)
    severe = _mmhg(policy.bp_severe_sbp_mmhg, policy.bp_severe_dbp_mmhg)
    elevated = _mmhg(policy.bp_elevated_sbp_mmhg, policy.bp_elevated_dbp_mmhg)
    if vitals.sbp >= policy.bp_severe_sbp_mmhg or vitals.dbp >= policy.bp_severe_dbp_mmhg:
        yield Finding(CI_BP_SEVERE, f"BP {bp} at or above {severe}")
    elif vitals.sbp > policy.bp_elevated_sbp_mmhg or vitals.dbp > policy.bp_elevated_dbp_mmhg:
        reason = f"BP {bp} above {elevated}"
        yield Finding(REL_BP_ELEVATED, reason)
    elif has_hypertension:
        reason = f"hypertension with BP {bp} (≤ {elevated})"
        yield Finding(CAUTION_HTN_CONTROLLED, reason)


CHECKS: tuple[Check, ...] = (
    condition_check(
        CI_ANEURYSMAL_VASCULAR_DISEASE,
        frozenset(
            {
                Condition.ABDOMINAL_AORTIC_ANEURYSM,
                Condition.THORACIC_AORTIC_ANEURYSM,
                Condition.INTRACRANIAL_ANEURYSM,
                Condition.PERIPHERAL_ARTERIAL_ANEURYSM,
            }
        ),
    ),
    condition_check(
        CI_AVM, frozenset({Condition.CEREBRAL_AVM, Condition.ARTERIOVENOUS_MALFORMATION_OTHER})
    ),
    condition_check(CI_ICH_HISTORY, frozenset({Condition.INTRACEREBRAL_HEMORRHAGE})),
    condition_check(CI_RAISED_ICP, frozenset({Condition.RAISED_ICP, Condition.BRAIN_TUMOR})),
    condition_check(
        CI_UNSTABLE_CARDIOVASCULAR,
        frozenset(
            {
                Condition.MYOCARDIAL_INFARCTION_RECENT,
                Condition.STROKE_RECENT,
                Condition.UNSTABLE_ANGINA,
                Condition.HEART_FAILURE_DECOMPENSATED,
            }
        ),
    ),
    condition_check(
        REL_CARDIOVASCULAR_STABLE,
        frozenset(
            {
                Condition.STABLE_CORONARY_ARTERY_DISEASE,
                Condition.MYOCARDIAL_INFARCTION_REMOTE,
                Condition.ARRHYTHMIA,
                Condition.HEART_FAILURE_COMPENSATED,
                Condition.CEREBROVASCULAR_DISEASE,
            }
        ),
    ),
    condition_check(
        REL_HYPERTHYROID_UNCONTROLLED, frozenset({Condition.HYPERTHYROIDISM_UNCONTROLLED})
    ),
    check_blood_pressure,
)
