"""Guard rails for a practice's copy of a protocol template, and the adjusted template itself.

A practice may copy a built-in template (``templates.py``) and adjust its schedule, doses,
readiness checklist, minimum monitoring and vitals cadence. What it sets is practice policy
[P]; these rules keep a copy inside what the label and the literature allow (pharmacology
reference §3, ``../shared/reference/pharmacology.md``):

- esketamine: 56 or 84 mg per session, no more often than the label's phase, monitoring at
  least 2 hours (Spravato US Prescribing Information and REMS [V]);
- IV racemic ketamine: 0.1–0.8 mg/kg infused over at least 40 minutes (Andrade 2017 [V];
  0.8 mg/kg from the Taiwanese data [V]);
- racemic ketamine by any route: monitoring at least 60 minutes after the last dose ends
  (clinic racemic discharge rule, reference §3 [P from label/REMS]);
- vitals no less often than the built-in cadence (every 10–15 minutes during dosing, §3 [P]);
- at most three sessions a week (thrice weekly, Murrough 2013 [V], is the most frequent
  published schedule) and sane session counts [P];
- readiness items that come from the label or the literature stay on the checklist; only
  platform-policy items ([P]) may be removed, and the practice may add its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from ketacare.domain.protocols.templates import ChecklistItem, Dose, Phase, ProtocolTemplate

REFERENCE = "pharmacology reference §3"
LABEL = "Spravato (esketamine) US Prescribing Information and REMS [V]"
POLICY = "platform policy [P]"
PRACTICE_POLICY = "practice policy [P]"

NAME_MAX = 120
SESSIONS_PER_PHASE_MAX = 12  # [P]: real-world induction is 4–8 infusions (McInnes 2022 [V])
TOTAL_SESSIONS_MAX = 24  # [P]: a course plan of about six months of weekly sessions
PER_WEEK_CHOICES = (1, 2, 3)  # the schedule's spacings (schedule.py); 3 = Murrough 2013 [V]
INFUSION_MIN_MIN = 40  # 0.5 mg/kg over 40 min (Andrade 2017 [V]), reference §3
INFUSION_MAX_MIN = 120  # [P]
MONITORING_MAX_MIN = 480  # [P]
VITALS_EVERY_FLOOR_MIN = 5  # [P]: the confirmation interval of a high blood pressure
CHECKLIST_MAX = 20  # [P]
LABEL_MAX = 300
_CODE = re.compile(r"[a-z0-9_]{1,64}")


@dataclass(frozen=True)
class DoseRule:
    """The doses a copy may plan for one drug and route, in the template's unit."""

    low: float
    high: float
    source: str
    allowed: tuple[float, ...] = ()  # when set, only these doses


@dataclass(frozen=True)
class Floor:
    """A lowest allowed value and where it comes from."""

    minutes: int
    source: str


DOSE_RULES: Mapping[tuple[str, str], DoseRule] = MappingProxyType(
    {
        ("racemic_ketamine", "iv"): DoseRule(
            0.1, 0.8, f"Andrade 2017: 0.1–0.75 mg/kg; Taiwanese data 0.8 mg/kg [V], {REFERENCE}"
        ),
        ("racemic_ketamine", "im"): DoseRule(
            0.5, 1.0, f"IM KAP doses typically 0.5–1 mg/kg [R], {REFERENCE}"
        ),
        ("racemic_ketamine", "sublingual"): DoseRule(
            100, 400, f"CTP/Wolfson lozenges: usual 100–400 mg per session [V], {REFERENCE}"
        ),
        ("esketamine", "intranasal"): DoseRule(56, 84, LABEL, allowed=(56, 84)),
    }
)
MONITORING_FLOORS: Mapping[str, Floor] = MappingProxyType(
    {
        "esketamine": Floor(120, f"{LABEL}: at least 2 hours and until effects resolve"),
        "racemic_ketamine": Floor(
            60, f"at least 60 min after the last dose and back to baseline, {REFERENCE} [P]"
        ),
    }
)


@dataclass(frozen=True)
class PhaseAdjustment:
    """One phase of the copy: sessions, sessions a week, and the dose per session.

    ``dose`` is in the template phase's unit: mg/kg when it doses per kilogram, else mg.
    """

    sessions: int
    per_week: int
    dose: float


