"""BRS: Brief Resilience Scale, six items, mean score 1.00–5.00; higher is better.

Sources: Smith et al. 2008 (Int J Behav Med 15:194); Smith et al. 2013 (bands); RCP journal
box citing Smith 2008; DigiCalcs [V2]. Wording not shipped: reproductions are "reprinted with
permission" (Springer), so the practice loads its licensed form.
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
    band_label,
    labelled_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "BRS"
VERSION = "1.0"

_AGREEMENT = labelled_options(
    ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"), start=1
)
REVERSED = ("2", "4", "6")
"""Items 2, 4, 6 are reverse-keyed: recoded 6 − x (Smith 2008) [V2]."""
FORWARD = ("1", "3", "5")

ITEMS: tuple[Item, ...] = tuple(
    Item(str(n), f"Item {n} (see licensed form)", _AGREEMENT, 1, 5, reverse=str(n) in REVERSED)
    for n in range(1, 7)
)

BANDS = (
    # Smith et al. 2013 [V2]: low 1.00–2.99, normal 3.00–4.30, high 4.31–5.00. Means of six
    # integers are multiples of 1/6, so no mean falls between 2.99 and 3.00 or 4.30 and 4.31.
    Band("low", 1.0, 2.99),
    Band("normal", 3.0, 4.30),
    Band("high", 4.31, 5.0),
)

LICENCE = Licence(
    LicenceStatus.LICENSED_CONTENT,
    "Smith et al. 2008, International Journal of Behavioral Medicine (Springer)",
    'Reproductions state "reprinted with permission"; the practice loads its licensed wording.',
)

_READER = AnswerReader(CODE, ITEMS)


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a BRS: mean of the six recoded items (2, 4, 6 reversed), 1.00–5.00 [V2].

    `total` and `details.score` are the unrounded mean; the band uses the Smith 2013 cut-offs.
    Unreversed scoring would move all-5 answers from normal (3.00) to high (reference §4.9).

    Raises:
        InvalidAnswers: an item is missing, unknown, not an integer or outside 1–5.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    recoded = sum(values[key] for key in FORWARD) + sum(6 - values[key] for key in REVERSED)
    mean = recoded / 6
    return InstrumentScore(CODE, mean, band_label(BANDS, mean), {}, (), {"score": mean})


SPEC = Instrument(
    code=CODE,
    name="Brief Resilience Scale",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_BETTER,
    total_min=1.0,
    total_max=5.0,
    bands=BANDS,
    flags=(),
    loinc=Loinc(),  # none found (reference §0)
    licence=LICENCE,
    sources=("Smith 2008", "Smith 2013", "RCP journal box; DigiCalcs [V2]"),
    integer_total=False,
)
