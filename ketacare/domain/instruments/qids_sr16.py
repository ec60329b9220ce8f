"""QIDS-SR16: Quick Inventory of Depressive Symptomatology, self-report, last 7 days.

Sources: Rush et al. 2003 (Biol Psychiatry 54:573); ids-qids.org interpretation table; Rivet
docs; hiboop [V2]. © UT Southwestern; redistribution of wording in software is not confirmed
[UNVERIFIED], so no wording ships and the practice loads its licensed form.
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacare.domain.instruments.base import (
    Answers,
    Band,
    Context,
    Direction,
    FlagSpec,
    Instrument,
    InstrumentScore,
    InvalidAnswers,
    Item,
    Licence,
    LicenceStatus,
    Loinc,
    Severity,
    numbered_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "QIDS-SR16"
VERSION = "1.0"

EITHER_OR = (("6", "7"), ("8", "9"))
"""Appetite down/up and weight down/up are answered either/or: one of each pair is required,
both missing is invalid [V1]; both present is accepted and the domain takes the maximum."""
_PAIRED = frozenset(key for pair in EITHER_OR for key in pair)

ITEMS: tuple[Item, ...] = tuple(
    Item(str(n), f"Item {n} (see licensed form)", numbered_options(0, 3), 0, 3,
         required=str(n) not in _PAIRED)
    for n in range(1, 17)
)  # fmt: skip

DOMAINS: Mapping[str, tuple[str, ...]] = {
    # Nine DSM symptom domains; several items → the maximum (Rush 2003; Rivet; hiboop) [V2].
    "sleep": ("1", "2", "3", "4"),
    "sad_mood": ("5",),
    "appetite_weight": ("6", "7", "8", "9"),
    "concentration": ("10",),
    "self_view": ("11",),
    "suicidal_ideation": ("12",),
    "interest": ("13",),
    "energy": ("14",),
    "psychomotor": ("15", "16"),
}
SAFETY_ITEM = "12"

BANDS = (
    # ids-qids.org interpretation table; Rush 2003 [V2].
    Band("none", 0, 5),
    Band("mild", 6, 10),
    Band("moderate", 11, 15),
    Band("severe", 16, 20),
    Band("very severe", 21, 27),
)
_BAND_BY_TOTAL = band_table(BANDS, 27)

FLAG_POSITIVE = "qids_item12_positive"
FLAG_GE2 = "qids_item12_ge2"
FLAGS = (
    FlagSpec(
        FLAG_POSITIVE,
        Severity.REVIEW,
        "Item 12 (suicidal ideation) ≥1: clinician review.",
        "Platform policy on QIDS item 12 (reference §1)",
    ),
    FlagSpec(
        FLAG_GE2,
        Severity.URGENT,
        "Item 12 ≥2 (thoughts several times a week, plans or an attempt): urgent review.",
        "Platform policy on QIDS item 12 (reference §1)",
    ),
)

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "UT Southwestern Medical Center (Rush, Trivedi et al.)",
    "Free for clinical/research use from ids-qids.org; software redistribution unconfirmed.",
)

_READER = AnswerReader(CODE, ITEMS)


def check_either_or(values: Mapping[str, int]) -> None:
    """Require at least one item of each either/or pair (6/7 appetite, 8/9 weight) [V1].

    Raises:
        InvalidAnswers: both items of a pair are missing.
    """
    for first, second in EITHER_OR:
        if first not in values and second not in values:
            raise InvalidAnswers(f"{CODE} items {first} and {second} are both missing (answer one)")


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a QIDS-SR16: total 0–27 = sum of nine domain scores, each the max of its items.

    A naive sum of 16 items reaches 48 (reference §4.10). Bands [V2]: 0–5 none, 6–10 mild,
    11–15 moderate, 16–20 severe, 21–27 very severe. Item 12 ≥1 raises `qids_item12_positive`
    (review); ≥2 also raises `qids_item12_ge2` (urgent) — platform policy.

    Raises:
        InvalidAnswers: bad item, or both items of an either/or pair missing.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    check_either_or(values)
    domains = {name: max(values.get(key, 0) for key in keys) for name, keys in DOMAINS.items()}
    total = sum(domains.values())
    item12 = values[SAFETY_ITEM]
    flags = (FLAG_POSITIVE, FLAG_GE2) if item12 >= 2 else (FLAG_POSITIVE,) if item12 else ()
    return InstrumentScore(CODE, total, _BAND_BY_TOTAL[total], {}, flags, {"domains": domains})


SPEC = Instrument(
    code=CODE,
    name="Quick Inventory of Depressive Symptomatology, Self-Report (16 items)",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=27,
    bands=BANDS,
    flags=FLAGS,
    loinc=Loinc(),  # not verified (reference §1)
    licence=LICENCE,
    sources=("Rush 2003", "ids-qids.org interpretation table [V2]", "Trivedi 2006 (STAR*D)"),
    safety_items=(SAFETY_ITEM,),
)
