"""GAD-7: Generalized Anxiety Disorder-7, anxiety severity over the last 2 weeks.

Sources: Spitzer et al. 2006 (Arch Intern Med 166:1092); CamCOPS `gad7.py`; PHQ manual [V2].
The zero anchor is "Not at all" (Zorowitz et al. 2021 found reproductions using "not at all
sure"). Wording: Pfizer, no permission required (phqscreeners.com).
"""

from __future__ import annotations

from ketacare.domain.instruments import phq9
from ketacare.domain.instruments.base import (
    Answers,
    Band,
    Context,
    Direction,
    Instrument,
    InstrumentScore,
    Item,
    Loinc,
    items_from_labels,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "GAD-7"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = items_from_labels(
    (
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    phq9.FREQUENCY,
)
KEYS = tuple(item.key for item in ITEMS)

BANDS = (
    # Spitzer 2006; CamCOPS gad7.py [V2]. Lower bounds inclusive.
    Band("minimal", 0, 4),
    Band("mild", 5, 9),
    Band("moderate", 10, 14),
    Band("severe", 15, 21),
)
_BAND_BY_TOTAL = band_table(BANDS, 21)

POSITIVE_SCREEN = 10
"""≥10 = screen cut-off for generalised anxiety disorder (Spitzer 2006) [V2]."""
IAPT_CASENESS = 8
"""NHS Talking Therapies caseness uses GAD-7 ≥8, not ≥10 (IAPT manual; Gyani 2013) [V2]."""

LOINC = Loinc(panel="69737-5", total="70274-6")  # [V2]; item codes not verified

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a GAD-7: total 0–21 = sum of items 1–7.

    Bands (Spitzer 2006; CamCOPS [V2]): 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
    `details.positive_screen` is ≥10; `details.iapt_caseness` is ≥8 (NHS Talking Therapies).
    No safety item; no prorating (platform default).

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–3.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = sum(values[key] for key in KEYS)
    return InstrumentScore(
        CODE,
        total,
        _BAND_BY_TOTAL[total],
        {},
        (),
        {"positive_screen": total >= POSITIVE_SCREEN, "iapt_caseness": total >= IAPT_CASENESS},
    )


SPEC = Instrument(
    code=CODE,
    name="Generalized Anxiety Disorder-7",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=21,
    bands=BANDS,
    flags=(),
    loinc=LOINC,
    licence=phq9.LICENCE,
    sources=("Spitzer 2006", "CamCOPS gad7.py [V2]"),
)
