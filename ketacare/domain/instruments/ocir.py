"""OCI-R: Obsessive-Compulsive Inventory–Revised, past month; six interleaved subscales.

Sources: Foa et al. 2002 (Psychol Assess 14:485); CompPsychQ README [V2]. Wording not shipped:
no open licence found (reference §0); the practice loads its licensed form.
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

CODE = "OCI-R"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = licensed_items(
    18, numbered_options(0, 4, {0: "Not at all", 4: "Extremely"})
)

SUBSCALES: Mapping[str, tuple[str, ...]] = {
    # Interleaved, 3 items each (Foa 2002; CompPsychQ) [V2]. Some public code wrongly uses a
    # contiguous map with washing = 1, 7, 13 (reference §1): hoarding is 1, 7, 13.
    "hoarding": ("1", "7", "13"),
    "checking": ("2", "8", "14"),
    "ordering": ("3", "9", "15"),
    "neutralizing": ("4", "10", "16"),
    "washing": ("5", "11", "17"),
    "obsessing": ("6", "12", "18"),
}
CUTOFF = 21
"""Total ≥21 = likely OCD (Foa 2002) [V2]."""

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "Foa et al. 2002, Psychological Assessment (American Psychological Association)",
    "No open licence found; scoring only, the practice loads its licensed wording.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an OCI-R: total 0–72 = sum of 18 items (0–4); six subscale sums 0–12.

    `details.above_cutoff` is total ≥21 (Foa 2002) [V2]. No severity bands, so `band` is None.

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–4.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    subscales = {name: sum(values[key] for key in keys) for name, keys in SUBSCALES.items()}
    total = sum(subscales.values())
    return InstrumentScore(CODE, total, None, subscales, (), {"above_cutoff": total >= CUTOFF})


SPEC = Instrument(
    code=CODE,
    name="Obsessive-Compulsive Inventory–Revised",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=72,
    bands=(),
    flags=(),
    loinc=Loinc(),  # none found (reference §0)
    licence=LICENCE,
    sources=("Foa 2002", "CompPsychQ README [V2]"),
    subscales=SUBSCALES,
)
