"""PCL-5: cluster sums, the configurable 31–33 cut-off, the DSM-5 rule, no bands."""

from __future__ import annotations

import pytest

from ketacare.domain.instruments import pcl5
from ketacare.domain.instruments.base import InvalidAnswers


def answers(values: dict[int, int] | None = None, default: int = 0) -> dict[str, int]:
    chosen = values or {}
    return {str(n): chosen.get(n, default) for n in range(1, 21)}


def with_total(total: int) -> dict[str, int]:
    return answers({n: min(4, max(0, total - 4 * (n - 1))) for n in range(1, 21)})


def test_pcl5_cluster_sums_follow_dsm5_item_map() -> None:
    result = pcl5.score(answers({1: 1, 5: 2, 6: 3, 7: 1, 8: 4, 14: 1, 15: 2, 20: 3}))

    assert result.subscales == {"cluster_b": 3, "cluster_c": 4, "cluster_d": 5, "cluster_e": 5}
    assert result.total == 17


def test_pcl5_has_no_severity_band() -> None:
    assert pcl5.score(answers(default=4)).band is None
    assert pcl5.SPEC.bands == ()


@pytest.mark.parametrize(
    ("total", "context", "probable"),
    [
        (32, None, False),
        (33, None, True),
        (30, {"cutoff": 31}, False),
        (31, {"cutoff": 31}, True),
        (32, {"cutoff": 33}, False),
    ],
)
def test_pcl5_probable_ptsd_at_the_cutoff(
    total: int, context: dict[str, object] | None, probable: bool
) -> None:
    result = pcl5.score(with_total(total), context)

    assert result.total == total
    assert result.details["probable_ptsd"] is probable


@pytest.mark.parametrize("cutoff", [30, 34, 32.0, True, "33", None])
def test_pcl5_rejects_a_cutoff_outside_31_to_33(cutoff: object) -> None:
    with pytest.raises(InvalidAnswers, match=r"^PCL-5 context cutoff: .* from 31 to 33$"):
        pcl5.score(answers(), {"cutoff": cutoff})


def test_pcl5_reports_the_cutoff_used() -> None:
    assert pcl5.score(answers()).details["cutoff"] == 33
    assert pcl5.score(answers(), {"cutoff": 32}).details["cutoff"] == 32


MINIMAL_DSM5 = {1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2}


def test_pcl5_dsm5_rule_met_with_minimal_endorsement() -> None:
    result = pcl5.score(answers(MINIMAL_DSM5))

    assert result.details["dsm5_provisional"] is True
    assert result.details["probable_ptsd"] is False


@pytest.mark.parametrize("dropped", [1, 6, 9, 16])
def test_pcl5_dsm5_rule_fails_when_a_cluster_is_short(dropped: int) -> None:
    values = {**MINIMAL_DSM5, dropped: 1}

    assert pcl5.score(answers(values)).details["dsm5_provisional"] is False


def test_pcl5_item_value_5_rejected() -> None:
    with pytest.raises(InvalidAnswers, match=r"^PCL-5 item 20: value 5 is out of range 0–4$"):
        pcl5.score(answers({20: 5}))
