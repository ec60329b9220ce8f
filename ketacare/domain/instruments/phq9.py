"""PHQ-9: Patient Health Questionnaire-9, depression severity over the last 2 weeks.

Sources: Kroenke, Spitzer & Williams 2001 (J Gen Intern Med 16:606); CamCOPS `phq9.py` [V2];
qscorer; MII PRO FHIR IG. Wording: Pfizer, "no permission required to reproduce, translate,
display or distribute" (phqscreeners.com, quoted in CamCOPS `phq9.rst`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ketacare.domain.instruments.base import (
    Answers,
    Band,
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
    items_from_labels,
    labelled_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
)

CODE = "PHQ-9"
VERSION = "1.0"

FREQUENCY = labelled_options(
    ("Not at all", "Several days", "More than half the days", "Nearly every day")
)
"""0–3 anchors shared by PHQ-9, PHQ-2 and GAD-7 (Kroenke 2001; Spitzer 2006)."""

LABELS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed, or the opposite, "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
)

ITEMS: tuple[Item, ...] = (
    *items_from_labels(LABELS, FREQUENCY),
    # Item 10 (functional difficulty) is asked but never part of the total (reference §4.1).
    Item(
        "10",
        "How difficult have these problems made it to do your work, take care of things at "
        "home, or get along with other people?",
        labelled_options(
            ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
        ),
        0,
        3,
        required=False,
        scored=False,
    ),
)
SCORED = tuple(str(number) for number in range(1, 10))
SAFETY_ITEM = "9"

BANDS = (
    # Kroenke 2001/2002; CamCOPS thresholds ≥20/≥15/≥10/≥5 [V2]. Lower bounds inclusive.
    Band("none-minimal", 0, 4),
    Band("mild", 5, 9),
    Band("moderate", 10, 14),
    Band("moderately severe", 15, 19),
    Band("severe", 20, 27),
)
_BAND_BY_TOTAL = band_table(BANDS, 27)

POSITIVE_SCREEN = 10
"""≥10 = positive screen for major depression (Kroenke 2001; Kroenke 2010) [V2]."""
IAPT_CASENESS = 10
"""NHS Talking Therapies caseness PHQ-9 ≥10 (IAPT manual; Gyani 2013) [V2]."""

FLAG_ITEM9 = "phq9_item9_positive"
FLAGS = (
    FlagSpec(
        FLAG_ITEM9,
        Severity.REVIEW,
        "Item 9 ≥1 (thoughts of being better off dead or of self-harm): same-day clinician "
        "review regardless of the total.",
        "MII PRO IG: any positive response requires immediate clinical evaluation [V2]",
    ),
)

LOINC = Loinc(
    panel="44249-1",
    total="44261-6",
    # Items 1–9 [V2] (LHC-Forms Questionnaire; HL7 PHR IG). Item 10 (69722-7) is only [V1].
    items=dict(
        zip(
            SCORED,
            (
                "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
                "44258-2", "44252-5", "44253-3", "44260-8",
            ),
            strict=True,
        )
    ),
)  # fmt: skip

LICENCE = Licence(
    LicenceStatus.FREE,
    "Pfizer Inc.",
    "No permission required to reproduce, translate, display or distribute (phqscreeners.com).",
)

_READER = AnswerReader(CODE, ITEMS)


def major_depressive_syndrome(values: Mapping[str, int]) -> tuple[bool, bool]:
    """Apply the PHQ-9 diagnostic algorithm (CamCOPS `phq9.py`, DSM-IV-TR) [V1].

    A symptom counts if its item is ≥2, except item 9, which counts if ≥1. Major depressive
    syndrome: item 1 or 2 counted and ≥5 counted; other depressive syndrome: item 1 or 2
    counted and 2–4 counted. A total of 9 can meet the major syndrome (reference §4.2).

    Returns:
        (major depressive syndrome, other depressive syndrome).
    """
    if values["1"] < 2 and values["2"] < 2:
        return False, False  # no core symptom: neither syndrome
    # Spelled out rather than a generator: this runs on every score (see bench/).
    count = (
        (values["1"] >= 2) + (values["2"] >= 2) + (values["3"] >= 2) + (values["4"] >= 2)
        + (values["5"] >= 2) + (values["6"] >= 2) + (values["7"] >= 2) + (values["8"] >= 2)
        + (values["9"] >= 1)
    )  # fmt: skip
    return count >= 5, 2 <= count <= 4


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a PHQ-9: total 0–27 = sum of items 1–9; item 10 recorded, never summed.

    Bands (Kroenke 2001; CamCOPS [V2]): 0–4 none-minimal, 5–9 mild, 10–14 moderate,
    15–19 moderately severe, 20–27 severe. No prorating: every item 1–9 is required
    (platform default, reference §1). Item 9 ≥1 raises `phq9_item9_positive` whatever the
    total (MII PRO IG [V2]).

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 0–3.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    total = (
        values["1"] + values["2"] + values["3"] + values["4"] + values["5"]
        + values["6"] + values["7"] + values["8"] + values["9"]
    )  # fmt: skip
    major, other = major_depressive_syndrome(values)
    return InstrumentScore(
        CODE,
        total,
        _BAND_BY_TOTAL[total],
        {},
        (FLAG_ITEM9,) if values[SAFETY_ITEM] >= 1 else (),
        {
            "major_depressive_syndrome": major,
            "other_depressive_syndrome": other,
            "positive_screen": total >= POSITIVE_SCREEN,
            "iapt_caseness": total >= IAPT_CASENESS,
            "functional_difficulty": values.get("10"),
        },
    )


SPEC = Instrument(
    code=CODE,
    name="Patient Health Questionnaire-9",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=27,
    bands=BANDS,
    flags=FLAGS,
    loinc=LOINC,
    licence=LICENCE,
    sources=("Kroenke 2001", "CamCOPS phq9.py [V2]", "MII PRO FHIR IG"),
    safety_items=(SAFETY_ITEM,),
)
