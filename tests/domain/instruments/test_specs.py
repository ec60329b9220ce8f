"""Spec data for every instrument: LOINC [V2] only, licences, bands, flags, directions."""

from __future__ import annotations

import importlib

import pytest

from ketacare.domain.instruments import INSTRUMENTS
from ketacare.domain.instruments.base import (
    Direction,
    Instrument,
    InvalidAnswers,
    LicenceStatus,
    Severity,
)

SPECS = list(INSTRUMENTS.values())
MODULES = {
    "PHQ-9": "phq9", "PHQ-2": "phq2", "GAD-7": "gad7", "PCL-5": "pcl5", "OCI-R": "ocir",
    "AUDIT": "audit", "AUDIT-C": "auditc", "DAST-10": "dast10", "C-SSRS": "cssrs",
    "WHO-5": "who5", "BRS": "brs", "QIDS-SR16": "qids_sr16", "MADRS": "madrs",
    "MEQ-30": "meq30", "EDI": "edi", "EBI": "ebi", "CADSS-6": "cadss6",
}  # fmt: skip

# Reference §1: only codes marked [V2] ship.
VERIFIED_LOINC = {
    "PHQ-9": ("44249-1", "44261-6"),
    "PHQ-2": ("55757-9", "55758-7"),
    "GAD-7": ("69737-5", "70274-6"),
    "AUDIT": ("72110-0", "75624-7"),
    "AUDIT-C": ("72109-2", "75626-2"),
    "DAST-10": ("82666-9", "82667-7"),
    "C-SSRS": ("93373-9", None),
}
VERIFIED_ITEM_LOINC = {
    "PHQ-9": {
        "1": "44250-9", "2": "44255-8", "3": "44259-0", "4": "44254-1", "5": "44251-7",
        "6": "44258-2", "7": "44252-5", "8": "44253-3", "9": "44260-8",
    },
    "C-SSRS": {
        "1": "93246-7", "2": "93247-5", "3": "93248-3", "4": "93249-1", "5": "93250-9",
        "6": "93267-3", "6_recent": "93269-9",
    },
}  # fmt: skip

SHIPS_FREE = {"PHQ-9", "PHQ-2", "GAD-7", "PCL-5", "AUDIT-C", "WHO-5", "EDI"}
SHIPS_NON_COMMERCIAL = {"AUDIT", "DAST-10"}

SAFETY_FLAGS = {
    "phq9_item9_positive": Severity.REVIEW,
    "qids_item12_positive": Severity.REVIEW,
    "qids_item12_ge2": Severity.URGENT,
    "madrs_item10_ge4": Severity.URGENT,
    "cssrs_high_risk": Severity.URGENT,
    "cssrs_moderate_risk": Severity.REVIEW,
    "cssrs_low_risk": Severity.REVIEW,
}


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_loinc_codes_are_only_the_verified_ones(spec: Instrument) -> None:
    assert (spec.loinc.panel, spec.loinc.total) == VERIFIED_LOINC.get(spec.code, (None, None))
    assert dict(spec.loinc.items) == VERIFIED_ITEM_LOINC.get(spec.code, {})


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_licence_decides_whether_wording_ships(spec: Instrument) -> None:
    expected = (
        LicenceStatus.FREE
        if spec.code in SHIPS_FREE
        else LicenceStatus.NON_COMMERCIAL
        if spec.code in SHIPS_NON_COMMERCIAL
        else LicenceStatus.LICENSED_CONTENT
    )

    assert spec.licence.status is expected
    labels = [item.label for item in spec.items]
    if spec.licence.ships_wording:
        assert not any("see licensed form" in label for label in labels)
    else:
        assert all(label.endswith("(see licensed form)") for label in labels)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_bands_are_ordered_contiguous_and_span_the_total_range(spec: Instrument) -> None:
    if not spec.bands:
        return
    assert spec.bands[0].low == spec.total_min
    assert spec.bands[-1].high == spec.total_max
    for lower, upper in zip(spec.bands, spec.bands[1:], strict=False):
        assert lower.low <= lower.high < upper.low
        gap = upper.low - lower.high
        assert gap == (1 if spec.integer_total else pytest.approx(0.01))


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_flags_are_safety_flags_with_the_platform_severity(spec: Instrument) -> None:
    for flag in spec.flags:
        assert flag.is_safety
        assert flag.severity is SAFETY_FLAGS[flag.name]
        assert flag.source
    assert bool(spec.flags) == bool(spec.safety_items)


def test_every_safety_flag_of_the_vocabulary_is_declared() -> None:
    declared = {flag.name for spec in SPECS for flag in spec.flags}

    assert declared == set(SAFETY_FLAGS)


def test_safety_items_point_at_real_items() -> None:
    for spec in SPECS:
        keys = {item.key for item in spec.items}
        assert set(spec.safety_items) <= keys


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("WHO-5", Direction.HIGHER_IS_BETTER),
        ("BRS", Direction.HIGHER_IS_BETTER),
        ("PHQ-9", Direction.HIGHER_IS_WORSE),
        ("C-SSRS", Direction.HIGHER_IS_WORSE),
        ("MEQ-30", Direction.NEUTRAL),
        ("EDI", Direction.NEUTRAL),
        ("EBI", Direction.NEUTRAL),
        ("CADSS-6", Direction.NEUTRAL),
    ],
)
def test_directions(code: str, direction: Direction) -> None:
    assert INSTRUMENTS[code].direction is direction


@pytest.mark.parametrize("code", list(MODULES))
def test_each_module_declares_code_version_items_and_spec(code: str) -> None:
    module = importlib.import_module(f"ketacare.domain.instruments.{MODULES[code]}")

    assert code == module.CODE
    assert module.VERSION
    assert module.SPEC.items == module.ITEMS
    assert module.SPEC is INSTRUMENTS[code]
    assert module.SPEC.sources
    assert module.__doc__


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_items_are_numbered_uniquely_with_consistent_options(spec: Instrument) -> None:
    keys = [item.key for item in spec.items]

    assert len(keys) == len(set(keys))
    for item in spec.items:
        values = [option.value for option in item.options]
        assert values == sorted(values)
        assert (values[0], values[-1]) == (item.minimum, item.maximum)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.code)
def test_unknown_context_is_rejected_before_scoring(spec: Instrument) -> None:
    with pytest.raises(InvalidAnswers, match=f"^{spec.code} takes no context 'nope'"):
        spec.score({}, {"nope": 1})
