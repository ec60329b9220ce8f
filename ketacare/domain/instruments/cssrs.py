"""C-SSRS screener (Screen Version – Recent): six yes/no questions → categorical suicide risk.

Sources: Posner et al. 2011 (Am J Psychiatry 168:1266); Columbia triage guidelines; Blueprint
and Rula help pages; NINDS CDE [V2]. Risk is the highest level reached, never a sum (one vendor
sums 0–6: do not). © Research Foundation for Mental Hygiene; electronic implementations are
licensed exclusively to Clario, so no wording ships (reference §0).
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacare.domain.instruments.base import (
    Answers,
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
)
from ketacare.domain.instruments.dast10 import YES_NO
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
    require_consistent_skip,
    require_items,
)

CODE = "C-SSRS"
VERSION = "1.0"

RECENT = "6_recent"
"""Q6 follow-up: 1 = the suicidal behaviour was within the past 3 months (reference §5)."""
GATED = ("3", "4", "5")
"""Q2 = no → Q3–5 are not asked (the form's skip instruction) [V2]."""

ITEMS: tuple[Item, ...] = (
    Item("1", "Item 1 (see licensed form)", YES_NO, 0, 1),
    Item("2", "Item 2 (see licensed form)", YES_NO, 0, 1),
    *(Item(key, f"Item {key} (see licensed form)", YES_NO, 0, 1, required=False) for key in GATED),
    Item("6", "Item 6 (see licensed form)", YES_NO, 0, 1),
    Item(RECENT, "Item 6 follow-up, within the past 3 months (see licensed form)", YES_NO, 0, 1,
         required=False),
)  # fmt: skip

LEVELS = ("none", "low", "moderate", "high")
FLAG_BY_LEVEL = {
    "low": "cssrs_low_risk",
    "moderate": "cssrs_moderate_risk",
    "high": "cssrs_high_risk",
}
_TRIAGE = "Columbia triage guidelines; Blueprint; Rula; NINDS CDE [V2]"
FLAGS = (
    FlagSpec(
        "cssrs_high_risk",
        Severity.URGENT,
        "Q4 or Q5 yes, or suicidal behaviour within 3 months: immediate safety precautions and "
        "same-day evaluation.",
        _TRIAGE,
    ),
    FlagSpec(
        "cssrs_moderate_risk",
        Severity.REVIEW,
        "Q3 yes, or suicidal behaviour more than 3 months ago: behavioural-health consult.",
        _TRIAGE,
    ),
    FlagSpec(
        "cssrs_low_risk",
        Severity.REVIEW,
        "Q1 and/or Q2 yes only: referral and monitoring.",
        _TRIAGE,
    ),
)

LOINC = Loinc(
    panel="93373-9",
    # [V2] LHC-Forms-derived Questionnaire; Penn Cobalt.
    items={
        "1": "93246-7", "2": "93247-5", "3": "93248-3", "4": "93249-1", "5": "93250-9",
        "6": "93267-3", RECENT: "93269-9",
    },
)  # fmt: skip

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "The Research Foundation for Mental Hygiene, Inc.",
    "Electronic implementations exclusively licensed to Clario (eRT), with per-administration "
    "fees and certification of each e-version; the practice loads its licensed content pack.",
)

_READER = AnswerReader(CODE, ITEMS)


def check_skip_logic(values: Mapping[str, int]) -> None:
    """Enforce the screener's skip logic.

    Q2 = yes → Q3–5 must be answered. Q2 = no → Q3–5 may be absent; if present they must be
    "no", because a "yes" to intent or plan after denying thoughts contradicts the form and
    must be clarified by a clinician rather than scored or dropped (platform choice). Q6 = yes
    needs its 3-month follow-up; Q6 = no → the follow-up may be absent, else must be "no".

    Raises:
        InvalidAnswers: a required answer is missing or a skipped one is "yes".
    """
    if values["2"]:
        require_items(CODE, values, GATED)
    else:
        require_consistent_skip(CODE, values, GATED)
    if values["6"]:
        require_items(CODE, values, (RECENT,))
    else:
        require_consistent_skip(CODE, values, (RECENT,))


def risk_level(values: Mapping[str, int]) -> str:
    """Return the highest risk level reached (Columbia triage guidelines) [V2].

    high: Q4 or Q5 yes, or Q6 yes within 3 months; moderate: Q3 yes, or Q6 yes more than
    3 months ago; low: Q1 and/or Q2 yes only; otherwise none.
    """
    behaviour = values["6"] == 1
    recent = values.get(RECENT, 0) == 1
    if values.get("4", 0) or values.get("5", 0) or (behaviour and recent):
        return "high"
    if values.get("3", 0) or behaviour:
        return "moderate"
    if values["1"] or values["2"]:
        return "low"
    return "none"


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a C-SSRS screener: categorical risk, `total` None, `band` = risk level.

    Raises exactly one flag for the level reached (`cssrs_low_risk`, `cssrs_moderate_risk`,
    `cssrs_high_risk`); high is urgent, moderate and low are for review.

    Raises:
        InvalidAnswers: bad item, or answers that break the skip logic.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    check_skip_logic(values)
    level = risk_level(values)
    flag = FLAG_BY_LEVEL.get(level)
    return InstrumentScore(CODE, None, level, {}, (flag,) if flag else (), {"risk_level": level})


SPEC = Instrument(
    code=CODE,
    name="Columbia Suicide Severity Rating Scale, Screener (Recent)",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=None,
    total_max=None,
    bands=(),
    flags=FLAGS,
    loinc=LOINC,
    licence=LICENCE,
    sources=("Posner 2011", _TRIAGE),
    safety_items=tuple(item.key for item in ITEMS),
)
