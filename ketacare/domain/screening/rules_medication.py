"""Drug-interaction rules: benzodiazepine load, MAOIs, CYP inhibitors and inducers, and more."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from ketacare.domain.screening.drug_table import CNS_DEPRESSANT_CLASSES, DrugClass
from ketacare.domain.screening.drugs import Drug, lookup_drug
from ketacare.domain.screening.findings import Check, Evidence, Finding, Rule, Severity
from ketacare.domain.screening.policy import ScreeningPolicy
from ketacare.domain.screening.profile import IntakeProfile, Medication
from ketacare.domain.screening.vocabulary import FIRST_PASS_ROUTES, Route

ABSOLUTE, RELATIVE, CAUTION = Severity.ABSOLUTE, Severity.RELATIVE, Severity.CAUTION
V, R, P = Evidence.VERIFIED, Evidence.RECALLED, Evidence.POLICY
PI = "Spravato (esketamine) US Prescribing Information"

BENZO_TIER = "benzodiazepines"
BENZO_SOURCE = "Andrashko 2020; Feeney 2023 [V]; diazepam equivalents from the Ashton table"
DDI_BENZO_HIGH = Rule(
    "DDI_BENZO_HIGH", RELATIVE, V,
    "benzodiazepines > 8 mg diazepam-equivalent/day in total",
    "blunted antidepressant response (ROC cut-off > 8 mg, sensitivity 80%, specificity 85%) "
    "and added sedation",
    BENZO_SOURCE,
    BENZO_TIER,
)  # fmt: skip
DDI_BENZO_LOW = Rule(
    "DDI_BENZO_LOW", CAUTION, V,
    "benzodiazepines ≤ 8 mg diazepam-equivalent/day in total",
    "added sedation; consider holding the dose before sessions",
    BENZO_SOURCE,
    BENZO_TIER,
)  # fmt: skip
DDI_MAOI = Rule(
    "DDI_MAOI", RELATIVE, V,
    "a monoamine oxidase inhibitor",
    "blood pressure may rise further; monitor closely",
    f"{PI} §7 [V]",
)  # fmt: skip
CYP_TIER = "cyp_inhibitor"
DDI_CYP_INHIBITOR_ORAL = Rule(
    "DDI_CYP_INHIBITOR_ORAL", RELATIVE, V,
    "a strong CYP3A4 or CYP2B6 inhibitor with an oral or sublingual route",
    "first-pass inhibition raises exposure (clarithromycin raised oral S-ketamine Cmax ×3.6 "
    "and AUC ×2.6; ticlopidine raised AUC ×2.4)",
    "Hagelberg 2010; Peltoniemi 2011 [V]",
    CYP_TIER,
)  # fmt: skip
DDI_CYP_INHIBITOR = Rule(
    "DDI_CYP_INHIBITOR", CAUTION, V,
    "a strong CYP3A4 or CYP2B6 inhibitor with an IV, IM, SC or intranasal route",
    "small effect without first pass (ticlopidine left intranasal esketamine Cmax unchanged "
    "and raised AUC 29%)",
    f"{PI} §7 [V]",
    CYP_TIER,
)  # fmt: skip
DDI_CYP_INDUCER = Rule(
    "DDI_CYP_INDUCER", CAUTION, V,
    "rifampicin, carbamazepine, phenytoin, St John's wort or another inducer",
    "lower exposure may cost efficacy (rifampicin cut oral S-ketamine AUC 86% and IV 14%; "
    "St John's wort cut oral AUC 58%)",
    "Peltoniemi 2012 (two studies) [V]",
)  # fmt: skip
DDI_STIMULANT = Rule(
    "DDI_STIMULANT", CAUTION, V,
    "amphetamines, methylphenidate, modafinil or armodafinil",
    "blood pressure may rise further; monitor",
    f"{PI} §7 [V]",
)  # fmt: skip
DDI_LAMOTRIGINE = Rule(
    "DDI_LAMOTRIGINE", CAUTION, V,
    "lamotrigine",
    "attenuated dissociation in volunteers; effect on efficacy unproven",
    "Anand 2000 [V]",
)  # fmt: skip
DDI_CNS_DEPRESSANT = Rule(
    "DDI_CNS_DEPRESSANT", CAUTION, V,
    "opioids (incl. buprenorphine), gabapentinoids, Z-drugs, barbiturates, regular alcohol",
    "added sedation and respiratory depression",
    f"{PI} §7 [V]",
)  # fmt: skip
DDI_OTHER_NMDA = Rule(
    "DDI_OTHER_NMDA", CAUTION, P,
    "memantine, dextromethorphan, nitrous oxide or another NMDA antagonist",
    "additive dissociation",
    "class reasoning; platform policy [P]",
)  # fmt: skip
UNKNOWN_MEDICATION = Rule(
    "UNKNOWN_MEDICATION", CAUTION, P,
    "a medication the drug vocabulary does not know",
    "interactions were not checked automatically; check this medicine by hand",
    "platform policy: unknown medicines are never silently ignored [P]",
)  # fmt: skip

RULES = (
    DDI_BENZO_HIGH,
    DDI_BENZO_LOW,
    DDI_MAOI,
    DDI_CYP_INHIBITOR_ORAL,
    DDI_CYP_INHIBITOR,
    DDI_CYP_INDUCER,
    DDI_STIMULANT,
    DDI_LAMOTRIGINE,
    DDI_CNS_DEPRESSANT,
    DDI_OTHER_NMDA,
    UNKNOWN_MEDICATION,
)
CLASS_RULES: dict[DrugClass, Rule] = {
    DrugClass.MAOI: DDI_MAOI,
    DrugClass.CYP_INDUCER: DDI_CYP_INDUCER,
    DrugClass.STIMULANT: DDI_STIMULANT,
    DrugClass.LAMOTRIGINE: DDI_LAMOTRIGINE,
    DrugClass.NMDA_ANTAGONIST: DDI_OTHER_NMDA,
    **dict.fromkeys(CNS_DEPRESSANT_CLASSES, DDI_CNS_DEPRESSANT),
}

Known = tuple[Medication, Drug]


def _mg(value: float) -> str:
    """A dose without float noise or exponent notation: 8.1 → "8.1", 2e6 → "2000000"."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _named(medication: Medication, drug: Drug) -> str:
    """The name as written, with the generic name when it differs (`Xanax (alprazolam)`)."""
    if medication.name.lower() == drug.name:
        return drug.name
    return f"{medication.name} ({drug.name})"


