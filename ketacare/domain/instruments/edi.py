"""EDI: Ego-Dissolution Inventory, eight 0–100 visual analogue items, rated after a session.

Sources: Nour et al. 2016 (Front Hum Neurosci 10:269) [V1]; single factor, α 0.93. Open access
(CC-BY): wording ships with attribution to Nour et al. The German translation did not reproduce
the single factor (Dworatzyk 2022).
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

CODE = "EDI"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = vas_items(
    (
        'I experienced a dissolution of my "self" or ego',
        "I felt at one with the universe",
        "I felt a sense of union with others",
        "I experienced a decrease in my sense of self-importance",
        'I experienced a disintegration of my "self" or ego',
        "I felt far less absorbed by my own issues and concerns",
        "I lost all sense of ego",
        "All notion of self and identity dissolved away",
    ),
    "No, not more than usually",
    "Yes, entirely or completely",
)
KEYS = tuple(item.key for item in ITEMS)

LICENCE = Licence(
    LicenceStatus.FREE,
    "Nour et al. 2016 (Frontiers in Human Neuroscience, CC-BY)",
    "Open access under CC-BY: ship with attribution to Nour et al. 2016.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an EDI: `total` and `details.score` = mean of the eight items, 0–100 (Nour 2016).

    Items accept any finite number 0–100 (VAS); there are no bands or alert thresholds.

    Raises:
        InvalidAnswers: an item is missing, unknown, not a number or outside 0–100.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read(answers)
    mean = sum(values[key] for key in KEYS) / len(KEYS)
    return InstrumentScore(CODE, mean, None, {}, (), {"score": mean})


SPEC = Instrument(
    code=CODE,
    name="Ego-Dissolution Inventory",
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
    sources=("Nour 2016 [V1]",),
    integer_total=False,
)
