"""Coded vocabularies of the intake profile: every code with its human label."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Coded(StrEnum):
    """A string enum whose members carry a human-readable `label` next to their code."""

    label: str

    def __new__(cls, code: str, label: str) -> Self:
        """Create a member from `(code, label)`; the value is the code alone."""
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def from_code(cls, code: str) -> Self:
        """Return the member with this exact code.

        Raises:
            ValueError: if no member has this code.
        """
        for member in cls:
            if member.value == code:
                return member
        raise ValueError(f"unknown {cls.__name__} code {code!r}")

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """All codes in declaration order."""
        return tuple(member.value for member in cls)


class Sex(Coded):
    """Sex recorded at intake (no screening rule uses it; pregnancy is asked of everyone)."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    NOT_STATED = "not_stated", "Not stated"


class PlannedDrug(Coded):
    """The ketamine product the practice plans to give."""

    RACEMIC_KETAMINE = "racemic_ketamine", "Racemic ketamine"
    ESKETAMINE = "esketamine", "Esketamine"


class Route(Coded):
    """Planned route of administration."""

    IV = "iv", "Intravenous"
    IM = "im", "Intramuscular"
    INTRANASAL = "intranasal", "Intranasal"
    ORAL = "oral", "Oral"
    SUBLINGUAL = "sublingual", "Sublingual / buccal"
    SUBCUTANEOUS = "subcutaneous", "Subcutaneous"


# Routes with first-pass metabolism, where strong CYP inhibitors matter most (Hagelberg 2010).
FIRST_PASS_ROUTES = frozenset({Route.ORAL, Route.SUBLINGUAL})


class Setting(Coded):
    """Where dosing happens."""

    CLINIC = "clinic", "In clinic (supervised)"
    HOME = "home", "At home"


class HepaticFunction(Coded):
    """Hepatic function as a Child-Pugh class (`normal` = no known liver disease)."""

    NORMAL = "normal", "Normal (no known liver disease)"
    CHILD_PUGH_A = "child_pugh_a", "Child-Pugh A (mild impairment)"
    CHILD_PUGH_B = "child_pugh_b", "Child-Pugh B (moderate impairment)"
    CHILD_PUGH_C = "child_pugh_c", "Child-Pugh C (severe impairment)"


class Suicidality(Coded):
    """Current suicidal ideation, e.g. from the C-SSRS screener."""

    NONE = "none", "None"
    PASSIVE = "passive", "Passive ideation (wish to be dead)"
    ACTIVE_NO_PLAN = "active_no_plan", "Active ideation without a plan"
    ACTIVE_WITH_PLAN = "active_with_plan", "Active ideation with a plan or intent"


class Substance(Coded):
    """Substance classes for `substance_use` entries (DSM-5 substance classes)."""

    ALCOHOL = "alcohol", "Alcohol"
    CANNABIS = "cannabis", "Cannabis"
    OPIOIDS = "opioids", "Opioids"
    SEDATIVES = "sedatives", "Sedatives, hypnotics or anxiolytics"
    STIMULANTS = "stimulants", "Stimulants (cocaine, amphetamine-type)"
    HALLUCINOGENS = "hallucinogens", "Hallucinogens"
    INHALANTS = "inhalants", "Inhalants"
    KETAMINE = "ketamine", "Ketamine"
    PHENCYCLIDINE = "phencyclidine", "Phencyclidine (PCP)"
    OTHER_DISSOCIATIVES = "other_dissociatives", "Other dissociatives (e.g. methoxetamine)"
    NICOTINE = "nicotine", "Nicotine / tobacco"
    OTHER = "other", "Other or unknown substance"


# Ketamine/PCP-type substances: non-medical use <12 months is an absolute contraindication.
DISSOCIATIVES = frozenset(
    {Substance.KETAMINE, Substance.PHENCYCLIDINE, Substance.OTHER_DISSOCIATIVES}
)
# Substances whose use adds sedation or respiratory depression (DDI_CNS_DEPRESSANT).
DEPRESSANT_SUBSTANCES = frozenset({Substance.ALCOHOL, Substance.OPIOIDS, Substance.SEDATIVES})


