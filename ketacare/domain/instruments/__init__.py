"""Questionnaire instruments: one module per instrument, a registry, and change metrics.

Pure Python, standard library only. Start with `registry.score(code, answers, context)` and
`registry.INSTRUMENTS`; change metrics live in `change`.
"""

from ketacare.domain.instruments.base import (
    Instrument,
    InstrumentScore,
    InvalidAnswers,
)
from ketacare.domain.instruments.registry import (
    INSTRUMENTS,
    UnknownInstrument,
    lookup,
    score,
)

__all__ = [
    "INSTRUMENTS",
    "Instrument",
    "InstrumentScore",
    "InvalidAnswers",
    "UnknownInstrument",
    "lookup",
    "score",
]
