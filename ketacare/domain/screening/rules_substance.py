"""Substance-use rules: ketamine/PCP-type use, other use disorders, remission, home dosing."""

from __future__ import annotations

from collections.abc import Iterator

from ketacare.domain.screening.findings import Check, Evidence, Finding, Rule, Severity
from ketacare.domain.screening.policy import ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile, SubstanceUse
from ketacare.domain.screening.rules_medication import DDI_CNS_DEPRESSANT
from ketacare.domain.screening.vocabulary import (
    DEPRESSANT_SUBSTANCES,
    DISSOCIATIVES,
    Condition,
    Setting,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    Suicidality,
    UsePattern,
)

ABSOLUTE, RELATIVE, CAUTION = Severity.ABSOLUTE, Severity.RELATIVE, Severity.CAUTION
V, R, P = Evidence.VERIFIED, Evidence.RECALLED, Evidence.POLICY
PI = "Spravato (esketamine) US Prescribing Information"
SAN = "Sanacora 2017 JAMA Psychiatry consensus"

CI_KETAMINE_USE_DISORDER = Rule(
    "CI_KETAMINE_USE_DISORDER", ABSOLUTE, V,
    "ketamine use disorder, or non-medical ketamine/PCP-type use within 12 months",
    "risk of misuse and of ketamine cystitis",
    f"{PI} boxed warning and §9 [V]; {SAN}",
)  # fmt: skip
CI_HOME_DOSING_HIGH_RISK = Rule(
    "CI_HOME_DOSING_HIGH_RISK", ABSOLUTE, P,
    "home dosing with an active substance use disorder or suicidal ideation with a plan",
    "unsupervised dosing risks overdose and diversion",
    "ASA guidance [V]; absolute severity is platform policy [P]",
)  # fmt: skip
REL_ACTIVE_SUD = Rule(
    "REL_ACTIVE_SUD", RELATIVE, V,
    "active moderate or severe non-ketamine substance use disorder (severity unknown counts)",
    "risk of misuse and of added sedation",
    f"{PI} §5.3, §9.2 [V]; {SAN}",
)  # fmt: skip
REL_SUD_EARLY_REMISSION = Rule(
    "REL_SUD_EARLY_REMISSION", RELATIVE, P,
    "substance use disorder in remission for under 12 months (or duration unknown)",
    "relapse risk is highest in early remission; review misuse safeguards",
    f"{PI} §9.2 [V]; severity for early remission is platform policy [P]",
)  # fmt: skip
CAUTION_SUD_REMISSION = Rule(
    "CAUTION_SUD_REMISSION", CAUTION, V,
    "substance use disorder (or ketamine/PCP-type use) in remission for 12 months or more",
    "monitor for misuse",
    f"{PI} §9.2 [V]",
)  # fmt: skip
CAUTION_SUD_MILD = Rule(
    "CAUTION_SUD_MILD", CAUTION, P,
    "active mild non-ketamine substance use disorder",
    "monitor for misuse and sedation",
    f"{PI} §9.2 [V]; caution severity for mild disorders is platform policy [P]",
)  # fmt: skip

RULES = (
    CI_KETAMINE_USE_DISORDER,
    CI_HOME_DOSING_HIGH_RISK,
    REL_ACTIVE_SUD,
    REL_SUD_EARLY_REMISSION,
    CAUTION_SUD_REMISSION,
    CAUTION_SUD_MILD,
)


def is_non_medical_dissociative(entry: SubstanceUse) -> bool:
    """Ketamine/PCP-type use other than prescribed use without a use disorder."""
    prescribed_only = (
        entry.pattern is UsePattern.PRESCRIBED and entry.severity is SubstanceSeverity.NONE
    )
    return entry.substance in DISSOCIATIVES and not prescribed_only


def is_active_disorder(entry: SubstanceUse) -> bool:
    """Active use disorder (severity unknown counts) or active non-medical dissociative use."""
    if entry.status is not SubstanceStatus.ACTIVE or entry.substance is Substance.NICOTINE:
        return False
    return entry.severity is not SubstanceSeverity.NONE or is_non_medical_dissociative(entry)