class SubstanceStatus(Coded):
    """Status of a substance-use entry (DSM-5 remission specifiers)."""

    ACTIVE = "active", "Active (current use)"
    IN_REMISSION = "in_remission", "In early remission (under 12 months)"
    SUSTAINED_REMISSION = "sustained_remission", "In sustained remission (12 months or more)"


class SubstanceSeverity(Coded):
    """DSM-5 use-disorder severity; `none` = use without a disorder."""

    NONE = "none", "Use without a use disorder"
    MILD = "mild", "Mild use disorder (2-3 criteria)"
    MODERATE = "moderate", "Moderate use disorder (4-5 criteria)"
    SEVERE = "severe", "Severe use disorder (6 or more criteria)"


class UsePattern(Coded):
    """How the substance is used."""

    PRESCRIBED = "prescribed", "Medical use as prescribed"
    OCCASIONAL = "occasional", "Occasional non-medical use"
    REGULAR = "regular", "Regular non-medical use (weekly or more)"
    BINGE = "binge", "Binge use"


class Diagnosis(Coded):
    """Psychiatric diagnoses recorded at intake."""

    MAJOR_DEPRESSIVE_DISORDER = "major_depressive_disorder", "Major depressive disorder"
    TREATMENT_RESISTANT_DEPRESSION = (
        "treatment_resistant_depression",
        "Treatment-resistant depression",
    )
    PERSISTENT_DEPRESSIVE_DISORDER = (
        "persistent_depressive_disorder",
        "Persistent depressive disorder (dysthymia)",
    )
    BIPOLAR_I_DEPRESSED = (
        "bipolar_i_disorder_current_depressive_episode",
        "Bipolar I disorder, current episode depressed",
    )
    BIPOLAR_II_DISORDER = "bipolar_ii_disorder", "Bipolar II disorder"
    SCHIZOPHRENIA = "schizophrenia", "Schizophrenia"
    SCHIZOAFFECTIVE_DISORDER = "schizoaffective_disorder", "Schizoaffective disorder"
    GENERALIZED_ANXIETY_DISORDER = "generalized_anxiety_disorder", "Generalized anxiety disorder"
    PTSD = "ptsd", "Post-traumatic stress disorder"
    OCD = "ocd", "Obsessive-compulsive disorder"
    ALCOHOL_USE_DISORDER = "alcohol_use_disorder", "Alcohol use disorder"
    ADHD = "adhd", "Attention-deficit/hyperactivity disorder"