def check_medications(profile: IntakeProfile, policy: ScreeningPolicy) -> Iterator[Finding]:
    """Fire UNKNOWN_MEDICATION per unknown name, then the benzodiazepine and class rules."""
    known: list[Known] = []
    for medication in profile.medications:
        drug = lookup_drug(medication.name)
        if drug is None:
            reason = f"{medication.name!r} is not in the drug vocabulary"
            yield Finding(UNKNOWN_MEDICATION, reason)
        else:
            known.append((medication, drug))
    yield from _benzodiazepines(known, policy)
    yield from _class_interactions(known, profile.planned_route)


def _benzodiazepines(known: Sequence[Known], policy: ScreeningPolicy) -> Iterator[Finding]:
    """Sum diazepam equivalents (dose × Ashton factor) across benzodiazepines; one tier fires."""
    benzos = [(med, drug) for med, drug in known if DrugClass.BENZODIAZEPINE in drug.classes]
    if not benzos:
        return
    parts: list[str] = []
    unknown: list[str] = []
    equivalents: list[float] = []
    for medication, drug in benzos:
        name, dose, factor = _named(medication, drug), medication.daily_dose_mg, drug.dze_factor
        if dose is None:
            unknown.append(f"{name}: daily dose not recorded")
        elif factor is None:
            unknown.append(f"{name} {_mg(dose)} mg/day: no Ashton factor held")
        else:
            equivalents.append(dose * factor)
            parts.append(f"{name} {_mg(dose)} mg/day × {factor:.3g} = {_mg(dose * factor)} mg")
    # Rounding keeps sums like 12 × 2/3 at 8 mg instead of 8.000000000000002.
    total = round(math.fsum(equivalents), 6)
    threshold = policy.benzo_high_dze_mg_per_day
    summary = f"{_mg(total)} mg diazepam-equivalent/day ({'; '.join(parts) or 'none computable'})"
    limit = f"{_mg(threshold)} mg"
    if unknown:
        reason = f"{'; '.join(unknown)} (read as above {limit}); computable total {summary}"
        yield Finding(DDI_BENZO_HIGH, reason)
    elif total > threshold:
        yield Finding(DDI_BENZO_HIGH, f"{summary} > {limit}")
    else:
        yield Finding(DDI_BENZO_LOW, f"{summary} ≤ {limit}")


def _class_interactions(known: Sequence[Known], route: Route) -> Iterator[Finding]:
    """One finding per class rule, naming every drug that triggers it."""
    cyp_rule = DDI_CYP_INHIBITOR_ORAL if route in FIRST_PASS_ROUTES else DDI_CYP_INHIBITOR
    rules = {**CLASS_RULES, DrugClass.STRONG_CYP_INHIBITOR: cyp_rule}
    named: dict[Rule, list[str]] = {}
    for medication, drug in known:
        for drug_class in sorted(drug.classes):
            rule = rules.get(drug_class)
            if rule is not None and _named(medication, drug) not in named.get(rule, []):
                named.setdefault(rule, []).append(_named(medication, drug))
    for rule, names in named.items():
        where = f" (planned route: {route.label.lower()})" if rule.tier == CYP_TIER else ""
        yield Finding(rule, f"{', '.join(names)}{where}")


CHECKS: tuple[Check, ...] = (check_medications,)
