"""The rule catalogue: every screening rule as data, the checks that fire them, and the tiers.

Each rule's code, severity, evidence tag, condition, rationale and source sit next to its check
in `rules_vascular`, `rules_psychiatric`, `rules_substance`, `rules_medication` and
`rules_general`; this module gathers them. Source of truth: reference/pharmacology.md §4.
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacare.domain.screening import (
    rules_general,
    rules_medication,
    rules_psychiatric,
    rules_substance,
    rules_vascular,
)
from ketacare.domain.screening.findings import Check, Rule

__all__ = ["CHECKS", "RULES", "TIERS", "rule"]

_MODULES = (rules_vascular, rules_psychiatric, rules_substance, rules_medication, rules_general)

RULES: Mapping[str, Rule] = {
    item.code: item
    for item in sorted(
        (item for module in _MODULES for item in module.RULES),
        key=lambda item: (item.severity.rank, item.code),
    )
}
CHECKS: tuple[Check, ...] = tuple(check for module in _MODULES for check in module.CHECKS)

# Within a tier only the first (highest) rule present fires; order is severity first. BP and
# benzodiazepine tiers are the reference's; the others group mutually exclusive rules.
TIERS: Mapping[str, tuple[Rule, ...]] = {
    rules_vascular.BP_TIER: rules_vascular.BP_TIER_ORDER,
    rules_medication.BENZO_TIER: (rules_medication.DDI_BENZO_HIGH, rules_medication.DDI_BENZO_LOW),
    rules_medication.CYP_TIER: (
        rules_medication.DDI_CYP_INHIBITOR_ORAL,
        rules_medication.DDI_CYP_INHIBITOR,
    ),
    rules_psychiatric.PSYCHOSIS_TIER: (
        rules_psychiatric.CI_ACTIVE_PSYCHOSIS,
        rules_psychiatric.REL_PSYCHOSIS_HISTORY,
    ),
    rules_psychiatric.MOOD_TIER: (rules_psychiatric.CI_ACTIVE_MANIA, rules_psychiatric.REL_BIPOLAR),
    rules_psychiatric.SUICIDALITY_TIER: (
        rules_psychiatric.REL_ACUTE_SUICIDALITY,
        rules_psychiatric.CAUTION_ACTIVE_SUICIDAL_IDEATION,
    ),
    rules_general.AGE_TIER: (rules_general.CI_AGE_UNDER_18, rules_general.CAUTION_ELDERLY),
    rules_general.HEPATIC_TIER: (
        rules_general.CI_SEVERE_HEPATIC_IMPAIRMENT,
        rules_general.REL_MODERATE_HEPATIC_IMPAIRMENT,
    ),
}


def rule(code: str) -> Rule:
    """Return the rule with this code.

    Raises:
        KeyError: if no rule has this code.
    """
    return RULES[code]