class Condition(Coded):
    """Medical and psychiatric conditions that screening rules look at."""

    ABDOMINAL_AORTIC_ANEURYSM = "abdominal_aortic_aneurysm", "Abdominal aortic aneurysm"
    THORACIC_AORTIC_ANEURYSM = "thoracic_aortic_aneurysm", "Thoracic aortic aneurysm"
    INTRACRANIAL_ANEURYSM = "intracranial_aneurysm", "Intracranial aneurysm"
    PERIPHERAL_ARTERIAL_ANEURYSM = "peripheral_arterial_aneurysm", "Peripheral arterial aneurysm"
    CEREBRAL_AVM = "cerebral_avm", "Cerebral arteriovenous malformation"
    ARTERIOVENOUS_MALFORMATION_OTHER = (
        "arteriovenous_malformation_other",
        "Arteriovenous malformation, other site",
    )
    INTRACEREBRAL_HEMORRHAGE = "intracerebral_hemorrhage", "Intracerebral haemorrhage (history)"
    RAISED_ICP = "raised_icp", "Raised intracranial pressure"
    BRAIN_TUMOR = "brain_tumor", "Brain tumour or other intracranial mass"
    MYOCARDIAL_INFARCTION_RECENT = (
        "myocardial_infarction_recent",
        "Myocardial infarction / acute coronary syndrome within 3 months",
    )
    MYOCARDIAL_INFARCTION_REMOTE = (
        "myocardial_infarction_remote",
        "Myocardial infarction more than 3 months ago",
    )
    STROKE_RECENT = "stroke_recent", "Stroke within 3 months"
    UNSTABLE_ANGINA = "unstable_angina", "Unstable angina"
    HEART_FAILURE_DECOMPENSATED = "heart_failure_decompensated", "Decompensated heart failure"
    HEART_FAILURE_COMPENSATED = "heart_failure_compensated", "Compensated heart failure"
    STABLE_CORONARY_ARTERY_DISEASE = (
        "stable_coronary_artery_disease",
        "Stable coronary artery disease",
    )
    ARRHYTHMIA = "arrhythmia", "Cardiac arrhythmia"
    CEREBROVASCULAR_DISEASE = (
        "cerebrovascular_disease",
        "Cerebrovascular disease (incl. old stroke)",
    )
    HYPERTENSION = "hypertension", "Hypertension (diagnosed)"
    CURRENT_PSYCHOTIC_SYMPTOMS = "current_psychotic_symptoms", "Current psychotic symptoms"
    BRIEF_PSYCHOTIC_EPISODE_REMOTE = (
        "brief_psychotic_episode_remote",
        "Brief psychotic episode in the past",
    )
    PSYCHOSIS_HISTORY = "psychosis_history", "History of psychosis"
    CURRENT_MANIA = "current_mania", "Current manic episode"
    CURRENT_HYPOMANIA = "current_hypomania", "Current hypomanic episode"
    BIPOLAR_I = "bipolar_i", "Bipolar I disorder"
    BIPOLAR_II = "bipolar_ii", "Bipolar II disorder"
    FAMILY_HISTORY_SCHIZOPHRENIA_FIRST_DEGREE = (
        "family_history_schizophrenia_first_degree",
        "First-degree relative with schizophrenia",
    )
    FAMILY_HISTORY_PSYCHOSIS_FIRST_DEGREE = (
        "family_history_psychosis_first_degree",
        "First-degree relative with another psychotic disorder",
    )
    KETAMINE_USE_DISORDER = "ketamine_use_disorder", "Ketamine use disorder (current)"
    ALCOHOL_USE_DISORDER_SEVERE_ACTIVE = (
        "alcohol_use_disorder_severe_active",
        "Severe alcohol use disorder, active",
    )
    OPIOID_USE_DISORDER_IN_REMISSION = (
        "opioid_use_disorder_in_remission",
        "Opioid use disorder in remission (details in substance_use)",
    )
    INTERSTITIAL_CYSTITIS = "interstitial_cystitis", "Interstitial cystitis"
    ULCERATIVE_CYSTITIS = "ulcerative_cystitis", "Ulcerative cystitis"
    CHRONIC_LOWER_URINARY_TRACT_SYMPTOMS = (
        "chronic_lower_urinary_tract_symptoms",
        "Chronic lower urinary tract symptoms",
    )
    CIRRHOSIS = "cirrhosis", "Cirrhosis (Child-Pugh class in hepatic_function)"
    OBSTRUCTIVE_SLEEP_APNEA_UNTREATED = (
        "obstructive_sleep_apnea_untreated",
        "Obstructive sleep apnoea, untreated",
    )
    SEVERE_LUNG_DISEASE = "severe_lung_disease", "Severe lung disease"
    HYPERTHYROIDISM_UNCONTROLLED = "hyperthyroidism_uncontrolled", "Uncontrolled hyperthyroidism"
    ANGLE_CLOSURE_GLAUCOMA = "angle_closure_glaucoma", "Angle-closure glaucoma, untreated"
    OPEN_GLOBE_INJURY = "open_globe_injury", "Open-globe eye injury"


def vocabularies() -> dict[str, type[Coded]]:
    """Every coded vocabulary of the profile, keyed by the name used in docs and `--codes`."""
    return {
        "conditions": Condition,
        "diagnoses": Diagnosis,
        "planned_drug": PlannedDrug,
        "planned_route": Route,
        "setting": Setting,
        "sex": Sex,
        "hepatic_function": HepaticFunction,
        "suicidality": Suicidality,
        "substance": Substance,
        "substance_status": SubstanceStatus,
        "substance_severity": SubstanceSeverity,
        "substance_pattern": UsePattern,
    }
