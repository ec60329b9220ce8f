"""The SPRAVATO REMS Patient Monitoring Form, built from a session record: JSON, PDF, deadline.

Pure (no database, no clock, no logging): the caller builds a `RemsInput` from the session
record behind its access checks and audits the read. The form carries PHI by nature (patient
name, date of birth), so nothing here logs, and the PDF is generated on demand, never stored.

Field list: the outpatient Patient Monitoring Form (Janssen, 11/2021), as transcribed by public
copies of the form and the manufacturer's form walk-through (docs/rems.md lists each field
with its evidence tag); the REMS duties themselves are in pharmacology reference §3 [V]:
certified setting, monitoring >= 2 h and until sedation, dissociation and respiratory
depression resolve, pulse oximetry, blood pressure before and ~40 min after dosing.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fpdf import FPDF

SCHEMA = "ketacare.spravato-rems.patient-monitoring"
SCHEMA_VERSION = 1
FORM_NAME = "SPRAVATO REMS Patient Monitoring Form (outpatient use)"
# "Submit completed patient monitoring forms within 7 days" (form instructions; J&J Medical
# Connect form overview) [V, secondary copies]; calendar days from the treatment session.
FILING_DAYS = 7
MIN_MONITORING_MIN = 120  # "Patient must be monitored for at least 2 hours" (form; label §2.4)
SEXES = ("male", "female", "other")
SEVERITIES = ("mild", "moderate", "severe")


@dataclass(frozen=True)
class BloodPressure:
    """A blood-pressure reading in mmHg."""

    systolic: int
    diastolic: int


@dataclass(frozen=True)
class AdverseEventEntry:
    """One adverse event: a coded kind (no free text), its severity and whether it is serious."""

    kind: str
    severity: str
    serious: bool


@dataclass(frozen=True)
class RemsInput:
    """What the form asks, gathered from the session record. None means "not recorded"."""

    # Healthcare setting (certified in the REMS).
    setting_name: str | None = None
    setting_certification_id: str | None = None
    setting_address_line1: str | None = None
    setting_address_line2: str | None = None
    setting_city: str | None = None
    setting_state: str | None = None
    setting_zip: str | None = None
    # Prescriber, and the healthcare provider conducting patient monitoring.
    prescriber_name: str | None = None
    provider_first_name: str | None = None
    provider_last_name: str | None = None
    provider_phone: str | None = None
    provider_email: str | None = None
    # Patient, as the REMS identifies them.
    patient_first_name: str | None = None
    patient_middle_initial: str | None = None
    patient_last_name: str | None = None
    patient_birth_date: dt.date | None = None
    patient_sex: str | None = None
    rems_patient_id: str | None = None
    is_first_treatment: bool | None = None
    # Concomitant medication that may cause sedation or blood-pressure changes.
    takes_benzodiazepines: bool | None = None
    takes_non_benzodiazepine_hypnotics: bool | None = None
    takes_psychostimulants: bool | None = None
    takes_maois: bool | None = None
    # The session.
    session_date: dt.date | None = None
    dose_mg: int | None = None
    devices: int | None = None
    lot_number: str | None = None
    monitoring_start: dt.datetime | None = None
    monitoring_end: dt.datetime | None = None
    ready_to_leave_min: int | None = None
    vitals_acceptable_before_dosing: bool | None = None
    vitals_acceptable_at_completion: bool | None = None
    bp_before_dosing: BloodPressure | None = None
    bp_40_min: BloodPressure | None = None
    bp_at_completion: BloodPressure | None = None
    bp_max: BloodPressure | None = None
    spo2_min_percent: int | None = None
    heart_rate_max: int | None = None
    sedation_observed: bool | None = None
    moaas_worst: int | None = None
    dissociation_observed: bool | None = None
    cadss_max: int | None = None
    respiratory_depression_observed: bool | None = None
    adverse_events: tuple[AdverseEventEntry, ...] = field(default_factory=tuple)
    discharged_at: dt.datetime | None = None


def filing_deadline(session_date: dt.date) -> dt.date:
    """The last day to submit the form: the session date plus 7 calendar days.

    Source: the form's instructions, "Submit completed patient monitoring forms within 7 days"
    [V, via public copies of the 11/2021 form]; we count calendar days, holidays included.
    """
    return session_date + dt.timedelta(days=FILING_DAYS)


def _bp(value: BloodPressure | None) -> dict[str, int] | None:
    return None if value is None else {"systolic": value.systolic, "diastolic": value.diastolic}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60)


def _sections(form: RemsInput) -> dict[str, dict[str, Any]]:  # Any: JSON scalars
    return {
        "patient": {
            "first_name": form.patient_first_name,
            "middle_initial": form.patient_middle_initial,
            "last_name": form.patient_last_name,
            "birth_date": _iso(form.patient_birth_date),
            "sex": form.patient_sex,
            "rems_patient_id": form.rems_patient_id,
            "is_first_treatment": form.is_first_treatment,
        },
        "concomitant_medication": {
            "benzodiazepines": form.takes_benzodiazepines,
            "non_benzodiazepine_sedative_hypnotics": form.takes_non_benzodiazepine_hypnotics,
            "psychostimulants": form.takes_psychostimulants,
            "maois": form.takes_maois,
        },
        "monitoring_provider": {
            "first_name": form.provider_first_name,
            "last_name": form.provider_last_name,
            "telephone": form.provider_phone,
            "email": form.provider_email,
        },
        "prescriber": {"name": form.prescriber_name},
        "healthcare_setting": {
            "name": form.setting_name,
            "certification_id": form.setting_certification_id,
            "address_line1": form.setting_address_line1,
            "address_line2": form.setting_address_line2,
            "city": form.setting_city,
            "state": form.setting_state,
            "zip": form.setting_zip,
        },
        "session": {
            "date": _iso(form.session_date),
            "dose_mg": form.dose_mg,
            "devices": form.devices,
            "lot_number": form.lot_number,
            "monitoring_start": _iso(form.monitoring_start),
            "monitoring_end": _iso(form.monitoring_end),
            "total_duration_min": _minutes(form.monitoring_start, form.monitoring_end),
            "ready_to_leave_min": form.ready_to_leave_min,
        },
        "vital_signs": {
            "acceptable_before_dosing": form.vitals_acceptable_before_dosing,
            "acceptable_at_completion": form.vitals_acceptable_at_completion,
            "bp_before_dosing": _bp(form.bp_before_dosing),
            "bp_40_min": _bp(form.bp_40_min),
            "bp_at_completion": _bp(form.bp_at_completion),
            "bp_max": _bp(form.bp_max),
            "spo2_min_percent": form.spo2_min_percent,
            "heart_rate_max": form.heart_rate_max,
        },
        "observations": {
            "sedation": form.sedation_observed,
            "moaas_worst": form.moaas_worst,
            "dissociation": form.dissociation_observed,
            "cadss_max": form.cadss_max,
            "respiratory_depression": form.respiratory_depression_observed,
        },
        "discharge": {
            "discharged_at": _iso(form.discharged_at),
            "minutes_after_monitoring_start": _minutes(form.monitoring_start, form.discharged_at),
        },
    }


# Required fields (an asterisk on the form, or what the REMS itself requires): section.key.
REQUIRED: tuple[str, ...] = (
    "patient.first_name",
    "patient.last_name",
    "patient.birth_date",
    "patient.sex",
    "concomitant_medication.benzodiazepines",
    "concomitant_medication.non_benzodiazepine_sedative_hypnotics",
    "concomitant_medication.psychostimulants",
    "concomitant_medication.maois",
    "monitoring_provider.first_name",
    "monitoring_provider.last_name",
    "monitoring_provider.telephone",
    "monitoring_provider.email",
    "prescriber.name",
    "healthcare_setting.name",
    "healthcare_setting.certification_id",
    "healthcare_setting.address_line1",
    "healthcare_setting.city",
    "healthcare_setting.state",
    "healthcare_setting.zip",
    "session.date",
    "session.dose_mg",
    "session.monitoring_start",
    "session.monitoring_end",
    "session.ready_to_leave_min",
    "vital_signs.acceptable_before_dosing",
    "vital_signs.acceptable_at_completion",
    "vital_signs.bp_before_dosing",
    "vital_signs.bp_40_min",
    "vital_signs.bp_at_completion",
    "vital_signs.spo2_min_percent",
    "observations.sedation",
    "observations.dissociation",
    "observations.respiratory_depression",
    "discharge.discharged_at",
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_fields(form: RemsInput) -> list[str]:
    """Required fields that are blank or contradict each other, as ``section.key`` names.

    A form with any entry here cannot be marked filed. Contradictions are reported as
    ``<field> (<why>)``: monitoring that ends before it starts, an unknown sex or severity.

    Args:
        form: The gathered form.

    Returns:
        Names in form order; empty when the form is complete.
    """
    sections = _sections(form)
    missing = [
        name for name in REQUIRED if _blank(sections[name.split(".")[0]][name.split(".")[1]])
    ]
    duration = _minutes(form.monitoring_start, form.monitoring_end)
    if duration is not None and duration < 0:
        missing.append("session.monitoring_end (before the start)")
    if form.patient_sex is not None and form.patient_sex not in SEXES:
        missing.append("patient.sex (male, female or other)")
    missing += [
        f"adverse_events[{i}].severity (mild, moderate or severe)"
        for i, event in enumerate(form.adverse_events)
        if event.severity not in SEVERITIES
    ]
    return missing


def warnings(form: RemsInput) -> list[str]:
    """Facts the filer should see but that do not block filing (the form must stay truthful)."""
    found = []
    duration = _minutes(form.monitoring_start, form.monitoring_end)
    if duration is not None and 0 <= duration < MIN_MONITORING_MIN:
        found.append(f"Monitoring lasted {duration} min; the REMS requires at least 2 hours.")
    if any(event.serious for event in form.adverse_events):
        found.append("A serious adverse event is recorded: report it as the REMS requires.")
    return found


def rems_form_json(form: RemsInput) -> dict[str, Any]:  # Any: a JSON document
    """The form as a JSON-ready dict (schema in docs/rems.md, versioned by ``version``)."""
    document: dict[str, Any] = {"schema": SCHEMA, "version": SCHEMA_VERSION, "form": FORM_NAME}
    document.update(_sections(form))
    document["adverse_events"] = [
        {"kind": e.kind, "severity": e.severity, "serious": e.serious} for e in form.adverse_events
    ]
    document["serious_adverse_event"] = any(e.serious for e in form.adverse_events)
    deadline = filing_deadline(form.session_date) if form.session_date else None
    document["filing_deadline"] = _iso(deadline)
    document["missing_fields"] = missing_fields(form)
    document["warnings"] = warnings(form)
    document["is_complete"] = not document["missing_fields"]
    return document


LABELS: dict[str, str] = {
    "patient": "Patient information",
    "concomitant_medication": "Concomitant medication (may cause sedation or BP changes)",
    "monitoring_provider": "Healthcare provider conducting patient monitoring",
    "prescriber": "Prescriber",
    "healthcare_setting": "Healthcare setting information",
    "session": "Patient treatment session (administration and monitoring)",
    "vital_signs": "Monitoring of vital signs and blood pressure",
    "observations": "Sedation, dissociation and respiratory depression",
    "discharge": "Discharge",
}


def _latin1(text: str) -> str:
    """Core PDF fonts are Latin-1: fold compatibility forms and dashes, others become '?'."""
    folded = unicodedata.normalize("NFKC", text).replace("\u2013", "-").replace("\u2014", "-")
    return folded.encode("latin-1", "replace").decode("latin-1")


def field_shown(value: object, *, missing: str = "(not recorded)") -> str:
    """A form value as people read it (the PDF and the REMS page)."""
    if value is None or value == "":
        return missing
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return f"{value['systolic']}/{value['diastolic']} mmHg"
    return str(value)


def field_label(key: str) -> str:
    """A form key as a label: "bp_at_40_min" → "BP at 40 min" (the PDF and the REMS page)."""
    words = key.replace("_", " ").replace("bp ", "BP ").replace("spo2", "SpO2")
    return words[:1].upper() + words[1:]


def rems_form_pdf(form: RemsInput, *, compress: bool = True) -> bytes:
    """The form as a one- or two-page PDF (fpdf2, core Helvetica, nothing downloaded).

    Args:
        form: The gathered form.
        compress: Deflate page streams (tests pass False to search the text).

    Returns:
        The PDF bytes; never written to disk or logs here.
    """
    # fpdf2 takes seconds to import (fontTools): load it when a PDF is asked for, not with
    # the URLconf (the session screen imports this module for the filing deadline).
    from fpdf import FPDF  # noqa: PLC0415

    document = rems_form_json(form)
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _latin1(FORM_NAME), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    deadline = document["filing_deadline"] or "(session date missing)"
    pdf.multi_cell(
        0,
        5,
        _latin1(
            f"Prepared by ketacare from the session record. Submit by {deadline} "
            "(within 7 days) at www.SPRAVATOrems.com or by fax; check each field against "
            "the current form first."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for section, title in LABELS.items():
        rows = [(field_label(k), field_shown(v)) for k, v in document[section].items()]
        _pdf_section(pdf, title, rows)
    events = [
        (e["kind"], f"{e['severity']}{', SERIOUS' if e['serious'] else ''}")
        for e in document["adverse_events"]
    ]
    _pdf_section(pdf, "Adverse events", events or [("Adverse events", "None recorded")])
    status = (
        "Complete"
        if document["is_complete"]
        else "INCOMPLETE: " + ", ".join(document["missing_fields"])
    )
    _pdf_section(
        pdf, "Form status", [("Status", status)] + [("Note", w) for w in document["warnings"]]
    )
    return bytes(pdf.output())


def _pdf_section(pdf: FPDF, title: str, rows: list[tuple[str, str]]) -> None:
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    for label, value in rows:
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(70, 5, _latin1(label), new_x="RIGHT", new_y="TOP")
        pdf.multi_cell(0, 5, _latin1(value), new_x="LMARGIN", new_y="NEXT")
