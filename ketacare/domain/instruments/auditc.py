"""AUDIT-C: the three consumption items of the AUDIT, with sex-specific positive screens.

Sources: Bush et al. 1998; Bradley et al. 2003/2007; HL7 US Core AUDIT-C Observation example
[V2]. "Available for use in the public domain" (SAMHSA, quoted in CamCOPS `audit.rst`).
"""

from __future__ import annotations

from ketacare.domain.instruments import audit
from ketacare.domain.instruments.base import (
    Answers,
    Context,
    Direction,
    Instrument,
    InstrumentScore,
    InvalidAnswers,
    Item,
    Licence,
    LicenceStatus,
    Loinc,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "AUDIT-C"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = audit.ITEMS[:3]
KEYS = ("1", "2", "3")

THRESHOLDS = {"male": 4, "female": 3, "unknown": 3}
"""Positive at ≥4 for men, ≥3 for women (Bradley 2003/2007; US Core) [V2]; unknown or any
other sex → the lower threshold 3 (platform choice, reference §4.5)."""

LICENCE = Licence(
    LicenceStatus.FREE,
    "Public domain (SAMHSA; derived from the WHO AUDIT)",
    '"Available for use in the public domain" (SAMHSA tool_auditc).',
)

_READER = AnswerReader(CODE, ITEMS)


def sex_from(context: Context | None) -> str:
    """Return "male", "female" or "unknown" from `context["sex"]` (case-insensitive).

    Any other string, null or an absent key means unknown, which takes the lower threshold.

    Raises:
        InvalidAnswers: unknown context keys, or `sex` is not a string.
    """
    sex = check_context(CODE, context, ("sex",)).get("sex")
    if sex is None:
        return "unknown"
    if not isinstance(sex, str):
        raise InvalidAnswers(f"{CODE} context sex: {sex!r} is not one of male, female")
    normalised = sex.strip().lower()
    return normalised if normalised in THRESHOLDS else "unknown"


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an AUDIT-C: total 0–12 = Q1 + Q2 + Q3 (each 0–4).

    `details.positive` uses ≥4 (male) or ≥3 (female or unknown) [V2]. If Q1 = 0 (never),
    Q2–3 are skipped as on the full AUDIT and score 0. `details.all_points_from_q1` marks a
    positive total made only of Q1 points: drinking is likely within limits, so a clinician
    should review (US Core Observation note) [V2].

    Raises:
        InvalidAnswers: bad item, a skipped item answered non-zero, or a bad `sex`.
    """
    sex = sex_from(context)
    values = _READER.read_int(answers)
    audit.check_skip_logic(CODE, values, ("2", "3"))
    total = values["1"] + values.get("2", 0) + values.get("3", 0)
    threshold = THRESHOLDS[sex]
    return InstrumentScore(
        CODE,
        total,
        None,
        {},
        (),
        {
            "positive": total >= threshold,
            "threshold": threshold,
            "sex": sex,
            "all_points_from_q1": total > 0 and total == values["1"],
        },
    )


SPEC = Instrument(
    code=CODE,
    name="AUDIT-Consumption",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=12,
    bands=(),
    flags=(),
    # Panel and total [V2]; item codes are [V1]/[UNVERIFIED], so none ship.
    loinc=Loinc(panel="72109-2", total="75626-2"),
    licence=LICENCE,
    sources=("Bradley 2003/2007", "HL7 US Core AUDIT-C Observation [V2]"),
    context_keys=("sex",),
)
