"""AUDIT: WHO Alcohol Use Disorders Identification Test, 10 items, past year; risk zones.

Sources: Babor et al. 2001, WHO/MSD/MSB/01.6a (the WHO manual); CamCOPS `audit.py`;
Comorbidity Guidelines AU [V2]. Wording © WHO 2001: reproducible "but not for sale or for use
in conjunction with commercial purposes" — ships under that condition (reference §0).
"""

from __future__ import annotations

from collections.abc import Mapping

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
    labelled_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    band_table,
    check_context,
    require_consistent_skip,
    require_items,
)

CODE = "AUDIT"
VERSION = "1.0"

_OFTEN = labelled_options(
    ("Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily")
)
_YES_LAST_YEAR = (
    # Items 9–10 take only 0, 2 or 4 (WHO manual; CamCOPS omits options 1 and 3) [V2].
    Option(0, "No"),
    Option(2, "Yes, but not in the last year"),
    Option(4, "Yes, during the last year"),
)
_LAST_YEAR = "How often during the last year have you "

ITEMS: tuple[Item, ...] = (
    Item(
        "1",
        "How often do you have a drink containing alcohol?",
        labelled_options(
            (
                "Never",
                "Monthly or less",
                "2 to 4 times a month",
                "2 to 3 times a week",
                "4 or more times a week",
            )
        ),
        0,
        4,
    ),
    Item(
        "2",
        "How many drinks containing alcohol do you have on a typical day when you are drinking?",
        labelled_options(("1 or 2", "3 or 4", "5 or 6", "7, 8 or 9", "10 or more")),
        0,
        4,
        required=False,
    ),
    Item(
        "3",
        "How often do you have six or more drinks on one occasion?",
        _OFTEN,
        0,
        4,
        required=False,
    ),
    *(
        Item(str(number), _LAST_YEAR + text, _OFTEN, 0, 4, required=False)
        for number, text in enumerate(
            (
                "found that you were not able to stop drinking once you had started?",
                "failed to do what was normally expected from you because of drinking?",
                "needed a first drink in the morning to get yourself going after a heavy "
                "drinking session?",
                "had a feeling of guilt or remorse after drinking?",
                "been unable to remember what happened the night before because you had "
                "been drinking?",
            ),
            start=4,
        )
    ),
    Item(
        "9",
        "Have you or someone else been injured as a result of your drinking?",
        _YES_LAST_YEAR,
        0,
        4,
    ),
    Item(
        "10",
        "Has a relative or friend or a doctor or another health worker been concerned about your "
        "drinking or suggested you cut down?",
        _YES_LAST_YEAR,
        0,
        4,
    ),
)
KEYS = tuple(item.key for item in ITEMS)
AFTER_Q1 = ("2", "3", "4", "5", "6", "7", "8")
AFTER_Q3 = ("4", "5", "6", "7", "8")

ZONES = (
    # Babor et al. 2001 (WHO manual); Comorbidity Guidelines AU; CamCOPS cut-off ≥8 [V2].
    Band("I", 0, 7),
    Band("II", 8, 15),
    Band("III", 16, 19),
    Band("IV", 20, 40),
)
_ZONE_BY_TOTAL = band_table(ZONES, 40)

LICENCE = Licence(
    LicenceStatus.NON_COMMERCIAL,
    "World Health Organization",
    "© WHO 2001: freely reproducible and translatable, not for sale or commercial use "
    "(WHO/MSD/MSB/01.6a). HL7 US Core calls it public domain; treated as non-commercial.",
)

_READER = AnswerReader(CODE, ITEMS)


def check_skip_logic(code: str, values: Mapping[str, int], after_q1: tuple[str, ...]) -> None:
    """Apply the WHO form's skip instructions (printed on the form; CamCOPS `is_complete`) [V1].

    Q1 = 0 (never) skips to Q9–10; Q2 + Q3 = 0 skips Q4–8. Skipped items score 0 and may be
    absent; a non-zero answer to a skipped item is rejected (platform choice).

    Raises:
        InvalidAnswers: an asked item is missing or a skipped item is non-zero.
    """
    if values["1"] == 0:
        require_consistent_skip(code, values, after_q1)
        return
    require_items(code, values, after_q1[:2])
    later = after_q1[2:]
    if values["2"] + values["3"] == 0:
        require_consistent_skip(code, values, later)
    else:
        require_items(code, values, later)


def intervention_zone(zone: str, values: Mapping[str, int]) -> str:
    """Step up one zone if Q4–6 ≥2 or Q9/Q10 = 4, capped at IV.

    WHO manual: "Provide the next higher level of intervention to patients who score 2 or more
    on Questions 4, 5 and 6, or 4 on Questions 9 or 10" (via Comorbidity Guidelines AU) [V2].
    """
    dependence = any(values.get(key, 0) >= 2 for key in ("4", "5", "6"))
    harm = values["9"] == 4 or values["10"] == 4
    if not (dependence or harm) or zone == "IV":
        return zone
    labels = [band.label for band in ZONES]
    return labels[labels.index(zone) + 1]


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score an AUDIT: total 0–40; zone I 0–7, II 8–15, III 16–19, IV 20–40 (Babor 2001) [V2].

    `band` and `details.zone` come from the total alone, so bands can be drawn behind a score
    history; `details.intervention_zone` applies the WHO step-up rule. `details.audit_c` is
    the sum of Q1–3. Skipped items score 0 (see `check_skip_logic`).

    Raises:
        InvalidAnswers: an item is missing, unknown, out of range, Q9/Q10 not 0/2/4, or a
            skipped item answered non-zero.
    """
    if context:
        check_context(CODE, context, ())
    values = _READER.read_int(answers)
    check_skip_logic(CODE, values, AFTER_Q1)
    total = sum(values.get(key, 0) for key in KEYS)
    zone = _ZONE_BY_TOTAL[total]
    return InstrumentScore(
        CODE,
        total,
        zone,
        {},
        (),
        {
            "zone": zone,
            "intervention_zone": intervention_zone(zone, values),
            "audit_c": values["1"] + values.get("2", 0) + values.get("3", 0),
        },
    )


SPEC = Instrument(
    code=CODE,
    name="Alcohol Use Disorders Identification Test",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=40,
    bands=ZONES,
    flags=(),
    # [V2]. Several public repositories swap these with AUDIT-C's (reference §4.4).
    loinc=Loinc(panel="72110-0", total="75624-7"),
    licence=LICENCE,
    sources=("Babor 2001, WHO/MSD/MSB/01.6a", "CamCOPS audit.py [V2]", "Comorbidity Guidelines AU"),
)
