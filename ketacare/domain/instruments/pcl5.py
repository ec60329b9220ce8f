"""PCL-5: PTSD Checklist for DSM-5, past month; clusters B–E, provisional PTSD.

Sources: Weathers et al. 2013 (National Center for PTSD); CamCOPS `pcl5.py`; Comorbidity
Guidelines AU [V2]. US Government work, not copyrighted (ptsd.va.gov). No empirically derived
severity bands exist, so none are given (reference §4.12). Not comparable with the DSM-IV PCL.
"""

from __future__ import annotations

from collections.abc import Mapping

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
    items_from_labels,
    labelled_options,
)
from ketacare.domain.instruments.validation import (
    AnswerReader,
    check_context,
)

CODE = "PCL-5"
VERSION = "1.0"

ITEMS: tuple[Item, ...] = items_from_labels(
    (
        "Repeated, disturbing, and unwanted memories of the stressful experience",
        "Repeated, disturbing dreams of the stressful experience",
        "Suddenly feeling or acting as if the stressful experience were happening again",
        "Feeling very upset when something reminded you of the stressful experience",
        "Strong physical reactions when something reminded you of the stressful experience",
        "Avoiding memories, thoughts, or feelings related to the stressful experience",
        "Avoiding external reminders of the stressful experience",
        "Trouble remembering important parts of the stressful experience",
        "Strong negative beliefs about yourself, other people, or the world",
        "Blaming yourself or someone else for the stressful experience or what happened after it",
        "Strong negative feelings such as fear, horror, anger, guilt, or shame",
        "Loss of interest in activities that you used to enjoy",
        "Feeling distant or cut off from other people",
        "Trouble experiencing positive feelings",
        "Irritable behavior, angry outbursts, or acting aggressively",
        "Taking too many risks or doing things that could cause you harm",
        'Being "superalert" or watchful or on guard',
        "Feeling jumpy or easily startled",
        "Having difficulty concentrating",
        "Trouble falling or staying asleep",
    ),
    labelled_options(("Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely")),
)

CLUSTERS: Mapping[str, tuple[str, ...]] = {
    # DSM-5 symptom clusters (CamCOPS pcl5.py; Comorbidity Guidelines AU) [V2].
    "cluster_b": tuple(str(n) for n in range(1, 6)),  # intrusion
    "cluster_c": ("6", "7"),  # avoidance
    "cluster_d": tuple(str(n) for n in range(8, 15)),  # negative cognitions and mood
    "cluster_e": tuple(str(n) for n in range(15, 21)),  # arousal and reactivity
}
DSM5_MINIMUM = {"cluster_b": 1, "cluster_c": 1, "cluster_d": 2, "cluster_e": 2}
"""DSM-5 provisional diagnosis: items ≥2 count as endorsed; ≥1 B, ≥1 C, ≥2 D, ≥2 E [V2]."""
ENDORSED = 2

DEFAULT_CUTOFF = 33
"""Provisional PTSD at total ≥31–33; platform default 33, configurable (VA NCPTSD) [V2]."""
ALLOWED_CUTOFFS = range(31, 34)

LICENCE = Licence(
    LicenceStatus.FREE,
    "US Department of Veterans Affairs, National Center for PTSD",
    "US Government work, not copyrighted (ptsd.va.gov).",
)

_READER = AnswerReader(CODE, ITEMS)


def cutoff_from(context: Context | None) -> int:
    """Return the provisional-PTSD cut-off from `context["cutoff"]` (31–33, default 33).

    Raises:
        InvalidAnswers: the context has other keys or the cut-off is not an integer 31–33.
    """
    context = check_context(CODE, context, ("cutoff",))
    cutoff = context.get("cutoff", DEFAULT_CUTOFF)
    if type(cutoff) is not int or cutoff not in ALLOWED_CUTOFFS:
        raise InvalidAnswers(f"{CODE} context cutoff: {cutoff!r} is not an integer from 31 to 33")
    return cutoff


def score(answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score a PCL-5: total 0–80 = sum of 20 items (0–4); cluster sums B–E.

    `details.probable_ptsd` is total ≥ cut-off (default 33); `details.dsm5_provisional` applies
    the DSM-5 rule (items ≥2 endorsed: ≥1 B, ≥1 C, ≥2 D, ≥2 E) [V2]. `band` is None: there are
    no empirically derived severity bands (Comorbidity Guidelines AU).

    Raises:
        InvalidAnswers: bad item, or a cut-off outside 31–33.
    """
    cutoff = cutoff_from(context)
    values = _READER.read_int(answers)
    clusters = {name: sum(values[key] for key in keys) for name, keys in CLUSTERS.items()}
    dsm5 = all(
        sum(1 for key in CLUSTERS[name] if values[key] >= ENDORSED) >= minimum
        for name, minimum in DSM5_MINIMUM.items()
    )
    total = sum(clusters.values())
    return InstrumentScore(
        CODE,
        total,
        None,
        clusters,
        (),
        {"probable_ptsd": total >= cutoff, "dsm5_provisional": dsm5, "cutoff": cutoff},
    )


SPEC = Instrument(
    code=CODE,
    name="PTSD Checklist for DSM-5",
    version=VERSION,
    items=ITEMS,
    scorer=score,
    direction=Direction.HIGHER_IS_WORSE,
    total_min=0,
    total_max=80,
    bands=(),
    flags=(),
    # Public repositories disagree (91006-2, 96762-0): look up at loinc.org before use.
    loinc=Loinc(),
    licence=LICENCE,
    sources=("Weathers 2013", "CamCOPS pcl5.py [V2]", "Comorbidity Guidelines AU", "VA NCPTSD"),
    subscales=CLUSTERS,
    context_keys=("cutoff",),
)
