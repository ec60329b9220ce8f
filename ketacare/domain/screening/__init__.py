"""Pre-treatment screening: intake profile, contraindication and interaction rules, eligibility.

Pure Python (standard library only). Typical use::

    profile = parse_profile(json.loads(text))  # raises ProfileError naming the field
    result = screen(profile)  # ScreeningResult(eligibility, flags)
    result.as_dict()  # {"eligibility": "review", "flags": [{"code", ...}]}
"""

from ketacare.domain.screening._fields import ProfileError
from ketacare.domain.screening.drug_table import DrugClass
from ketacare.domain.screening.drugs import DRUGS, Drug, lookup_drug
from ketacare.domain.screening.engine import Eligibility, Flag, ScreeningResult, screen
from ketacare.domain.screening.findings import Evidence, Rule, Severity
from ketacare.domain.screening.policy import DEFAULT_POLICY, ScreeningPolicy
from ketacare.domain.screening.profile import (
    IntakeProfile,
    Medication,
    SubstanceUse,
    Vitals,
    parse_profile,
)
from ketacare.domain.screening.rules import RULES, TIERS
from ketacare.domain.screening.schema import profile_json_schema
from ketacare.domain.screening.vocabulary import (
    Coded,
    Condition,
    Diagnosis,
    HepaticFunction,
    PlannedDrug,
    Route,
    Setting,
    Sex,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    Suicidality,
    UsePattern,
    vocabularies,
)

__all__ = [
    "DEFAULT_POLICY",
    "DRUGS",
    "RULES",
    "TIERS",
    "Coded",
    "Condition",
    "Diagnosis",
    "Drug",
    "DrugClass",
    "Eligibility",
    "Evidence",
    "Flag",
    "HepaticFunction",
    "IntakeProfile",
    "Medication",
    "PlannedDrug",
    "ProfileError",
    "Route",
    "Rule",
    "ScreeningPolicy",
    "ScreeningResult",
    "Setting",
    "Severity",
    "Sex",
    "Substance",
    "SubstanceSeverity",
    "SubstanceStatus",
    "SubstanceUse",
    "Suicidality",
    "UsePattern",
    "Vitals",
    "lookup_drug",
    "parse_profile",
    "profile_json_schema",
    "screen",
    "vocabularies",
]
