"""WHO-5 Well-Being Index: five positively worded items, last 2 weeks; higher is better.

Sources: Psychiatric Research Unit, Region Hovedstaden (WHO-5 guidance); Topp et al. 2015
(Psychother Psychosom 84:167); Valant; medicalalgorithms; INSPQ toolkit sheet 14 [V2].
Free with attribution: "public domain, source must be mentioned" (INSPQ).
"""

from __future__ import annotations

from ketacare.domain.instruments.base import (
    Answers,
    Band,
    Context,
    Direction,
    Instrument,
    InstrumentScore,
    Item,
    Licence,
    LicenceStatus,
    Loinc,
    items_from_labels,
    labelled_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "WHO-5"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = items_from_labels(
    (
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ),
    labelled_options(
        (
            "At no time",
            "Some of the time",
            "Less than half of the time",
            "More than half of the time",
            "Most of the time",
            "All of the time",
        )
    ),
)
KEYS = tuple(item.key for item in ITEMS)

BANDS = (
    # Raw ≤7 (≤28 %) likely depression (Topp 2015) [V1]; raw <13 (≤48 %) poor well-being [V2].
    Band("likely depression", 0, 7),
    Band("poor wellbeing", 8, 12),
    Band("no indication", 13, 25),
)
_BAND_BY_RAW = band_table(BANDS, 25)
POOR_WELLBEING_BELOW = 13
LIKELY_DEPRESSION_AT_MOST = 7
LOW_ITEM_AT_MOST = 1
"""Any item 0 or 1 also recommends a depression screen (WHO-5 guidance) [V2]."""

LICENCE = Licence(
    LicenceStatus.FREE,
    "Psychiatric Research Unit, Mental Health Centre North Zealand, Region Hovedstaden",
    "Free to use; the source must be mentioned (INSPQ toolkit sheet 14).",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a WHO-5: `total` = raw 0–25 (items 0–5); percentage = raw × 4 (0–100) [V2].

    Band on raw: ≤7 likely depression, 8–12 poor wellbeing, ≥13 no indication.
    `details.depression_screen_recommended` is raw <13 or any item ≤1 [V2];
    `details.likely_depression` is raw ≤7 (Topp 2015) [V1].

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–5.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    raw = sum(values[key] for key in KEYS)
    poor = raw < POOR_WELLBEING_BELOW
    return InstrumentScore(
        CODE,
        raw,
        _BAND_BY_RAW[raw],
        {},
        (),
        {
            "raw": raw,
            "percentage": raw * 4,
            "poor_wellbeing": poor,
            "depression_screen_recommended": poor
            or any(values[key] <= LOW_ITEM_AT_MOST for key in KEYS),
            "likely_depression": raw <= LIKELY_DEPRESSION_AT_MOST,
        },
    )


SPEC = Instrument(
    code=CODE,
    name="WHO-5 Well-Being Index",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_BETTER,
    total_min=0,
    total_max=25,
    bands=BANDS,
    flags=(),
    loinc=Loinc(),  # not verified (reference §1)
    licence=LICENCE,
    sources=("WHO-5 guidance (Region Hovedstaden)", "Topp 2015", "Valant; INSPQ [V2]"),
)
