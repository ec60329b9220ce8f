"""`screen()`: run every rule over an intake profile and decide eligibility."""

from __future__ import annotations

from dataclasses import dataclass

from ketacare.domain.screening.findings import Evidence, Finding, Rule, Severity
from ketacare.domain.screening.policy import DEFAULT_POLICY, ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile
from ketacare.domain.screening.rules import CHECKS, TIERS
from ketacare.domain.screening.vocabulary import Coded

__all__ = ["Eligibility", "Flag", "ScreeningResult", "screen"]


class Eligibility(Coded):
    """Screening outcome: the worst severity among the flags (reference §4)."""

    YES = "yes", "Eligible"
    REVIEW = "review", "Clinician review needed"
    NO = "no", "Not eligible"


ELIGIBILITY_BY_SEVERITY = {
    Severity.ABSOLUTE: Eligibility.NO,
    Severity.RELATIVE: Eligibility.REVIEW,
    Severity.CAUTION: Eligibility.YES,
}


@dataclass(frozen=True)
class Flag:
    """One fired rule: its code, severity, profile-specific reason, source and evidence tag."""

    code: str
    severity: Severity
    reason: str
    source: str
    evidence: Evidence

    def as_dict(self) -> dict[str, str]:
        """The CLI/API shape `{"code", "severity", "reason", "source"}`."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "reason": self.reason,
            "source": self.source,
        }


@dataclass(frozen=True)
class ScreeningResult:
    """Eligibility and the flags behind it, ordered by severity then code (advisory only)."""

    eligibility: Eligibility
    flags: tuple[Flag, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the flags, in order."""
        return tuple(flag.code for flag in self.flags)

    def as_dict(self) -> dict[str, str | list[dict[str, str]]]:
        """The contract shape `{"eligibility": "yes"|"review"|"no", "flags": [...]}`."""
        return {
            "eligibility": self.eligibility.value,
            "flags": [flag.as_dict() for flag in self.flags],
        }


def screen(profile: IntakeProfile, policy: ScreeningPolicy = DEFAULT_POLICY) -> ScreeningResult:
    """Screen an intake profile against every rule of reference §4.

    Args:
        profile: the parsed intake profile (see `parse_profile`).
        policy: practice thresholds; defaults are the reference values.

    Returns:
        Eligibility `no` if any absolute flag, `review` if any relative flag, else `yes`;
        one flag per rule code (reasons of the same rule are joined), the highest of each tier.
    """
    merged: dict[Rule, list[str]] = {}
    for check in CHECKS:
        for finding in check(profile, policy):
            _merge(merged, finding)
    for tier in TIERS.values():
        present = [rule for rule in tier if rule in merged]
        for lower in present[1:]:
            del merged[lower]
    flags = tuple(
        Flag(rule.code, rule.severity, _reason(rule, details), rule.source, rule.evidence)
        for rule, details in sorted(merged.items(), key=lambda item: _order(item[0]))
    )
    worst = min((flag.severity for flag in flags), key=lambda s: s.rank, default=Severity.CAUTION)
    return ScreeningResult(ELIGIBILITY_BY_SEVERITY[worst], flags)


def _merge(merged: dict[Rule, list[str]], finding: Finding) -> None:
    reasons = merged.setdefault(finding.rule, [])
    if finding.detail not in reasons:
        reasons.append(finding.detail)


def _reason(rule: Rule, details: list[str]) -> str:
    """Profile-specific details first, then the rule's rationale once."""
    return f"{'; '.join(details)}: {rule.rationale}"


def _order(rule: Rule) -> tuple[int, str]:
    return rule.severity.rank, rule.code
