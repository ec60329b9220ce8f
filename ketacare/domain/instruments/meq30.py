"""MEQ-30: Revised Mystical Experience Questionnaire, rated once after a dosing session.

Sources: MacLean et al. 2012 (J Sci Study Relig 51:721); Barrett, Johnson & Griffiths 2015
(J Psychopharmacol 29:1182); subscale keys agree across three public code bases [V2]. Johns
Hopkins group: no open licence found, so no wording ships. Not the older MEQ43.
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacare.domain.instruments.base import (
    Answers,
    Context,
    Direction,
    Instrument,
    InstrumentScore,
    Item,
    Licence,
    LicenceStatus,
    Loinc,
    licensed_items,
    numbered_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "MEQ-30"
VERSION = "1.0"

# Anchors 0 none … 5 extreme are recalled, not checked against the form [UNVERIFIED wording].
ITEMS: tuple[Item, ...] = licensed_items(30, numbered_options(0, 5))
MAXIMUM = 5

SUBSCALES: Mapping[str, tuple[str, ...]] = {
    # Interleaved numbering of the published form [V2]; ineffability is 3, 10, 29 (not 30).
    "mystical": tuple(str(n) for n in (4, 5, 6, 9, 14, 15, 16, 18, 20, 21, 23, 24, 25, 26, 28)),
    "positive_mood": ("2", "8", "12", "17", "27", "30"),
    "transcendence": ("1", "7", "11", "13", "19", "22"),
    "ineffability": ("3", "10", "29"),
}
COMPLETE_MEAN = 3
"""Complete mystical experience: mean ≥3.0 (≥60 % of maximum) on all four subscales
(Barrett 2015) [V2]."""

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "Johns Hopkins psilocybin research group (MacLean 2012; Barrett 2015)",
    "Research use customary; no open licence found. The practice loads its licensed wording.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an MEQ-30: subscale means 0–5, `total` = mean of all 30 items.

    `details.<subscale>_pct` = mean / 5 × 100; `details.complete_mystical` is every subscale
    at ≥60 % of maximum, compared on integer sums so 3.0 exactly counts (Barrett 2015) [V2].

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–5.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    sums = {name: sum(values[key] for key in keys) for name, keys in SUBSCALES.items()}
    means = {name: sums[name] / len(SUBSCALES[name]) for name in SUBSCALES}
    details: dict[str, object] = {
        f"{name}_pct": mean / MAXIMUM * 100 for name, mean in means.items()
    }
    details["complete_mystical"] = all(
        sums[name] >= COMPLETE_MEAN * len(keys) for name, keys in SUBSCALES.items()
    )
    return InstrumentScore(CODE, sum(sums.values()) / len(ITEMS), None, means, (), details)


SPEC = Instrument(
    code=CODE,
    name="Revised Mystical Experience Questionnaire",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.NEUTRAL,
    total_min=0.0,
    total_max=5.0,
    bands=(),
    flags=(),
    loinc=Loinc(),  # none found (reference §0)
    licence=LICENCE,
    sources=("MacLean 2012", "Barrett 2015 [V2]"),
    subscales=SUBSCALES,
    integer_total=False,
)