@dataclass(frozen=True)
class ChecklistEntry:
    """One readiness item of the copy: a template item's code, or a practice item."""

    code: str
    label: str


@dataclass(frozen=True)
class Overrides:
    """Everything a practice may adjust in its copy of a template."""

    name: str
    phases: tuple[PhaseAdjustment, ...]
    checklist: tuple[ChecklistEntry, ...]
    min_monitoring_min: int
    vitals_every_min: int
    infusion_min: int | None = None


@dataclass(frozen=True)
class AdjustmentError:
    """A value a copy may not have; ``field`` names it (``phase_0_dose``, ``checklist``…)."""

    field: str
    message: str


@dataclass(frozen=True)
class Limit:
    """What the built-in template says for a field, what a copy may set, and the source."""

    builtin: str
    allowed: str
    source: str


class OverridesInvalid(ValueError):
    """Overrides that break a guard rail; ``errors`` lists every one."""

    def __init__(self, errors: tuple[AdjustmentError, ...]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


def dose_unit(phase: Phase) -> str:
    """``mg/kg`` when the phase doses per kilogram, else ``mg``."""
    return "mg/kg" if phase.dose.mg_per_kg is not None else "mg"


def dose_value(phase: Phase) -> float:
    """The phase's dose in its own unit (see :func:`dose_unit`)."""
    value = phase.dose.mg_per_kg if phase.dose.mg_per_kg is not None else phase.dose.mg
    return float(value or 0)


def is_required_item(item: ChecklistItem) -> bool:
    """A readiness item from the label or literature (not platform policy) must stay."""
    return "[P]" not in item.source


def defaults_of(template: ProtocolTemplate) -> Overrides:
    """The overrides that reproduce ``template`` exactly: a fresh copy's starting values."""
    return Overrides(
        name=template.name,
        phases=tuple(
            PhaseAdjustment(p.sessions, int(p.per_week), dose_value(p)) for p in template.phases
        ),
        checklist=tuple(ChecklistEntry(i.code, i.text) for i in template.checklist),
        min_monitoring_min=template.min_monitoring_min,
        vitals_every_min=template.vitals_every_min,
        infusion_min=_infusion_of(template),
    )


def _infusion_of(template: ProtocolTemplate) -> int | None:
    return next((p.dose.infusion_min for p in template.phases if p.dose.infusion_min), None)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _dose_allowed(rule: DoseRule | None, unit: str) -> str:
    if rule is None:
        return f"more than 0 {unit}"
    if rule.allowed:
        return " or ".join(f"{_fmt(v)} {unit}" for v in rule.allowed)
    return f"{_fmt(rule.low)}–{_fmt(rule.high)} {unit}"


def limits(template: ProtocolTemplate) -> dict[str, Limit]:
    """For each adjustable field: the built-in value, what a copy may set, and the source."""
    floor = MONITORING_FLOORS.get(template.drug, Floor(1, POLICY))
    rule = DOSE_RULES.get((template.drug, template.route))
    found: dict[str, Limit] = {}
    for index, phase in enumerate(template.phases):
        most = int(phase.per_week) if template.drug == "esketamine" else max(PER_WEEK_CHOICES)
        found[f"phase_{index}_sessions"] = Limit(
            str(phase.sessions), f"1–{SESSIONS_PER_PHASE_MAX}", f"{template.sources}; {POLICY}"
        )
        found[f"phase_{index}_per_week"] = Limit(
            _fmt(phase.per_week),
            f"1–{most} a week",
            LABEL if template.drug == "esketamine" else f"Murrough 2013 [V], {REFERENCE}",
        )
        unit = dose_unit(phase)
        found[f"phase_{index}_dose"] = Limit(
            f"{_fmt(dose_value(phase))} {unit}",
            _dose_allowed(rule, unit),
            rule.source if rule else POLICY,
        )
    infusion = _infusion_of(template)
    if infusion is not None:
        found["infusion_min"] = Limit(
            f"{infusion} min",
            f"{INFUSION_MIN_MIN}–{INFUSION_MAX_MIN} min",
            f"Andrade 2017 [V], {REFERENCE}",
        )
    found["min_monitoring_min"] = Limit(
        f"{template.min_monitoring_min} min",
        f"{floor.minutes}–{MONITORING_MAX_MIN} min",
        floor.source,
    )
    found["vitals_every_min"] = Limit(
        f"every {template.vitals_every_min} min",
        f"every {VITALS_EVERY_FLOOR_MIN}–{template.vitals_every_min} min",
        f"every 10–15 min during dosing, {REFERENCE} [P]",
    )
    return found


def _check_name(name: str) -> list[AdjustmentError]:
    if not name.strip():
        return [AdjustmentError("name", "Give the protocol a name.")]
    if len(name.strip()) > NAME_MAX:
        return [AdjustmentError("name", f"Keep the name to {NAME_MAX} characters or fewer.")]
    return []


def _check_dose(template: ProtocolTemplate, phase: Phase, dose: float) -> list[str]:
    rule = DOSE_RULES.get((template.drug, template.route))
    unit = dose_unit(phase)
    if rule is None:
        return [] if dose > 0 else [f"The dose must be more than 0 {unit}."]
    if rule.allowed and dose not in rule.allowed:
        return [f"The dose must be {_dose_allowed(rule, unit)} ({rule.source})."]
    if not rule.low <= dose <= rule.high:
        return [f"The dose must be {_dose_allowed(rule, unit)} ({rule.source})."]
    return []


def _check_phase(
    template: ProtocolTemplate, index: int, phase: Phase, adjusted: PhaseAdjustment
) -> list[AdjustmentError]:
    errors: list[AdjustmentError] = []
    if not 1 <= adjusted.sessions <= SESSIONS_PER_PHASE_MAX:
        message = f"A phase has 1 to {SESSIONS_PER_PHASE_MAX} sessions."
        errors.append(AdjustmentError(f"phase_{index}_sessions", message))
    most = int(phase.per_week) if template.drug == "esketamine" else max(PER_WEEK_CHOICES)
    if adjusted.per_week not in PER_WEEK_CHOICES or adjusted.per_week > most:
        why = f" ({LABEL})" if template.drug == "esketamine" else ""
        message = f"Plan 1 to {most} sessions a week in this phase{why}."
        errors.append(AdjustmentError(f"phase_{index}_per_week", message))
    errors.extend(
        AdjustmentError(f"phase_{index}_dose", message)
        for message in _check_dose(template, phase, adjusted.dose)
    )
    return errors


def _check_phases(template: ProtocolTemplate, overrides: Overrides) -> list[AdjustmentError]:
    if len(overrides.phases) != len(template.phases):
        message = f"Give exactly {len(template.phases)} phase(s), one for each of the template's."
        return [AdjustmentError("phases", message)]
    errors: list[AdjustmentError] = []
    for index, (phase, adjusted) in enumerate(zip(template.phases, overrides.phases, strict=True)):
        errors.extend(_check_phase(template, index, phase, adjusted))
    total = sum(p.sessions for p in overrides.phases)
    if total > TOTAL_SESSIONS_MAX:
        message = (
            f"A course has at most {TOTAL_SESSIONS_MAX} sessions ({POLICY}); this has {total}."
        )
        errors.append(AdjustmentError("phases", message))
    return errors


def _check_infusion(template: ProtocolTemplate, infusion_min: int | None) -> list[AdjustmentError]:
    if _infusion_of(template) is None:
        if infusion_min is None:
            return []
        return [AdjustmentError("infusion_min", "Only an infusion protocol has an infusion time.")]
    if infusion_min is None or not INFUSION_MIN_MIN <= infusion_min <= INFUSION_MAX_MIN:
        message = (
            f"Infuse over {INFUSION_MIN_MIN} to {INFUSION_MAX_MIN} minutes "
            f"(at least 40 minutes: Andrade 2017 [V], {REFERENCE})."
        )
        return [AdjustmentError("infusion_min", message)]
    return []


def _check_timing(template: ProtocolTemplate, overrides: Overrides) -> list[AdjustmentError]:
    errors: list[AdjustmentError] = []
    floor = MONITORING_FLOORS.get(template.drug, Floor(1, POLICY))
    if not floor.minutes <= overrides.min_monitoring_min <= MONITORING_MAX_MIN:
        message = (
            f"Monitor for {floor.minutes} to {MONITORING_MAX_MIN} minutes "
            f"(at least {floor.minutes}: {floor.source})."
        )
        errors.append(AdjustmentError("min_monitoring_min", message))
    if not VITALS_EVERY_FLOOR_MIN <= overrides.vitals_every_min <= template.vitals_every_min:
        message = (
            f"Take vitals every {VITALS_EVERY_FLOOR_MIN} to {template.vitals_every_min} minutes: "
            "no less often than the built-in protocol."
        )
        errors.append(AdjustmentError("vitals_every_min", message))
    return errors


def _check_entries(entries: tuple[ChecklistEntry, ...]) -> list[str]:
    problems: list[str] = []
    codes = [entry.code for entry in entries]
    if len(entries) > CHECKLIST_MAX:
        problems.append(f"Keep the checklist to {CHECKLIST_MAX} items or fewer.")
    if len(set(codes)) != len(codes):
        problems.append("Each checklist item appears once.")
    if any(not _CODE.fullmatch(code) for code in codes):
        problems.append("A checklist item's code uses only a–z, 0–9 and _.")
    if any(not entry.label.strip() or len(entry.label) > LABEL_MAX for entry in entries):
        problems.append(f"Each checklist item needs wording of 1 to {LABEL_MAX} characters.")
    return problems


def _check_checklist(template: ProtocolTemplate, overrides: Overrides) -> list[AdjustmentError]:
    problems = _check_entries(overrides.checklist)
    kept = {entry.code for entry in overrides.checklist}
    problems.extend(
        f"“{item.text}” comes from {item.source} and stays on the checklist."
        for item in template.checklist
        if is_required_item(item) and item.code not in kept
    )
    return [AdjustmentError("checklist", problem) for problem in problems]


def check_overrides(template: ProtocolTemplate, overrides: Overrides) -> list[AdjustmentError]:
    """Every guard rail ``overrides`` breaks for a copy of ``template`` (empty: none).

    Args:
        template: the built-in template the copy is based on.
        overrides: the practice's values.

    Returns:
        One error per broken rule, in form order, each naming its field and source.
    """
    return [
        *_check_name(overrides.name),
        *_check_phases(template, overrides),
        *_check_infusion(template, overrides.infusion_min),
        *_check_timing(template, overrides),
        *_check_checklist(template, overrides),
    ]


def _dose(dose: Dose, value: float, infusion_min: int | None) -> Dose:
    if dose.mg_per_kg is not None:
        infusion = infusion_min if dose.infusion_min is not None else None
        return replace(dose, mg_per_kg=value, infusion_min=infusion)
    return replace(dose, mg=value)


def template_with_overrides(template: ProtocolTemplate, overrides: Overrides) -> ProtocolTemplate:
    """The template as the practice adjusted it; the code, drug and route stay the same.

    Template checklist items keep their wording and source; added items are practice policy.

    Args:
        template: the built-in template the copy is based on.
        overrides: the practice's values.

    Returns:
        A template to plan courses and run sessions with.

    Raises:
        OverridesInvalid: a guard rail is broken (with every error).
    """
    errors = check_overrides(template, overrides)
    if errors:
        raise OverridesInvalid(tuple(errors))
    phases = tuple(
        replace(
            phase,
            sessions=adj.sessions,
            per_week=adj.per_week,
            dose=_dose(phase.dose, adj.dose, overrides.infusion_min),
        )
        for phase, adj in zip(template.phases, overrides.phases, strict=True)
    )
    items = {item.code: item for item in template.checklist}
    checklist = tuple(
        items.get(entry.code) or ChecklistItem(entry.code, entry.label.strip(), PRACTICE_POLICY)
        for entry in overrides.checklist
    )
    return replace(
        template,
        name=overrides.name.strip(),
        phases=phases,
        min_monitoring_min=overrides.min_monitoring_min,
        vitals_every_min=overrides.vitals_every_min,
        checklist=checklist,
        sources=f"{template.sources}; adjusted by the practice [P]",
    )
