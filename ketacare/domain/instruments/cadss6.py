"""CADSS-6: six-item Clinician-Administered Dissociative States Scale, for ketamine dosing.

Sources: Bremner et al. 1998 (CADSS); Rodrigues et al. 2021 (J Affect Disord), CADSS-6 = items
1, 2, 6, 7, 15, 22 of the 23-item CADSS, r ≈ 0.91–0.95 with the full scale [V1]. Items 0–4
(range recalled, [V1]). © J.D. Bremner: no wording ships. No validated alert thresholds exist;
dissociation is expected during dosing, so it is tracked, never alarmed on.
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
    numbered_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
    require_items,
)

CODE = "CADSS-6"
VERSION = "1.0"

CADSS6_ITEMS = ("1", "2", "6", "7", "15", "22")
"""The six items, numbered as on the 23-item CADSS (Rodrigues 2021) [V1]."""
FULL_ITEMS = tuple(str(n) for n in range(1, 24))
OTHER_ITEMS = tuple(key for key in FULL_ITEMS if key not in CADSS6_ITEMS)

_OPTIONS = numbered_options(0, 4, {0: "Not at all", 4: "Extremely"})
ITEMS: tuple[Item, ...] = tuple(
    Item(key, f"Item {key} (see licensed form)", _OPTIONS, 0, 4,
         required=key in CADSS6_ITEMS, scored=key in CADSS6_ITEMS)
    for key in FULL_ITEMS
)  # fmt: skip

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "J. Douglas Bremner",
    "Obtained from the author; clinician-administered. The practice loads its licensed wording.",
)

_READER = AnswerReader(CODE, ITEMS)


def full_total(values: Mapping[str, int]) -> int | None:
    """Return the 23-item CADSS total (0–92) when all 23 items are given, else None.

    Raises:
        InvalidAnswers: some but not all of the 17 non-CADSS-6 items are given.
    """
    if not any(key in values for key in OTHER_ITEMS):
        return None
    require_items(CODE, values, OTHER_ITEMS)
    return sum(values[key] for key in FULL_ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a CADSS-6: `total` = `details.cadss6_total` = sum of items 1, 2, 6, 7, 15, 22 (0–24).

    Answers use the 23-item numbering. The other 17 items are optional as a block: when all
    are present `details.cadss23_total` (0–92) is also given, otherwise it is None.

    Raises:
        InvalidAnswers: a CADSS-6 item is missing, a partial 23-item set, or a bad value.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = sum(values[key] for key in CADSS6_ITEMS)
    details = {"cadss6_total": total, "cadss23_total": full_total(values)}
    return InstrumentScore(CODE, total, None, {}, (), details)


SPEC = Instrument(
    code=CODE,
    name="Clinician-Administered Dissociative States Scale, 6-item",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.NEUTRAL,
    total_min=0,
    total_max=24,
    bands=(),
    flags=(),
    loinc=Loinc(),  # none found (reference §0)
    licence=LICENCE,
    sources=("Bremner 1998", "Rodrigues 2021 [V1]"),
    clinician_rated=True,
)
