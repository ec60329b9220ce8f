"""Registry: lookup ignores case, spaces, hyphens, underscores and "screener"."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import INSTRUMENTS, registry
from ketacare.domain.instruments.base import InvalidAnswers


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("PHQ-9", "PHQ-9"),
        ("phq9", "PHQ-9"),
        ("PHQ 9", "PHQ-9"),
        ("phq_9", "PHQ-9"),
        ("c-ssrs screener", "C-SSRS"),
        ("C-SSRS", "C-SSRS"),
        ("CSSRS Screener", "C-SSRS"),
        ("audit c", "AUDIT-C"),
        ("AUDIT", "AUDIT"),
        ("qids-sr16", "QIDS-SR16"),
        ("Who 5", "WHO-5"),
        ("cadss6", "CADSS-6"),
        ("  gad-7 ", "GAD-7"),
    ],
)
def test_lookup_normalises_names(name: str, code: str) -> None:
    assert registry.lookup(name).code == code


@pytest.mark.parametrize("name", ["PHQ-8", "", "screener", "qids", 9])
def test_lookup_unknown_lists_the_valid_codes(name: object) -> None:
    with pytest.raises(registry.UnknownInstrument) as raised:
        registry.lookup(name)  # type: ignore[arg-type]

    message = str(raised.value)
    assert message.startswith(f"unknown instrument {name!r}; valid codes: PHQ-9, PHQ-2")
    assert "CADSS-6" in message
    assert isinstance(raised.value, ValueError)


def test_normalise_removes_separators_and_screener() -> None:
    assert registry.normalise("C-SSRS  Screener_x") == "cssrsx"


def test_registry_score_passes_context_through() -> None:
    result = registry.score("audit-c", {"1": 2, "2": 1, "3": 0}, {"sex": "male"})

    assert result.details["positive"] is False


def test_registry_score_raises_invalid_answers() -> None:
    with pytest.raises(InvalidAnswers, match=r"^GAD-7 item 1 is missing$"):
        registry.score("GAD-7", {})


def test_instruments_are_keyed_by_code_in_display_order() -> None:
    assert list(INSTRUMENTS) == [
        "PHQ-9", "PHQ-2", "GAD-7", "PCL-5", "OCI-R", "AUDIT", "AUDIT-C", "DAST-10", "C-SSRS",
        "WHO-5", "BRS", "QIDS-SR16", "MADRS", "MEQ-30", "EDI", "EBI", "CADSS-6",
    ]  # fmt: skip
    assert all(code == spec.code for code, spec in INSTRUMENTS.items())
