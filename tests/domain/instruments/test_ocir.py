"""OCI-R: interleaved subscales (hoarding is 1, 7, 13 — not washing) and the ≥21 cut-off."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import ocir
from ketacare.domain.instruments.base import InvalidAnswers


def answers(values: dict[int, int] | None = None) -> dict[str, int]:
    chosen = values or {}
    return {str(n): chosen.get(n, 0) for n in range(1, 19)}


def test_ocir_items_1_7_13_are_hoarding_not_washing() -> None:
    result = ocir.score(answers({1: 4, 7: 4, 13: 4}))

    assert result.subscales["hoarding"] == 12
    assert result.subscales["washing"] == 0


def test_ocir_each_subscale_takes_every_sixth_item() -> None:
    values = {n: (n - 1) // 6 + 1 for n in range(1, 19)}  # items 1–6 → 1, 7–12 → 2, 13–18 → 3

    result = ocir.score(answers(values))

    assert result.subscales == {
        "hoarding": 6,
        "checking": 6,
        "ordering": 6,
        "neutralizing": 6,
        "washing": 6,
        "obsessing": 6,
    }
    assert result.total == 36


@pytest.mark.parametrize(("total", "above"), [(20, False), (21, True)])
def test_ocir_cutoff_at_21(total: int, above: bool) -> None:
    values = {n: min(4, max(0, total - 4 * (n - 1))) for n in range(1, 19)}

    result = ocir.score(answers(values))

    assert result.total == total
    assert result.details == {"above_cutoff": above}
    assert result.band is None


def test_ocir_wording_is_not_shipped() -> None:
    assert not ocir.SPEC.licence.ships_wording
    assert ocir.ITEMS[2].label == "Item 3 (see licensed form)"


def test_ocir_rejects_item_19() -> None:
    with pytest.raises(InvalidAnswers, match=r"^OCI-R has no item 19$"):
        ocir.score({**answers(), "19": 0})
