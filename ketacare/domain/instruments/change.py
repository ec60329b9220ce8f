"""Change between two totals: response, remission, reliable change, recovery, per instrument.

Sources are named next to each rule; the per-instrument table is reference §3. Jacobson–Truax
RCI lives in `rci`, the relapse rule in `relapse`; both are re-exported here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ketacare.domain.instruments import pcl5
from ketacare.domain.instruments.base import (
    Context,
    Instrument,
    InvalidAnswers,
    Number,
    format_number,
)
from ketacare.domain.instruments.rci import (
    InvalidChangeInput,
    ReliableChange,
    clinical_cutoff,
    reliable_change,
    standard_error_of_difference,
)
from ketacare.domain.instruments.registry import lookup
from ketacare.domain.instruments.relapse import (
    SUSTAIN1_RELAPSE,
    RelapseResult,
    RelapseRule,
    detect_relapse,
)
from ketacare.domain.instruments.validation import (
    check_context,
)

__all__ = [
    "GAD7_TALKING_THERAPIES",
    "PHQ9_TALKING_THERAPIES",
    "SUSTAIN1_RELAPSE",
    "ChangeMetrics",
    "ChangeResult",
    "InvalidChangeInput",
    "RelapseResult",
    "RelapseRule",
    "ReliableChange",
    "TalkingTherapiesOutcome",
    "TalkingTherapiesRule",
    "change",
    "clinical_cutoff",
    "detect_relapse",
    "reliable_change",
    "response",
    "standard_error_of_difference",
    "talking_therapies_change",
    "talking_therapies_outcome",
]


@dataclass(frozen=True, slots=True)
class ChangeMetrics:
    """The standard change metrics; None where a metric is undefined for the instrument."""

    response: bool | None = None
    remission: bool | None = None
    reliable_improvement: bool | None = None
    reliable_deterioration: bool | None = None
    recovery: bool | None = None
    reliable_recovery: bool | None = None
    extras: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """Baseline → follow-up for one instrument; `difference` = followup − baseline."""

    instrument: str
    baseline: Number
    followup: Number
    difference: Number
    metrics: ChangeMetrics

    def as_dict(self) -> dict[str, object]:
        """Return the `ketacare change --json` shape: the six standard keys plus extras."""
        metrics = self.metrics
        return {
            "instrument": self.instrument,
            "baseline": self.baseline,
            "followup": self.followup,
            "difference": self.difference,
            "response": metrics.response,
            "remission": metrics.remission,
            "reliable_improvement": metrics.reliable_improvement,
            "reliable_deterioration": metrics.reliable_deterioration,
            "recovery": metrics.recovery,
            "reliable_recovery": metrics.reliable_recovery,
            **metrics.extras,
        }


def response(baseline: int, followup: int) -> bool | None:
    """Return ≥50 % reduction, in integers: 2 × (baseline − followup) ≥ baseline.

    Exactly 50 % counts; undefined (None) when baseline = 0 (reference §3).
    """
    if baseline == 0:
        return None
    return 2 * (baseline - followup) >= baseline


@dataclass(frozen=True, slots=True)
class TalkingTherapiesRule:
    """NHS Talking Therapies fixed thresholds for one measure (IAPT manual; Gyani 2013) [V2]."""

    caseness: int
    reliable_change: int


PHQ9_TALKING_THERAPIES = TalkingTherapiesRule(caseness=10, reliable_change=6)
GAD7_TALKING_THERAPIES = TalkingTherapiesRule(caseness=8, reliable_change=4)


def talking_therapies_change(
    baseline: int, followup: int, rule: TalkingTherapiesRule
) -> ChangeMetrics:
    """Apply the NHS Talking Therapies rules to one measure (reference §3) [V2].

    Reliable improvement = ↓ ≥ reliable_change; reliable deterioration = ↑ ≥ reliable_change.
    Recovery (case at start → below caseness at end) and reliable recovery (recovery and
    reliable improvement) are only defined when the baseline is a case; otherwise None.
    """
    improved = baseline - followup >= rule.reliable_change
    case_at_start = baseline >= rule.caseness
    recovery = followup < rule.caseness if case_at_start else None
    return ChangeMetrics(
        reliable_improvement=improved,
        reliable_deterioration=followup - baseline >= rule.reliable_change,
        recovery=recovery,
        reliable_recovery=(recovery and improved) if case_at_start else None,
        extras={"caseness_baseline": case_at_start, "caseness_followup": followup >= rule.caseness},
    )


@dataclass(frozen=True, slots=True)
class TalkingTherapiesOutcome:
    """Paired PHQ-9 + GAD-7 outcome of one course (NHS Talking Therapies) [V2]."""

    case_at_start: bool
    reliable_improvement: bool
    reliable_deterioration: bool
    recovery: bool | None
    reliable_recovery: bool | None


def talking_therapies_outcome(
    *, phq9: tuple[int, int], gad7: tuple[int, int]
) -> TalkingTherapiesOutcome:
    """Combine PHQ-9 and GAD-7 (baseline, followup) pairs as NHS Talking Therapies does.

    Case = PHQ-9 ≥10 and/or GAD-7 ≥8. Reliable improvement: PHQ-9 ↓ ≥6 or GAD-7 ↓ ≥4 with no
    reliable deterioration on the other; reliable deterioration: ↑ on either without reliable
    improvement on the other. Recovery: case at start, below caseness on both at the end.
    (IAPT manual; PHE Fingertips glossary; Gyani 2013) [V2].
    """
    each = (
        talking_therapies_change(*phq9, PHQ9_TALKING_THERAPIES),
        talking_therapies_change(*gad7, GAD7_TALKING_THERAPIES),
    )
    improved = any(metrics.reliable_improvement for metrics in each)
    deteriorated = any(metrics.reliable_deterioration for metrics in each)
    case_at_start = any(metrics.extras["caseness_baseline"] for metrics in each)
    recovery = not any(m.extras["caseness_followup"] for m in each) if case_at_start else None
    reliably_improved = improved and not deteriorated
    return TalkingTherapiesOutcome(
        case_at_start=case_at_start,
        reliable_improvement=reliably_improved,
        reliable_deterioration=deteriorated and not improved,
        recovery=recovery,
        reliable_recovery=(recovery and reliably_improved) if case_at_start else None,
    )


def _phq9(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # Response ≥50 % ↓; remission <5 (SUSTAIN-3, PMC10439056) [V2]; NHS TT 10 / 6.
    tt = talking_therapies_change(int(baseline), int(followup), PHQ9_TALKING_THERAPIES)
    return _with(tt, response=response(int(baseline), int(followup)), remission=followup < 5)


def _gad7(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # Response ≥50 % ↓; remission <5 (convention); NHS TT caseness 8, reliable change 4 [V2].
    tt = talking_therapies_change(int(baseline), int(followup), GAD7_TALKING_THERAPIES)
    return _with(tt, response=response(int(baseline), int(followup)), remission=followup < 5)


def _qids(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # Response ≥50 % ↓; remission ≤5 (STAR*D, Trivedi 2006) [V2].
    return ChangeMetrics(response=response(int(baseline), int(followup)), remission=followup <= 5)


def _madrs(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # Remission ≤10 (Daly 2018; IV-ketamine trials) vs ≤12 (SUSTAIN-3, ASPIRE): both stored;
    # `remission` uses the stricter ≤10 so remission is never over-claimed (platform choice).
    return ChangeMetrics(
        response=response(int(baseline), int(followup)),
        remission=followup <= 10,
        extras={"remission_le10": followup <= 10, "remission_le12": followup <= 12},
    )


def _pcl5(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # VA NCPTSD: ↓ ≥5 = response / reliable change, ↓ ≥10 = clinically meaningful; remission =
    # below cut-off + meaningful change (reference §3) [V2]. ↑ ≥5 = reliable deterioration.
    cutoff = pcl5.cutoff_from(context)
    decrease = baseline - followup
    meaningful = decrease >= 10
    below = followup < cutoff
    return ChangeMetrics(
        response=decrease >= 5,
        remission=below and meaningful,
        reliable_improvement=decrease >= 5,
        reliable_deterioration=-decrease >= 5,
        extras={
            "reliable_change_5": decrease >= 5,
            "clinically_meaningful_10": meaningful,
            "below_cutoff": below,
            "cutoff": cutoff,
        },
    )


def _who5(baseline: Number, followup: Number, context: Context) -> ChangeMetrics:
    # Totals are raw 0–25; percentage = raw × 4. A change of 10 percentage points is
    # significant (WHO-5 guidance via Valant) [V2]; response = ↑ ≥10 points (reference §3).
    points = (followup - baseline) * 4
    return ChangeMetrics(
        response=points >= 10,
        extras={
            "percentage_baseline": baseline * 4,
            "percentage_followup": followup * 4,
            "percentage_change": points,
            "significant_improvement": points >= 10,
            "significant_worsening": points <= -10,
        },
    )


def _with(metrics: ChangeMetrics, *, response: bool | None, remission: bool) -> ChangeMetrics:
    return ChangeMetrics(
        response,
        remission,
        metrics.reliable_improvement,
        metrics.reliable_deterioration,
        metrics.recovery,
        metrics.reliable_recovery,
        metrics.extras,
    )


_Rule = Callable[[Number, Number, Context], ChangeMetrics]
_RULES: Mapping[str, _Rule] = {
    "PHQ-9": _phq9,
    "GAD-7": _gad7,
    "QIDS-SR16": _qids,
    "MADRS": _madrs,
    "PCL-5": _pcl5,
    "WHO-5": _who5,
}
"""Instruments with published change rules; all other totals get None for every metric."""


def _total(spec: Instrument, label: str, value: object) -> Number:
    prefix = f"{spec.code} {label}: value {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidAnswers(f"{prefix} is not a number")
    if spec.integer_total and not isinstance(value, numbers.Integral):
        raise InvalidAnswers(f"{prefix} is not an integer")
    low, high = spec.total_min, spec.total_max
    if low is None or high is None:
        raise InvalidAnswers(f"{spec.code} has no total score, so change metrics do not apply")
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise InvalidAnswers(f"{prefix} is out of range {format_number(low)}–{format_number(high)}")
    return int(number) if spec.integer_total else number


def change(
    code: str, baseline: object, followup: object, context: Context | None = None
) -> ChangeResult:
    """Compute change metrics between two totals of one instrument.

    Args:
        code: instrument code or a spelling of it (as `registry.lookup`).
        baseline: the earlier total, in the units of `InstrumentScore.total` (WHO-5: raw).
        followup: the later total.
        context: PCL-5 `cutoff` (31–33); no other instrument takes context.

    Returns:
        The six standard metrics (None where the instrument defines none) plus extras:
        MADRS `remission_le10/_le12`; PCL-5 `reliable_change_5`, `clinically_meaningful_10`,
        `below_cutoff`; WHO-5 `percentage_change`, `significant_improvement/_worsening`;
        PHQ-9/GAD-7 `caseness_baseline/_followup`.

    Raises:
        UnknownInstrument: no instrument matches `code`.
        InvalidAnswers: a total is not a number, out of range, or the instrument has no total.
    """
    spec = lookup(code)
    first, second = _total(spec, "baseline", baseline), _total(spec, "followup", followup)
    rule = _RULES.get(spec.code)
    if rule is None:
        check_context(spec.code, context, ())
        metrics = ChangeMetrics()
    else:
        metrics = rule(first, second, check_context(spec.code, context, spec.context_keys))
    return ChangeResult(spec.code, first, second, second - first, metrics)
