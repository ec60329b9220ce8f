"""The pure session-safety rules at and around every boundary (pharmacology reference §3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ketacare.domain.session_safety import (
    BpGate,
    Reading,
    Thresholds,
    discharge_blockers,
    esketamine_device_times,
    evaluate_readings,
    evaluate_symptoms,
    mg_per_kg,
    next_vitals_due_min,
    predose_bp_gate,
)

T0 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)


def _at(minute: float, **values: int) -> Reading:
    return Reading(T0 + dt.timedelta(minutes=minute), **values)


def _codes(*readings: Reading) -> set[str]:
    return {finding.code for finding in evaluate_readings(readings).findings}


@pytest.mark.parametrize(
    ("systolic", "diastolic", "gate"),
    [
        (179, 109, BpGate.REVIEW),
        (180, 109, BpGate.DEFER),
        (179, 110, BpGate.DEFER),
        (140, 90, BpGate.PROCEED),
        (141, 90, BpGate.REVIEW),
        (140, 91, BpGate.REVIEW),
        (120, 80, BpGate.PROCEED),
    ],
)
def test_predose_bp_gate_boundaries(systolic: int, diastolic: int, gate: BpGate) -> None:
    assert predose_bp_gate(systolic, diastolic) == gate


def test_predose_gate_follows_practice_thresholds() -> None:
    limits = Thresholds(predose_defer_systolic=170)

    assert predose_bp_gate(170, 80, limits) == BpGate.DEFER


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((179, 100), (179, 100), set()),
        ((180, 100), (180, 100), {"bp_pause"}),
        ((150, 109), (150, 109), set()),
        ((150, 110), (150, 110), {"bp_pause"}),
    ],
)
def test_confirmed_pause_boundaries(
    first: tuple[int, int], second: tuple[int, int], expected: set[str]
) -> None:
    readings = (
        _at(0, systolic=first[0], diastolic=first[1]),
        _at(5, systolic=second[0], diastolic=second[1]),
    )

    assert _codes(*readings) == expected


def test_one_high_reading_prompts_a_recheck_not_an_alert() -> None:
    review = evaluate_readings([_at(10, systolic=185, diastolic=100)])

    assert review.findings == ()
    assert [p.code for p in review.prompts] == ["bp_recheck"]
    assert review.prompts[0].due_at == T0 + dt.timedelta(minutes=15)


def test_second_high_reading_after_four_minutes_is_not_yet_confirmed() -> None:
    readings = [_at(0, systolic=185, diastolic=100), _at(4, systolic=185, diastolic=100)]

    review = evaluate_readings(readings)

    assert review.findings == ()
    assert [p.code for p in review.prompts] == ["bp_recheck"]


def test_a_normal_reading_in_between_resets_confirmation() -> None:
    readings = [
        _at(0, systolic=185, diastolic=100),
        _at(3, systolic=150, diastolic=90),
        _at(6, systolic=185, diastolic=100),
    ]

    assert _codes(*readings) == set()


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (199, 100, set()),
        (200, 100, {"bp_stop"}),
        (150, 119, set()),
        (150, 120, {"bp_stop"}),
    ],
)
def test_stop_level_bp_alerts_on_one_reading(
    systolic: int, diastolic: int, expected: set[str]
) -> None:
    assert _codes(_at(0, systolic=systolic, diastolic=diastolic)) == expected


@pytest.mark.parametrize(
    ("rate", "span_min", "expected"),
    [
        (121, 5, {"heart_rate_sustained"}),
        (121, 4, set()),
        (120, 5, set()),
        (120, 10, set()),
    ],
)
def test_heart_rate_sustained_boundaries(rate: int, span_min: int, expected: set[str]) -> None:
    assert _codes(_at(0, heart_rate=rate), _at(span_min, heart_rate=rate)) == expected


def test_a_single_fast_heart_rate_is_not_sustained() -> None:
    assert _codes(_at(0, heart_rate=150)) == set()


def test_heart_rate_dipping_to_120_breaks_the_run() -> None:
    readings = (_at(0, heart_rate=130), _at(3, heart_rate=120), _at(6, heart_rate=130))

    assert _codes(*readings) == set()


@pytest.mark.parametrize(
    ("spo2", "expected"),
    [(92, set()), (91, {"spo2_low"}), (90, {"spo2_low"}), (89, {"spo2_stop"})],
)
def test_spo2_boundaries(spo2: int, expected: set[str]) -> None:
    assert _codes(_at(0, spo2=spo2)) == expected


def test_findings_carry_severity_and_action() -> None:
    (finding,) = evaluate_readings([_at(0, spo2=85)]).findings

    assert (finding.severity.value, finding.action.value) == ("urgent", "stop")


def test_red_flag_symptoms_stop_and_others_do_not() -> None:
    assert [f.code for f in evaluate_symptoms(["chest_pain"])] == ["red_flag_symptom"]
    assert evaluate_symptoms(["nausea", "headache"]) == ()


def test_mg_per_kg_rounds_to_three_decimals() -> None:
    assert mg_per_kg(Decimal("41"), Decimal("82")) == Decimal("0.500")
    assert mg_per_kg(Decimal("35"), Decimal("70.5")) == Decimal("0.496")
    with pytest.raises(ValueError, match="weight"):
        mg_per_kg(Decimal(35), Decimal(0))
    with pytest.raises(ValueError, match="negative"):
        mg_per_kg(Decimal(-1), Decimal(70))


@pytest.mark.parametrize(("dose", "devices"), [(28, 1), (56, 2), (84, 3)])
def test_esketamine_devices_are_five_minutes_apart(dose: int, devices: int) -> None:
    times = esketamine_device_times(Decimal(dose), T0)

    assert len(times) == devices
    assert [t - T0 for t in times] == [dt.timedelta(minutes=5 * i) for i in range(devices)]


@pytest.mark.parametrize("dose", [0, 30, 112])
def test_esketamine_rejects_other_doses(dose: int) -> None:
    with pytest.raises(ValueError, match="28, 56 or 84"):
        esketamine_device_times(Decimal(dose), T0)


def test_next_vitals_due_combines_cadence_and_the_40_minute_recheck() -> None:
    assert next_vitals_due_min(every_min=15, at_min=(0, 40, 60), last_reading_min=None) == 0
    assert next_vitals_due_min(every_min=15, at_min=(0, 40, 60), last_reading_min=31) == 40
    assert next_vitals_due_min(every_min=30, at_min=(0, 40, 120), last_reading_min=0) == 30
    assert next_vitals_due_min(every_min=30, at_min=(0, 40, 120), last_reading_min=40) == 60


def test_discharge_blockers_list_every_reason() -> None:
    reasons = discharge_blockers(
        unchecked=["Escort present"], monitored_min=100, min_monitoring_min=120, open_stop_alerts=1
    )

    assert len(reasons) == 3
    assert "20 min left" in reasons[1]
    assert (
        discharge_blockers(
            unchecked=[], monitored_min=120, min_monitoring_min=120, open_stop_alerts=0
        )
        == ()
    )
    assert (
        "No dose"
        in discharge_blockers(
            unchecked=[], monitored_min=None, min_monitoring_min=60, open_stop_alerts=0
        )[0]
    )
