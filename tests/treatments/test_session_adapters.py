"""Adapters from the session record to the timeline and the REMS form (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ketacare.domain.session_safety import Thresholds
from ketacare.treatments.rems import BloodPressure, missing_fields, rems_form_json
from ketacare.treatments.session_adapters import (
    Person,
    RemsSources,
    dose_events,
    rems_input,
    rems_input_from_document,
    session_drug,
    timeline_start,
    vitals_points,
    with_answers,
)
from ketacare.treatments.session_models import (
    Administration,
    AdverseEvent,
    ClinicalCheck,
    DischargeCheck,
    VitalSigns,
)
from ketacare.treatments.timeline import build_session_timeline

T0 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)


def _at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def _esketamine(mg: int = 56, devices: int = 2, start: float = 0) -> Administration:
    return Administration(
        drug="esketamine",
        route="intranasal",
        dose_mg=Decimal(mg),
        dose_mg_per_kg=Decimal("0.8"),
        devices=devices,
        lot_number="LOT-S",
        started_at=_at(start),
        ended_at=_at(start + 5 * (devices - 1)),
    )


def _vitals(minutes: float, phase: str = "during", **values: int) -> VitalSigns:
    return VitalSigns(taken_at=_at(minutes), phase=phase, **values)


def _checks_done(minutes: float) -> list[DischargeCheck]:
    items = ("bp_trending_down", "alert_oriented", "ambulating_steadily", "escort_present")
    return [DischargeCheck(item=item, created_at=_at(minutes - i)) for i, item in enumerate(items)]


def _sources(**changes: object) -> RemsSources:
    values: dict[str, object] = {
        "given_name": "Testfirst",
        "family_name": "Testlast",
        "birth_date": dt.date(1980, 2, 3),
        "practice_name": "Synthetic Clinic",
        "local_tz": dt.UTC,
        "administrations": [_esketamine()],
        "vitals": [
            _vitals(-20, "pre_dose", systolic=128, diastolic=82, heart_rate=70, spo2=98),
            _vitals(20, systolic=150, diastolic=90, spo2=97),
            _vitals(42, systolic=142, diastolic=88, heart_rate=88, spo2=95, respiratory_rate=14),
            _vitals(125, "discharge", systolic=126, diastolic=80, spo2=98),
        ],
        "checks": [
            ClinicalCheck(kind="moaas", score=4, taken_at=_at(40)),
            ClinicalCheck(kind="cadss6", score=3, taken_at=_at(40)),
        ],
        "adverse_events": [AdverseEvent(kind="nausea", severity="serious", onset_at=_at(30))],
        "discharge_done": _checks_done(95),
        "discharged_at": _at(130),
        "predose_gate": "proceed",
        "intake": {"sex": "female", "medications": [{"name": "sertraline"}]},
        "is_first_treatment": True,
        "provider": Person("Pat Monitor", "monitor@example.test"),
        "prescriber": Person("Dr Test Prescriber", "prescriber@example.test"),
    }
    values.update(changes)
    return RemsSources(**values)  # type: ignore[arg-type]


SETTING = {
    "setting_certification_id": "HCS-TEST-0001",
    "setting_address_line1": "1 Example Street",
    "setting_city": "Springfield",
    "setting_state": "ZZ",
    "setting_zip": "00000",
    "provider_phone": "555-0100",
}


def test_timeline_inputs_keep_route_dose_times_devices_and_vitals() -> None:
    dose = _esketamine(84, 3)
    reading = _vitals(40, systolic=150, diastolic=95, heart_rate=90, spo2=96)

    events = dose_events([dose])
    points = vitals_points([reading])

    assert events[0].route == "intranasal"
    assert events[0].dose_mg == 84.0
    assert events[0].devices == 3
    assert events[0].ended_at == _at(10)
    assert (points[0].systolic, points[0].diastolic, points[0].spo2) == (150, 95, 96)


def test_timeline_starts_at_the_first_dose_else_check_in_else_now() -> None:
    later, earlier = _esketamine(start=30), _esketamine(start=10)

    assert timeline_start([later, earlier], _at(-60), _at(100)) == _at(10)
    assert timeline_start([], _at(-60), _at(100)) == _at(-60)
    assert timeline_start([], None, _at(100)) == _at(100)


def test_session_drug_is_the_first_dose_else_the_protocol() -> None:
    assert session_drug([_esketamine()], "racemic_ketamine") == "esketamine"
    assert session_drug([], "racemic_ketamine") == "racemic_ketamine"


def test_an_iv_infusion_adapts_into_a_drawable_timeline() -> None:
    dose = Administration(
        drug="racemic_ketamine",
        route="iv",
        dose_mg=Decimal(40),
        dose_mg_per_kg=Decimal("0.5"),
        lot_number="L",
        started_at=_at(0),
        ended_at=_at(40),
    )

    chart = build_session_timeline(
        "racemic_ketamine",
        dose_events([dose]),
        80.0,
        vitals_points([_vitals(40, systolic=185, diastolic=100)]),
        _at(0),
    )

    assert chart.curve
    assert chart.window_x is not None
    assert len(chart.markers) == 2
    assert chart.weight_kg == 80.0


def test_a_full_record_with_setting_details_gives_a_complete_form() -> None:
    form = with_answers(rems_input(_sources()), SETTING)

    assert missing_fields(form) == []
    assert form.session_date == dt.date(2030, 1, 7)
    assert (form.dose_mg, form.devices, form.lot_number) == (56, 2, "LOT-S")
    assert form.bp_before_dosing == BloodPressure(128, 82)
    assert form.bp_40_min == BloodPressure(142, 88)
    assert form.bp_at_completion == BloodPressure(126, 80)
    assert form.bp_max == BloodPressure(150, 90)
    assert (form.spo2_min_percent, form.heart_rate_max) == (95, 88)
    assert form.ready_to_leave_min == 95
    assert form.monitoring_end == _at(130)
    assert (form.sedation_observed, form.moaas_worst) == (True, 4)
    assert (form.dissociation_observed, form.cadss_max) == (True, 3)
    assert form.respiratory_depression_observed is False
    assert form.vitals_acceptable_before_dosing is True
    assert form.vitals_acceptable_at_completion is True
    assert (form.provider_first_name, form.provider_last_name) == ("Pat", "Monitor")
    assert form.patient_sex == "female"
    assert form.takes_benzodiazepines is False
    assert form.adverse_events[0].severity == "severe"
    assert form.adverse_events[0].serious is True


def test_the_record_alone_leaves_the_setting_and_phone_to_the_filer() -> None:
    missing = missing_fields(rems_input(_sources()))

    assert "healthcare_setting.certification_id" in missing
    assert "monitoring_provider.telephone" in missing
    assert "patient.first_name" not in missing


def test_setting_details_and_phone_carry_over_from_the_practice_last_filing() -> None:
    previous = rems_form_json(with_answers(rems_input(_sources()), SETTING))

    form = rems_input(_sources(previous_form=previous))

    assert missing_fields(form) == []
    assert form.setting_city == "Springfield"
    assert form.provider_phone == "555-0100"


def test_another_providers_phone_is_not_carried_over() -> None:
    previous = rems_form_json(with_answers(rems_input(_sources()), SETTING))

    form = rems_input(
        _sources(previous_form=previous, provider=Person("Sam Other", "other@example.test"))
    )

    assert form.provider_phone is None
    assert form.setting_certification_id == "HCS-TEST-0001"


def test_intake_medications_answer_the_four_questions() -> None:
    intake = {"medications": [{"name": "Xanax"}, {"name": "methylphenidate"}], "sex": "intersex"}

    form = rems_input(_sources(intake=intake))

    assert form.takes_benzodiazepines is True
    assert form.takes_psychostimulants is True
    assert form.takes_maois is False
    assert form.patient_sex == "other"


def test_an_unknown_medication_or_unstated_sex_leaves_the_questions_open() -> None:
    intake = {"medications": [{"name": "zz-not-a-drug"}], "sex": "not_stated"}

    form = rems_input(_sources(intake=intake))

    assert form.takes_benzodiazepines is None
    assert form.patient_sex is None
    assert rems_input(_sources(intake=None)).takes_maois is None


def test_low_spo2_or_slow_breathing_counts_as_respiratory_depression() -> None:
    low = rems_input(_sources(vitals=[_vitals(30, spo2=91)]))
    slow = rems_input(_sources(vitals=[_vitals(30, respiratory_rate=8)]))
    unmeasured = rems_input(_sources(vitals=[_vitals(30, heart_rate=80)]))

    assert low.respiratory_depression_observed is True
    assert slow.respiratory_depression_observed is True
    assert unmeasured.respiratory_depression_observed is None


def test_no_checks_leave_sedation_and_dissociation_unanswered() -> None:
    form = rems_input(_sources(checks=[], adverse_events=[]))

    assert form.sedation_observed is None
    assert form.dissociation_observed is None


def test_calm_checks_answer_no_and_an_event_answers_yes() -> None:
    calm = [
        ClinicalCheck(kind="moaas", score=5, taken_at=_at(40)),
        ClinicalCheck(kind="cadss6", score=0, taken_at=_at(40)),
    ]
    event = AdverseEvent(kind="dissociation", severity="mild", onset_at=_at(30))

    quiet = rems_input(_sources(checks=calm, adverse_events=[]))
    noted = rems_input(_sources(checks=calm, adverse_events=[event]))

    assert (quiet.sedation_observed, quiet.dissociation_observed) == (False, False)
    assert noted.dissociation_observed is True


def test_a_reading_far_from_40_minutes_is_not_the_40_minute_bp() -> None:
    form = rems_input(_sources(vitals=[_vitals(15, systolic=150, diastolic=90)]))

    assert form.bp_40_min is None


def test_review_band_predose_and_high_last_reading_are_not_acceptable() -> None:
    high_end = _vitals(125, "discharge", systolic=185, diastolic=100)

    form = rems_input(_sources(predose_gate="review", vitals=[high_end]))

    assert form.vitals_acceptable_before_dosing is False
    assert form.vitals_acceptable_at_completion is False


def test_before_discharge_the_end_and_ready_time_are_open() -> None:
    form = rems_input(_sources(discharged_at=None, discharge_done=_checks_done(95)[:2]))

    assert form.monitoring_end is None
    assert form.bp_at_completion is None
    assert form.ready_to_leave_min is None


def test_no_esketamine_dose_leaves_the_session_part_empty() -> None:
    form = rems_input(_sources(administrations=[], provider=None, prescriber=None))

    assert form.session_date is None
    assert form.provider_first_name is None
    assert "session.date" in missing_fields(form)


def test_blank_answers_keep_the_record_and_unknown_names_are_ignored() -> None:
    base = rems_input(_sources())

    form = with_answers(base, {"patient_sex": "", "prescriber_name": " Dr B ", "nope": 1})

    assert form.patient_sex == "female"
    assert form.prescriber_name == "Dr B"


def test_a_filed_document_round_trips_to_the_same_json() -> None:
    document = rems_form_json(with_answers(rems_input(_sources()), SETTING))

    again = rems_form_json(rems_input_from_document(document))

    assert again == document


def test_thresholds_are_the_practice_ones() -> None:
    strict = Thresholds(spo2_alert_below=96)

    form = rems_input(_sources(thresholds=strict))

    assert form.respiratory_depression_observed is True
