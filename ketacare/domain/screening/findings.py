"""The building blocks of screening rules: severity, evidence tag, rule data and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ketacare.domain.screening.policy import ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile
from ketacare.domain.screening.vocabulary import Coded, Condition


class Severity(Coded):
    """How much a flag limits eligibility (reference §4)."""

    ABSOLUTE = "absolute", "Absolute contraindication"
    RELATIVE = "relative", "Relative contraindication (clinician review)"
    CAUTION = "caution", "Caution (eligible; act on it)"

    @property
    def rank(self) -> int:
        """0 for the most severe; sort ascending to list the worst first."""
        return list(Severity).index(self)


class Evidence(Coded):
    """How well a rule is supported (reference tags)."""

    VERIFIED = "V", "Verified in a primary or secondary source"
    RECALLED = "R", "Recalled from the literature, not re-read"
    POLICY = "P", "Platform policy (not a published rule)"


@dataclass(frozen=True)
class Rule:
    """One screening rule as data: what fires it, how severe it is, why, and the source.

    `evidence` is the weakest tag among the rule's source, severity and thresholds: `P` if the
    platform chose any of them. `tier` names a group in which only the highest rule fires.
    """

    code: str
    severity: Severity
    evidence: Evidence
    condition: str
    rationale: str
    source: str
    tier: str | None = None


@dataclass(frozen=True)
class Finding:
    """A rule that fired, with a detail specific to the profile (the rationale is added later)."""

    rule: Rule
    detail: str


Check = Callable[[IntakeProfile, ScreeningPolicy], Iterator[Finding]]


def labels(codes: Iterable[Coded]) -> str:
    """Human labels of codes, sorted by code, joined with commas."""
    return ", ".join(code.label for code in sorted(codes, key=lambda member: member.value))


def condition_check(rule: Rule, codes: frozenset[Condition]) -> Check:
    """A check that fires `rule` when the profile lists any of `codes`."""

    def check(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
        present = profile.conditions & codes
        if present:
            yield Finding(rule, labels(present))

    check.__name__ = f"check_{rule.code.lower()}"
    check.__doc__ = f"Fire {rule.code} when the profile lists: {labels(codes)}."
    return check