def _dissociative(entry: SubstanceUse) -> Iterator[Finding]:
    if not is_non_medical_dissociative(entry):
        return
    label = entry.substance.label
    if entry.is_remote:
        reason = f"{label}: last non-medical use ≥ 12 months ago"
        yield Finding(CAUTION_SUD_REMISSION, reason)
    else:
        reason = f"{label}: non-medical use within 12 months ({entry.status.label.lower()})"
        yield Finding(CI_KETAMINE_USE_DISORDER, reason)


def _active(entry: SubstanceUse) -> Iterator[Finding]:
    label, severity = entry.substance.label, entry.severity
    if severity is None:
        reason = f"{label}: active use, severity not recorded (read as ≥ moderate)"
        yield Finding(REL_ACTIVE_SUD, reason)
    elif severity in {SubstanceSeverity.MODERATE, SubstanceSeverity.SEVERE}:
        reason = f"{label}: active {severity.value} use disorder"
        yield Finding(REL_ACTIVE_SUD, reason)
    elif severity is SubstanceSeverity.MILD:
        reason = f"{label}: active mild use disorder"
        yield Finding(CAUTION_SUD_MILD, reason)
    occasional_use_only = (
        entry.pattern is UsePattern.OCCASIONAL and severity is SubstanceSeverity.NONE
    )
    if entry.substance in DEPRESSANT_SUBSTANCES and not occasional_use_only:
        reason = f"{label}: regular or disordered use"
        yield Finding(DDI_CNS_DEPRESSANT, reason)


def _entry_findings(entry: SubstanceUse) -> Iterator[Finding]:
    if entry.substance is Substance.NICOTINE:
        return  # nicotine adds neither misuse of ketamine nor sedation [P]
    if entry.substance in DISSOCIATIVES:
        yield from _dissociative(entry)
    elif entry.status is SubstanceStatus.ACTIVE:
        yield from _active(entry)
    elif entry.is_remote:
        reason = f"{entry.substance.label}: in remission ≥ 12 months"
        yield Finding(CAUTION_SUD_REMISSION, reason)
    else:
        reason = f"{entry.substance.label}: in remission under 12 months or duration not recorded"
        yield Finding(REL_SUD_EARLY_REMISSION, reason)


def check_substance_use(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire the substance rules for each `substance_use` entry and the SUD condition codes."""
    for entry in profile.substance_use:
        yield from _entry_findings(entry)
    if Condition.KETAMINE_USE_DISORDER in profile.conditions:
        yield Finding(CI_KETAMINE_USE_DISORDER, Condition.KETAMINE_USE_DISORDER.label)
    if Condition.ALCOHOL_USE_DISORDER_SEVERE_ACTIVE in profile.conditions:
        label = Condition.ALCOHOL_USE_DISORDER_SEVERE_ACTIVE.label
        yield Finding(REL_ACTIVE_SUD, label)
        yield Finding(DDI_CNS_DEPRESSANT, label)


def check_home_dosing(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire CI_HOME_DOSING_HIGH_RISK for home dosing with an active SUD or SI with a plan."""
    if profile.setting is not Setting.HOME:
        return
    risks = [
        f"active {entry.substance.label.lower()} use"
        for entry in profile.substance_use
        if is_active_disorder(entry)
    ]
    sud_conditions = {Condition.KETAMINE_USE_DISORDER, Condition.ALCOHOL_USE_DISORDER_SEVERE_ACTIVE}
    risks.extend(code.label.lower() for code in sorted(profile.conditions & sud_conditions))
    if profile.suicidality is Suicidality.ACTIVE_WITH_PLAN:
        risks.append("suicidal ideation with a plan")
    if risks:
        reason = f"home dosing with {', '.join(risks)}"
        yield Finding(CI_HOME_DOSING_HIGH_RISK, reason)


CHECKS: tuple[Check, ...] = (check_substance_use, check_home_dosing)
