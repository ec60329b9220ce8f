"""The instrument registry: every spec by code, name lookup, and one `score` entry point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from ketacare.domain.instruments import (
    audit,
    auditc,
    brs,
    cadss6,
    cssrs,
    dast10,
    ebi,
    edi,
    gad7,
    madrs,
    meq30,
    ocir,
    pcl5,
    phq2,
    phq9,
    qids_sr16,
    who5,
)
from ketacare.domain.instruments.base import Answers, Context, Instrument, InstrumentScore

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        module.SPEC.code: module.SPEC
        for module in (
            phq9, phq2, gad7, pcl5, ocir, audit, auditc, dast10, cssrs, who5, brs, qids_sr16,
            madrs, meq30, edi, ebi, cadss6,
        )
    }
)  # fmt: skip
"""Every instrument spec by its code ("PHQ-9", "C-SSRS", …), in display order."""

_SEPARATORS = re.compile(r"[\s_\-]+")


class UnknownInstrument(ValueError):
    """A name that matches no instrument code; the message lists the valid codes."""


def normalise(name: str) -> str:
    """Fold a name for matching: lower case, no spaces/hyphens/underscores, no "screener".

    >>> normalise("C-SSRS Screener")
    'cssrs'
    """
    return _SEPARATORS.sub("", name.lower()).replace("screener", "")


_BY_KEY: Mapping[str, Instrument] = {normalise(code): spec for code, spec in INSTRUMENTS.items()}


def lookup(name: str) -> Instrument:
    """Return the spec whose code matches `name` ("phq9", "PHQ 9", "c-ssrs screener").

    Raises:
        UnknownInstrument: no instrument matches; the message lists the valid codes.
    """
    if isinstance(name, str):
        # Exact codes skip normalisation on the hot path.
        spec = INSTRUMENTS.get(name) or _BY_KEY.get(normalise(name))
        if spec is not None:
            return spec
    raise UnknownInstrument(f"unknown instrument {name!r}; valid codes: {', '.join(INSTRUMENTS)}")


def score(code: str, answers: Answers, context: Context | None = None) -> InstrumentScore:
    """Score one response to the instrument named `code` (matched as in `lookup`).

    Args:
        code: instrument code or a spelling of it.
        answers: item number strings → values as on the form.
        context: instrument-specific inputs (AUDIT-C `sex`, PCL-5 `cutoff`), or None.

    Raises:
        UnknownInstrument: `code` matches no instrument.
        InvalidAnswers: the answers or context cannot be scored; the message names the item.
    """
    return lookup(code).scorer(answers, context)
