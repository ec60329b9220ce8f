"""PHQ-2: the first two PHQ-9 items as a depression screen.

Sources: Kroenke, Spitzer & Williams 2003 (Med Care 41:1284); Arroll et al. 2010 (Ann Fam Med,
PMC2906530) [V2]. PHQ-2 has no suicide item: never the only depression check before dosing.
"""

from __future__ import annotations

from ketacare.domain.instruments import phq9
from ketacare.domain.instruments.base import (
    Answers,
    Context,
    Direction,
    Instrument,
    InstrumentScore,
    Item,
    Loinc,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "PHQ-2"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = phq9.ITEMS[:2]

POSITIVE_SCREEN = 3
"""≥3 = positive screen → administer the full PHQ-9 (Kroenke 2003; Arroll 2010) [V2]."""

# Panel and total [V2]. Item codes are not listed for PHQ-2 in the reference, so none ship.
LOINC = Loinc(panel="55757-9", total="55758-7")

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a PHQ-2: total 0–6 = items 1 + 2; positive screen at ≥3 (Arroll 2010) [V2].

    No severity bands are published, so `band` is None; `details.positive_screen` says
    whether to give the full PHQ-9.

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–3.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = values["1"] + values["2"]
    return InstrumentScore(CODE, total, None, {}, (), {"positive_screen": total >= POSITIVE_SCREEN})


SPEC = Instrument(
    code=CODE,
    name="Patient Health Questionnaire-2",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=6,
    bands=(),
    flags=(),
    loinc=LOINC,
    licence=phq9.LICENCE,
    sources=("Kroenke 2003", "Arroll 2010, PMC2906530 [V2]"),
)
