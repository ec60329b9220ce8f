"""Psychiatric rules: psychosis, mania and bipolar disorder, suicidality, family history."""

from __future__ import annotations

from collections.abc import Iterator

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
from ketacare.domain.screening.vocabulary import Coded, Condition, Diagnosis, Suicidality

ABSOLUTE, RELATIVE, CAUTION = Severity.ABSOLUTE, Severity.RELATIVE, Severity.CAUTION
V, R, P = Evidence.VERIFIED, Evidence.RECALLED, Evidence.POLICY
PI = "Spravato (esketamine) US Prescribing Information"
SAN = "Sanacora 2017 JAMA Psychiatry consensus"

PSYCHOSIS_TIER = "psychosis"
CI_ACTIVE_PSYCHOSIS = Rule(
    "CI_ACTIVE_PSYCHOSIS", ABSOLUTE, V,
    "current psychotic symptoms (including schizophrenia in episode)",
    "ketamine is psychotomimetic and worsens active psychosis",
    f"{PI} §5.2; {SAN}; Lahti 2001 [V]",
    PSYCHOSIS_TIER,
)  # fmt: skip
REL_PSYCHOSIS_HISTORY = Rule(
    "REL_PSYCHOSIS_HISTORY", RELATIVE, V,
    "past psychosis or a psychotic-disorder diagnosis, no current symptoms",
    "the label allows treatment only if benefit outweighs the risk of psychosis",
    f"{PI} §5.2 [V]",
    PSYCHOSIS_TIER,
)  # fmt: skip
MOOD_TIER = "mania"
CI_ACTIVE_MANIA = Rule(
    "CI_ACTIVE_MANIA", ABSOLUTE, R,
    "current manic or hypomanic episode",
    "risk of worsening or prolonging mania; excluded from trials",
    f"{SAN} [R]",
    MOOD_TIER,
)  # fmt: skip
REL_BIPOLAR = Rule(
    "REL_BIPOLAR", RELATIVE, V,
    "bipolar I or II disorder without current mania or hypomania",
    "small risk of a switch to mania (Diazgranados 2010); review mood stabiliser cover",
    f"{SAN}; Diazgranados 2010, PMC3000408 [V]",
    MOOD_TIER,
)  # fmt: skip
SUICIDALITY_TIER = "suicidality"
REL_ACUTE_SUICIDALITY = Rule(
    "REL_ACUTE_SUICIDALITY", RELATIVE, V,
    "suicidal ideation with a plan or intent",
    "needs a comprehensive care plan; ketamine is not a substitute for crisis care",
    f"{PI} §1 [V]",
    SUICIDALITY_TIER,
)  # fmt: skip
CAUTION_ACTIVE_SUICIDAL_IDEATION = Rule(
    "CAUTION_ACTIVE_SUICIDAL_IDEATION", CAUTION, P,
    "active suicidal ideation without a plan",
    "confirm there is no intent (e.g. C-SSRS) and that a safety plan is in place",
    "platform policy, by analogy with the REL_ACUTE_SUICIDALITY rule (Spravato PI §1) [P]",
    SUICIDALITY_TIER,
)  # fmt: skip
CAUTION_FAMILY_PSYCHOSIS = Rule(
    "CAUTION_FAMILY_PSYCHOSIS", CAUTION, P,
    "first-degree relative with schizophrenia or another psychotic disorder",
    "possible higher vulnerability to psychosis; some programmes exclude (e.g. Psyon)",
    "programme exclusion criteria (e.g. Psyon) [V]; caution severity is platform policy [P]",
)  # fmt: skip

RULES = (
    CI_ACTIVE_PSYCHOSIS,
    REL_PSYCHOSIS_HISTORY,
    CI_ACTIVE_MANIA,
    REL_BIPOLAR,
    REL_ACUTE_SUICIDALITY,
    CAUTION_ACTIVE_SUICIDAL_IDEATION,
    CAUTION_FAMILY_PSYCHOSIS,
)

PSYCHOSIS_HISTORY_CONDITIONS = frozenset(
    {Condition.BRIEF_PSYCHOTIC_EPISODE_REMOTE, Condition.PSYCHOSIS_HISTORY}
)
PSYCHOTIC_DIAGNOSES = frozenset({Diagnosis.SCHIZOPHRENIA, Diagnosis.SCHIZOAFFECTIVE_DISORDER})
BIPOLAR_CONDITIONS = frozenset({Condition.BIPOLAR_I, Condition.BIPOLAR_II})
BIPOLAR_DIAGNOSES = frozenset({Diagnosis.BIPOLAR_I_DEPRESSED, Diagnosis.BIPOLAR_II_DISORDER})


def _history_check(
    rule: Rule, conditions: frozenset[Condition], diagnoses: frozenset[Diagnosis]
) -> Check:
    """A check firing `rule` on any of the listed conditions or diagnoses."""

    def check(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
        present: set[Coded] = {*(profile.conditions & conditions), *(profile.diagnoses & diagnoses)}
        if present:
            yield Finding(rule, f"{labels(present)}")

    check.__name__ = f"check_{rule.code.lower()}"
    return check


def check_suicidality(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire on active suicidal ideation: relative with a plan, caution without one."""
    if profile.suicidality is Suicidality.ACTIVE_WITH_PLAN:
        rule = REL_ACUTE_SUICIDALITY
    elif profile.suicidality is Suicidality.ACTIVE_NO_PLAN:
        rule = CAUTION_ACTIVE_SUICIDAL_IDEATION
    else:
        return
    yield Finding(rule, profile.suicidality.label)


CHECKS: tuple[Check, ...] = (
    condition_check(CI_ACTIVE_PSYCHOSIS, frozenset({Condition.CURRENT_PSYCHOTIC_SYMPTOMS})),
    _history_check(REL_PSYCHOSIS_HISTORY, PSYCHOSIS_HISTORY_CONDITIONS, PSYCHOTIC_DIAGNOSES),
    condition_check(
        CI_ACTIVE_MANIA, frozenset({Condition.CURRENT_MANIA, Condition.CURRENT_HYPOMANIA})
    ),
    _history_check(REL_BIPOLAR, BIPOLAR_CONDITIONS, BIPOLAR_DIAGNOSES),
    check_suicidality,
    condition_check(
        CAUTION_FAMILY_PSYCHOSIS,
        frozenset(
            {
                Condition.FAMILY_HISTORY_SCHIZOPHRENIA_FIRST_DEGREE,
                Condition.FAMILY_HISTORY_PSYCHOSIS_FIRST_DEGREE,
            }
        ),
    ),
)
