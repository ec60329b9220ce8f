"""EBI: Emotional Breakthrough Inventory, six 0–100 visual analogue items, rated after a session.

Sources: Roseman et al. 2019 (J Psychopharmacol, doi 10.1177/0269881119855974); α 0.932.
Trials report the mean (0–100); some summaries report the sum (0–600) [UNVERIFIED which is
canonical], so both are output. Imperial group: the article's licence is not confirmed, so no
wording ships. 1–7 Likert variants in public code are not the validated format.
"""

from __future__ import annotations

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
    vas_items,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "EBI"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = vas_items(
    tuple(f"Item {n} (see licensed form)" for n in range(1, 7)),
    "No, not more than usually",
    "Yes, much more than usually",
)
KEYS = tuple(item.key for item in ITEMS)

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "Roseman et al. 2019 (Imperial College London)",
    "Confirm the article's CC licence before shipping wording; the practice loads it meanwhile.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an EBI: `total` and `details.score` = mean 0–100; `details.sum` = sum 0–600.

    Raises:
        InvalidAnswers: an item is missing, unknown, not a number or outside 0–100.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read(answers)
    total = sum(values[key] for key in KEYS)
    mean = total / len(KEYS)
    return InstrumentScore(CODE, mean, None, {}, (), {"score": mean, "sum": total})


SPEC = Instrument(
    code=CODE,
    name="Emotional Breakthrough Inventory",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.NEUTRAL,
    total_min=0.0,
    total_max=100.0,
    bands=(),
    flags=(),
    loinc=Loinc(),  # none found (reference §0)
    licence=LICENCE,
    sources=("Roseman 2019",),
    integer_total=False,
)
