"""Answers that raise each safety flag of each instrument (for service, view and API tests)."""

from __future__ import annotations

from collections.abc import Iterator

from ketacare.domain.instruments import INSTRUMENTS, Instrument

# The fewest changes from "every required item at its lowest value" that raise each safety flag.
# A new safety flag without an entry here fails test_every_safety_flag_has_a_trigger.
TRIGGERS: dict[tuple[str, str], dict[str, object]] = {
    ("PHQ-9", "phq9_item9_positive"): {"9": 1},
    ("C-SSRS", "cssrs_high_risk"): {"1": 1, "2": 1, "3": 0, "4": 1, "5": 0},
    ("C-SSRS", "cssrs_moderate_risk"): {"1": 1, "2": 1, "3": 1, "4": 0, "5": 0},
    ("C-SSRS", "cssrs_low_risk"): {"1": 1},
    ("QIDS-SR16", "qids_item12_positive"): {"6": 0, "8": 0, "12": 1},
    ("QIDS-SR16", "qids_item12_ge2"): {"6": 0, "8": 0, "12": 2},
    ("MADRS", "madrs_item10_ge4"): {"10": 4},
}


def lowest_answers(spec: Instrument) -> dict[str, object]:
    """Every required item at its lowest value."""
    return {
        item.key: (item.minimum if item.continuous else min(item.allowed))
        for item in spec.items
        if item.required
    }


def safety_flags() -> Iterator[tuple[str, str]]:
    """(instrument code, flag name) for every safety flag of every instrument."""
    for code, spec in INSTRUMENTS.items():
        for flag in spec.flags:
            if flag.is_safety:
                yield code, flag.name


def triggering_answers(code: str, flag: str) -> dict[str, object]:
    """Answers to ``code`` that raise ``flag``."""
    return {**lowest_answers(INSTRUMENTS[code]), **TRIGGERS[(code, flag)]}


SAFETY_CASES = list(safety_flags())
