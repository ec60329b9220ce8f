"""DAST-10: Drug Abuse Screening Test, 10 yes/no items, past 12 months (excludes alcohol).

Sources: Skinner 1982; Comorbidity Guidelines AU; NIDA CDE 3254089; cliot R docs [V2].
© 1982 H. Skinner / CAMH: non-commercial reproduction with credit to Dr Skinner (CamCOPS
`dast.rst`). Not DAST-20/28, which have other reverse-keyed items and cut-offs.
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
    Option,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "DAST-10"
VERSION = "1.0"

YES_NO = (Option(0, "No"), Option(1, "Yes"))
"""Answers are raw (yes = 1, no = 0); keying happens in the scorer (reference §5)."""

_LABELS = (
    "Have you used drugs other than those required for medical reasons?",
    "Do you abuse more than one drug at a time?",
    "Are you always able to stop using drugs when you want to?",
    'Have you had "blackouts" or "flashbacks" as a result of drug use?',
    "Do you ever feel bad or guilty about your drug use?",
    "Does your spouse (or parents) ever complain about your involvement with drugs?",
    "Have you neglected your family because of your use of drugs?",
    "Have you engaged in illegal activities in order to obtain drugs?",
    "Have you ever experienced withdrawal symptoms (felt sick) when you stopped taking drugs?",
    "Have you had medical problems as a result of your drug use (e.g., memory loss, "
    "hepatitis, convulsions, bleeding)?",
)
REVERSED = "3"
"""Item 3 ("always able to stop?") scores 1 for "no" (Comorbidity Guidelines AU; cliot) [V2]."""

ITEMS: tuple[Item, ...] = tuple(
    Item(str(number), label, YES_NO, 0, 1, reverse=str(number) == REVERSED)
    for number, label in enumerate(_LABELS, start=1)
)
FORWARD = tuple(item.key for item in ITEMS if not item.reverse)

LEVELS = (
    # Comorbidity Guidelines AU; NIDA CDE 3254089 [V2].
    Band("none", 0, 0),
    Band("low", 1, 2),
    Band("moderate", 3, 5),
    Band("substantial", 6, 8),
    Band("severe", 9, 10),
)
_LEVEL_BY_TOTAL = band_table(LEVELS, 10)

LICENCE = Licence(
    LicenceStatus.NON_COMMERCIAL,
    "Harvey A. Skinner / Centre for Addiction and Mental Health",
    "© 1982 H. Skinner: non-commercial reproduction with credit to Dr Skinner.",
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a DAST-10: 1 point per "yes", except item 3 where "no" scores 1; total 0–10.

    Levels (Comorbidity Guidelines AU; NIDA CDE) [V2]: 0 none, 1–2 low, 3–5 moderate,
    6–8 substantial, 9–10 severe. An all-"no" respondent scores 1 (low).

    Raises:
        InvalidAnswers: an item is missing, unknown, or not 0/1.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = sum(values[key] for key in FORWARD) + 1 - values[REVERSED]
    level = _LEVEL_BY_TOTAL[total]
    return InstrumentScore(CODE, total, level, {}, (), {"level": level})


SPEC = Instrument(
    code=CODE,
    name="Drug Abuse Screening Test-10",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=10,
    bands=LEVELS,
    flags=(),
    loinc=Loinc(panel="82666-9", total="82667-7"),  # [V2] Synthea output; Penn Cobalt
    licence=LICENCE,
    sources=("Skinner 1982", "Comorbidity Guidelines AU", "NIDA CDE 3254089 [V2]"),
)
