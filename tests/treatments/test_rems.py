"""The Spravato REMS Patient Monitoring Form: JSON schema, completeness, deadline and PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import zlib

import pytest

from ketacare.treatments.rems import (
    REQUIRED,
    SCHEMA_VERSION,
    AdverseEventEntry,
    BloodPressure,
    RemsInput,
    filing_deadline,
    missing_fields,
    rems_form_json,
    rems_form_pdf,
    warnings,
)

START = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)
COMPLETE = RemsInput(
    setting_name="Synthetic Clinic",
    setting_certification_id="HCS-TEST-0001",
    setting_address_line1="1 Example Street",
    setting_city="Springfield",
    setting_state="ZZ",
    setting_zip="00000",
    prescriber_name="Dr Test Prescriber",
    provider_first_name="Pat",
    provider_last_name="Monitor",
    provider_phone="555-0100",
    provider_email="monitor@example.test",
    patient_first_name="Testfirst",
    patient_last_name="Testlast",
    patient_birth_date=dt.date(1980, 2, 3),
    patient_sex="female",
    is_first_treatment=False,
    takes_benzodiazepines=False,
    takes_non_benzodiazepine_hypnotics=False,
    takes_psychostimulants=False,
    takes_maois=False,
    session_date=dt.date(2030, 1, 7),
    dose_mg=56,
    devices=2,
    lot_number="LOT-TEST",
    monitoring_start=START,
    monitoring_end=START + dt.timedelta(minutes=125),
    ready_to_leave_min=90,
    vitals_acceptable_before_dosing=True,
    vitals_acceptable_at_completion=True,
    bp_before_dosing=BloodPressure(128, 82),
    bp_40_min=BloodPressure(142, 88),
    bp_at_completion=BloodPressure(126, 80),
    bp_max=BloodPressure(142, 88),
    spo2_min_percent=96,
    heart_rate_max=88,
    sedation_observed=True,
    moaas_worst=4,
    dissociation_observed=True,
    cadss_max=6,
    respiratory_depression_observed=False,
    adverse_events=(AdverseEventEntry("nausea", "mild", serious=False),),
    discharged_at=START + dt.timedelta(minutes=125),
)
SECTIONS = {
    "patient",
    "concomitant_medication",
    "monitoring_provider",
    "prescriber",
    "healthcare_setting",
    "session",
    "vital_signs",
    "observations",
    "discharge",
}


def test_complete_form_has_no_missing_fields_and_is_complete() -> None:
    document = rems_form_json(COMPLETE)

    assert missing_fields(COMPLETE) == []
    assert document["is_complete"] is True
    assert document["missing_fields"] == []


def test_json_has_the_schema_header_and_every_section() -> None:
    document = rems_form_json(COMPLETE)

    assert document["schema"] == "ketacare.spravato-rems.patient-monitoring"
    assert document["version"] == SCHEMA_VERSION == 1
    assert set(document) >= SECTIONS
    for name in REQUIRED:
        section, key = name.split(".")
        assert document[section][key] is not None, name


def test_json_carries_the_session_facts() -> None:
    document = rems_form_json(COMPLETE)

    assert document["session"]["total_duration_min"] == 125
    assert document["session"]["date"] == "2030-01-07"
    assert document["vital_signs"]["bp_40_min"] == {"systolic": 142, "diastolic": 88}
    assert document["observations"]["moaas_worst"] == 4
    assert document["adverse_events"] == [{"kind": "nausea", "severity": "mild", "serious": False}]
    assert document["serious_adverse_event"] is False
    assert document["discharge"]["minutes_after_monitoring_start"] == 125
    assert document["filing_deadline"] == "2030-01-14"


def test_empty_form_misses_exactly_the_required_fields() -> None:
    assert missing_fields(RemsInput()) == list(REQUIRED)


@pytest.mark.parametrize(
    ("attribute", "field"),
    [
        ("patient_first_name", "patient.first_name"),
        ("patient_birth_date", "patient.birth_date"),
        ("takes_maois", "concomitant_medication.maois"),
        ("setting_certification_id", "healthcare_setting.certification_id"),
        ("prescriber_name", "prescriber.name"),
        ("dose_mg", "session.dose_mg"),
        ("monitoring_end", "session.monitoring_end"),
        ("bp_40_min", "vital_signs.bp_40_min"),
        ("spo2_min_percent", "vital_signs.spo2_min_percent"),
        ("respiratory_depression_observed", "observations.respiratory_depression"),
        ("discharged_at", "discharge.discharged_at"),
    ],
)
def test_each_required_field_is_reported_when_missing(attribute: str, field: str) -> None:
    form = dataclasses.replace(COMPLETE, **{attribute: None})  # type: ignore[arg-type]

    assert missing_fields(form) == [field]
    assert rems_form_json(form)["is_complete"] is False


def test_blank_text_counts_as_missing() -> None:
    form = dataclasses.replace(COMPLETE, provider_email="   ")

    assert missing_fields(form) == ["monitoring_provider.email"]


def test_false_answers_are_answers_not_gaps() -> None:
    form = dataclasses.replace(COMPLETE, sedation_observed=False, dissociation_observed=False)

    assert missing_fields(form) == []


def test_contradictions_block_filing() -> None:
    form = dataclasses.replace(
        COMPLETE,
        monitoring_end=START - dt.timedelta(minutes=1),
        patient_sex="unknown",
        adverse_events=(AdverseEventEntry("headache", "awful", serious=False),),
    )

    assert missing_fields(form) == [
        "session.monitoring_end (before the start)",
        "patient.sex (male, female or other)",
        "adverse_events[0].severity (mild, moderate or severe)",
    ]


def test_short_monitoring_and_serious_events_are_warnings_not_blockers() -> None:
    form = dataclasses.replace(
        COMPLETE,
        monitoring_end=START + dt.timedelta(minutes=100),
        adverse_events=(AdverseEventEntry("hypertension", "severe", serious=True),),
    )

    document = rems_form_json(form)

    assert document["is_complete"] is True
    assert document["serious_adverse_event"] is True
    assert len(warnings(form)) == 2
    assert "100 min" in document["warnings"][0]


@pytest.mark.parametrize(
    ("session", "deadline"),
    [
        (dt.date(2030, 1, 7), dt.date(2030, 1, 14)),
        (dt.date(2030, 1, 28), dt.date(2030, 2, 4)),
        (dt.date(2030, 12, 27), dt.date(2031, 1, 3)),
    ],
)
def test_filing_deadline_is_seven_calendar_days(session: dt.date, deadline: dt.date) -> None:
    assert filing_deadline(session) == deadline


def test_pdf_starts_with_the_header_and_contains_the_labels_and_values() -> None:
    pdf = rems_form_pdf(COMPLETE, compress=False)

    assert pdf.startswith(b"%PDF")
    for text in (
        b"SPRAVATO REMS Patient Monitoring Form",
        b"Patient information",
        b"Concomitant medication",
        b"Healthcare setting information",
        b"Monitoring of vital signs and blood pressure",
        b"Sedation, dissociation and respiratory depression",
        b"Adverse events",
        b"HCS-TEST-0001",
        b"142/88 mmHg",
        b"Submit by 2030-01-14",
        b"Complete",
    ):
        assert text in pdf, text


def test_incomplete_pdf_says_what_is_missing() -> None:
    pdf = rems_form_pdf(
        dataclasses.replace(COMPLETE, lot_number=None, dose_mg=None), compress=False
    )

    assert b"INCOMPLETE: session.dose_mg" in pdf


def test_compressed_pdf_hides_the_plain_text_but_inflates_to_it() -> None:
    pdf = rems_form_pdf(COMPLETE)

    assert pdf.startswith(b"%PDF")
    assert b"Testlast" not in pdf
    start = pdf.index(b"stream\n") + len(b"stream\n")
    assert b"Testlast" in zlib.decompress(pdf[start : pdf.index(b"endstream", start)])


def test_names_outside_latin_1_do_not_break_the_pdf() -> None:
    form = dataclasses.replace(COMPLETE, patient_last_name="Łódź-Ōtsuka")

    pdf = rems_form_pdf(form, compress=False)

    assert b"?" + "ódź".encode("latin-1", "replace") in pdf


def test_building_the_form_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    rems_form_pdf(COMPLETE)
    rems_form_json(COMPLETE)

    assert not [r for r in caplog.records if "Testlast" in r.getMessage()]
