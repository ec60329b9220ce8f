"""MADRS: Montgomery–Åsberg Depression Rating Scale, clinician-rated, 10 items 0–6.

Sources: Montgomery & Åsberg 1979; Snaith et al. 1986 (bands); Müller et al. 2000 (J Affect
Disord 60:137) and 2003 (77:255) [V2]. © Royal College of Psychiatrists; permission was refused
to CamCOPS, so no wording ships: store item scores only (reference §0).
"""

from __future__ import annotations

from ketacare.domain.instruments.base import (
    Answers,
    Band,
    Context,
    Direction,
    FlagSpec,
    Instrument,
    InstrumentScore,
    Item,
    Licence,
    LicenceStatus,
    Loinc,
    Severity,
    licensed_items,
    numbered_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "MADRS"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = licensed_items(10, numbered_options(0, 6))
KEYS = tuple(item.key for item in ITEMS)
SAFETY_ITEM = "10"

BANDS = (
    # Snaith 1986 via several summaries; Müller 2000 (≥35 severe) [V2].
    Band("normal", 0, 6),
    Band("mild", 7, 19),
    Band("moderate", 20, 34),
    Band("severe", 35, 60),
)
_BAND_BY_TOTAL = band_table(BANDS, 60)

FLAG_ITEM10 = "madrs_item10_ge4"
FLAGS = (
    FlagSpec(
        FLAG_ITEM10,
        Severity.URGENT,
        "Item 10 (suicidal thoughts) ≥4: urgent clinician review.",
        "Platform policy on MADRS item 10 (reference §2)",
    ),
)
ITEM10_THRESHOLD = 4

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "Royal College of Psychiatrists",
    "Permission refused to CamCOPS; clinician-rated, store item scores only.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a MADRS: total 0–60 = sum of 10 items (0–6).

    Bands (Snaith 1986) [V2]: 0–6 normal, 7–19 mild, 20–34 moderate, 35–60 severe. Item 10
    ≥4 raises `madrs_item10_ge4` (urgent) whatever the total (platform policy). Remission
    (≤10 or ≤12) is a change metric, see `change.py`.

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–6.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = sum(values[key] for key in KEYS)
    flags = (FLAG_ITEM10,) if values[SAFETY_ITEM] >= ITEM10_THRESHOLD else ()
    return InstrumentScore(CODE, total, _BAND_BY_TOTAL[total], {}, flags, {})


SPEC = Instrument(
    code=CODE,
    name="Montgomery–Åsberg Depression Rating Scale",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=60,
    bands=BANDS,
    flags=FLAGS,
    loinc=Loinc(),  # not verified (reference §0)
    licence=LICENCE,
    sources=("Montgomery & Åsberg 1979", "Snaith 1986", "Müller 2000/2003 [V2]"),
    safety_items=(SAFETY_ITEM,),
    clinician_rated=True,
)
