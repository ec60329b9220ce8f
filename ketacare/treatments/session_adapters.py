"""Adapters from the dosing session record to the timeline's and the REMS form's plain inputs.

No queries and no clock here: callers read the rows (behind their access checks and audit)
and pass them in, so every mapping rule below is unit-tested on unsaved model instances.
Derivation rules that are our choice, not the form's, are marked [P] and listed in
docs/rems.md ("Where each value comes from").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ketacare.domain.screening.drug_table import DrugClass
from ketacare.domain.screening.drugs import lookup_drug
from ketacare.domain.session_safety import Thresholds
from ketacare.treatments.rems import AdverseEventEntry, BloodPressure, RemsInput
from ketacare.treatments.session_models import (
    Administration,
    AdverseEvent,
    AdverseEventKind,
    AdverseEventSeverity,
    CheckKind,
    ClinicalCheck,
    DischargeCheck,
    DischargeItem,
    VitalSigns,
    VitalsPhase,
)
from ketacare.treatments.timeline import DoseEvent, VitalsPoint

ESKETAMINE = "esketamine"
BP_40_MIN = 40  # label: re-check BP about 40 min after dosing (pharmacology reference §3 [V])
BP_40_TOLERANCE_MIN = 10  # [P] a reading 30-50 min after the first device counts as "40 min"
RESPIRATORY_RATE_LOW = 10  # [P] breaths/min below which we call it respiratory depression
# Intake sex → the form's male / female / other; "not stated" stays a gap for the filer.
SEX_TO_FORM = {"female": "female", "male": "male", "intersex": "other"}
# The form's four medication questions → the interaction classes of the drug vocabulary.
MEDICATION_CLASSES = {
    "takes_benzodiazepines": frozenset({DrugClass.BENZODIAZEPINE}),
    "takes_non_benzodiazepine_hypnotics": frozenset({DrugClass.Z_DRUG, DrugClass.BARBITURATE}),
    "takes_psychostimulants": frozenset({DrugClass.STIMULANT}),
    "takes_maois": frozenset({DrugClass.MAOI}),
}


# --- timeline -------------------------------------------------------------------------------


def dose_events(administrations: Sequence[Administration]) -> tuple[DoseEvent, ...]:
    """Each administration as the timeline draws it (route code, mg, times, devices)."""
    return tuple(
        DoseEvent(
            route=a.route,
            dose_mg=float(a.dose_mg),
            started_at=a.started_at,
            ended_at=a.ended_at,
            devices=a.devices,
        )
        for a in administrations
    )


def vitals_points(vitals: Sequence[VitalSigns]) -> tuple[VitalsPoint, ...]:
    """Each vitals row as a timeline point (respiratory rate is not drawn)."""
    return tuple(
        VitalsPoint(
            taken_at=v.taken_at,
            systolic=v.systolic,
            diastolic=v.diastolic,
            heart_rate=v.heart_rate,
            spo2=v.spo2,
        )
        for v in vitals
    )


def session_drug(administrations: Sequence[Administration], protocol_drug: str) -> str:
    """The drug given (the first dose's), else the one the protocol plans."""
    return administrations[0].drug if administrations else protocol_drug


def timeline_start(
    administrations: Sequence[Administration], checked_in_at: dt.datetime | None, now: dt.datetime
) -> dt.datetime:
    """Time 0 of the session timeline: the first dose, else check-in, else now.

    The first dose is time 0 so minutes on the chart match "since first dose" on the screen
    and the label's "40 min after dosing"; pre-dose readings are then listed, not plotted.
    """
    if administrations:
        return min(a.started_at for a in administrations)
    return checked_in_at or now


# --- REMS form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A staff member as the form names them."""

    display_name: str
    email: str


@dataclass(frozen=True)
class RemsSources:
    """Everything the REMS form is built from; gathered by ``rems_services`` (audited)."""

    given_name: str
    family_name: str
    birth_date: dt.date | None
    practice_name: str
    local_tz: dt.tzinfo
    administrations: Sequence[Administration]
    vitals: Sequence[VitalSigns]
    checks: Sequence[ClinicalCheck] = ()
    adverse_events: Sequence[AdverseEvent] = ()
    discharge_done: Sequence[DischargeCheck] = ()
    discharged_at: dt.datetime | None = None
    predose_gate: str | None = None  # "proceed" | "review" | "defer" (session_safety.BpGate)
    thresholds: Thresholds = field(default_factory=Thresholds)
    intake: Mapping[str, Any] | None = None  # Any: the intake profile JSON (docs/screening.md)
    is_first_treatment: bool | None = None
    provider: Person | None = None
    prescriber: Person | None = None
    previous_form: Mapping[str, Any] | None = None  # Any: the practice's last filed form JSON


def _doses(sources: RemsSources) -> list[Administration]:
    return sorted(
        (a for a in sources.administrations if a.drug == ESKETAMINE), key=lambda a: a.started_at
    )


def _bp(reading: VitalSigns | None) -> BloodPressure | None:
    if reading is None or reading.systolic is None or reading.diastolic is None:
        return None
    return BloodPressure(reading.systolic, reading.diastolic)


def _in_session(sources: RemsSources, start: dt.datetime) -> list[VitalSigns]:
    end = sources.discharged_at
    return sorted(
        (
            v
            for v in sources.vitals
            if v.phase != VitalsPhase.PRE_DOSE
            and v.taken_at >= start
            and (end is None or v.taken_at <= end)
        ),
        key=lambda v: v.taken_at,
    )


def _near_40(readings: list[VitalSigns], start: dt.datetime) -> VitalSigns | None:
    def offset(v: VitalSigns) -> float:
        return abs((v.taken_at - start).total_seconds() / 60 - BP_40_MIN)

    near = [v for v in readings if v.systolic is not None and offset(v) <= BP_40_TOLERANCE_MIN]
    return min(near, key=offset, default=None)


def _predose_bp(sources: RemsSources) -> VitalSigns | None:
    """The latest pre-dose reading, whatever its time.

    The service takes pre-dose readings only before the first dose, and a start time typed to
    the minute may fall a few seconds before the reading was saved.
    """
    before = [v for v in sources.vitals if v.phase == VitalsPhase.PRE_DOSE and v.systolic]
    return max(before, key=lambda v: v.taken_at, default=None)


def _acceptable_at_end(sources: RemsSources, last: VitalSigns | None) -> bool | None:
    """[P] BP recorded as trending down, the last reading below the pause level, SpO2 fine."""
    if last is None or last.systolic is None or last.diastolic is None:
        return None
    limits = sources.thresholds
    trending = any(c.item == DischargeItem.BP_TRENDING_DOWN for c in sources.discharge_done)
    below_pause = last.systolic < limits.pause_systolic and last.diastolic < limits.pause_diastolic
    spo2_fine = last.spo2 is None or last.spo2 >= limits.spo2_alert_below
    return trending and below_pause and spo2_fine


def _sedation(sources: RemsSources) -> tuple[bool | None, int | None]:
    """[P] Sedation: any MOAA/S below 5 (not fully responsive), or a sedation adverse event."""
    scores = [c.score for c in sources.checks if c.kind == CheckKind.MOAAS]
    event = any(e.kind == AdverseEventKind.SEDATION for e in sources.adverse_events)
    worst = min(scores, default=None)
    if event or (worst is not None and worst < 5):
        return True, worst
    return (False if scores else None), worst


def _dissociation(sources: RemsSources) -> tuple[bool | None, int | None]:
    """[P] Dissociation: any CADSS-6 item above 0, or a dissociation adverse event."""
    scores = [c.score for c in sources.checks if c.kind == CheckKind.CADSS6]
    event = any(e.kind == AdverseEventKind.DISSOCIATION for e in sources.adverse_events)
    highest = max(scores, default=None)
    if event or (highest is not None and highest > 0):
        return True, highest
    return (False if scores else None), highest


def _respiratory_depression(sources: RemsSources, readings: list[VitalSigns]) -> bool | None:
    """[P] SpO2 below the practice's alert level or a respiratory rate below 10/min."""
    spo2 = [v.spo2 for v in readings if v.spo2 is not None]
    rates = [v.respiratory_rate for v in readings if v.respiratory_rate is not None]
    if not spo2 and not rates:
        return None
    return any(s < sources.thresholds.spo2_alert_below for s in spo2) or any(
        r < RESPIRATORY_RATE_LOW for r in rates
    )


def _medications(intake: Mapping[str, Any] | None) -> dict[str, Any]:  # Any: bool | None
    """The four yes/no answers from the intake's medication list; unknown drugs leave gaps."""
    listed = intake.get("medications") if intake else None
    if not isinstance(listed, list):
        return dict.fromkeys(MEDICATION_CLASSES)
    drugs = [lookup_drug(str(m.get("name", ""))) for m in listed if isinstance(m, dict)]
    if any(drug is None for drug in drugs):
        return dict.fromkeys(MEDICATION_CLASSES)  # the filer must answer for an unknown drug
    classes = {cls for drug in drugs if drug is not None for cls in drug.classes}
    return {key: bool(classes & wanted) for key, wanted in MEDICATION_CLASSES.items()}


def _ready_min(sources: RemsSources, start: dt.datetime) -> int | None:
    """[P] When the last discharge criterion was recorded, in minutes from the first device."""
    if len({c.item for c in sources.discharge_done}) < len(DischargeItem):
        return None
    last = max(c.created_at for c in sources.discharge_done)
    return max(0, round((last - start).total_seconds() / 60))


def _name_parts(person: Person | None) -> tuple[str | None, str | None]:
    if person is None or not person.display_name.strip():
        return None, None
    first, _, last = person.display_name.strip().partition(" ")
    return first, (last.strip() or None)


def _adverse_events(sources: RemsSources) -> tuple[AdverseEventEntry, ...]:
    """Coded kinds only (no free text); "serious" is reported as severe and serious."""
    return tuple(
        AdverseEventEntry(
            kind=e.kind,
            severity="severe" if e.severity == AdverseEventSeverity.SERIOUS else e.severity,
            serious=e.severity == AdverseEventSeverity.SERIOUS,
        )
        for e in sources.adverse_events
    )


def _setting(sources: RemsSources) -> dict[str, Any]:  # Any: RemsInput field values
    """The certified setting's details, carried over from the practice's last filed form."""
    previous = dict((sources.previous_form or {}).get("healthcare_setting") or {})
    keys = ("certification_id", "address_line1", "address_line2", "city", "state", "zip")
    values: dict[str, Any] = {f"setting_{key}": previous.get(key) for key in keys}
    provider = (sources.previous_form or {}).get("monitoring_provider") or {}
    same = sources.provider is not None and provider.get("email") == sources.provider.email
    values["provider_phone"] = provider.get("telephone") if same else None
    return values


def _session_part(sources: RemsSources, doses: list[Administration]) -> dict[str, Any]:  # Any
    if not doses:
        return {}
    start = doses[0].started_at
    readings = _in_session(sources, start)
    with_bp = [v for v in readings if v.systolic is not None]
    last = with_bp[-1] if with_bp else None
    highest = max(with_bp, key=lambda v: v.systolic or 0, default=None)
    sedation, worst = _sedation(sources)
    dissociation, cadss = _dissociation(sources)
    gate = sources.predose_gate
    return {
        "session_date": start.astimezone(sources.local_tz).date(),
        "dose_mg": round(sum(float(a.dose_mg) for a in doses)),
        "devices": sum(a.devices or 0 for a in doses) or None,
        "lot_number": ", ".join(dict.fromkeys(a.lot_number for a in doses)) or None,
        "monitoring_start": start,
        "monitoring_end": sources.discharged_at,
        "ready_to_leave_min": _ready_min(sources, start),
        "vitals_acceptable_before_dosing": None if gate is None else gate == "proceed",
        "vitals_acceptable_at_completion": _acceptable_at_end(sources, last),
        "bp_before_dosing": _bp(_predose_bp(sources)),
        "bp_40_min": _bp(_near_40(with_bp, start)),
        "bp_at_completion": _bp(last) if sources.discharged_at else None,
        "bp_max": _bp(highest),
        "spo2_min_percent": min((v.spo2 for v in readings if v.spo2 is not None), default=None),
        "heart_rate_max": max(
            (v.heart_rate for v in readings if v.heart_rate is not None), default=None
        ),
        "sedation_observed": sedation,
        "moaas_worst": worst,
        "dissociation_observed": dissociation,
        "cadss_max": cadss,
        "respiratory_depression_observed": _respiratory_depression(sources, readings),
        "discharged_at": sources.discharged_at,
    }


def rems_input(sources: RemsSources) -> RemsInput:
    """The REMS form's input from the session record (``None`` where the record is silent).

    Args:
        sources: The rows and facts of one esketamine session.

    Returns:
        The form input; ``rems.missing_fields`` says what the filer must still supply.
    """
    provider_first, provider_last = _name_parts(sources.provider)
    sex = (sources.intake or {}).get("sex")
    return RemsInput(
        setting_name=sources.practice_name,
        prescriber_name=(sources.prescriber.display_name or None) if sources.prescriber else None,
        provider_first_name=provider_first,
        provider_last_name=provider_last,
        provider_email=sources.provider.email if sources.provider else None,
        patient_first_name=sources.given_name,
        patient_last_name=sources.family_name,
        patient_birth_date=sources.birth_date,
        patient_sex=SEX_TO_FORM.get(str(sex)) if sex else None,
        is_first_treatment=sources.is_first_treatment,
        adverse_events=_adverse_events(sources),
        **_setting(sources),
        **_medications(sources.intake),
        **_session_part(sources, _doses(sources)),
    )


def with_answers(form: RemsInput, answers: Mapping[str, Any]) -> RemsInput:  # Any: field values
    """``form`` with the filer's answers (``RemsInput`` field names) replacing its values.

    Blank answers (``None`` or empty text) keep what the record says.
    """
    names = {f.name for f in dataclasses.fields(RemsInput)}
    given: dict[str, Any] = {  # Any: RemsInput field values
        key: value.strip() if isinstance(value, str) else value
        for key, value in answers.items()
        if key in names and value is not None and not (isinstance(value, str) and not value.strip())
    }
    return dataclasses.replace(form, **given)


# --- a filed form back to its input (the PDF of what was filed) ----------------------------


def _date(value: Any) -> dt.date | None:  # Any: a JSON scalar
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _datetime(value: Any) -> dt.datetime | None:  # Any: a JSON scalar
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def _pressure(value: Any) -> BloodPressure | None:  # Any: a JSON object or null
    return BloodPressure(value["systolic"], value["diastolic"]) if value else None


def rems_input_from_document(document: Mapping[str, Any]) -> RemsInput:  # Any: the JSON form
    """Rebuild the input of a filed form (``RemsFiling.form``) so its PDF shows what was filed.

    ``rems_form_json(rems_input_from_document(doc))`` equals ``doc`` (tested round trip).
    """
    p, m = document["patient"], document["concomitant_medication"]
    mp, hs = document["monitoring_provider"], document["healthcare_setting"]
    s, vs, o = document["session"], document["vital_signs"], document["observations"]
    return RemsInput(
        **{f"setting_{key}": value for key, value in hs.items()},
        prescriber_name=document["prescriber"]["name"],
        provider_first_name=mp["first_name"],
        provider_last_name=mp["last_name"],
        provider_phone=mp["telephone"],
        provider_email=mp["email"],
        patient_first_name=p["first_name"],
        patient_middle_initial=p["middle_initial"],
        patient_last_name=p["last_name"],
        patient_birth_date=_date(p["birth_date"]),
        patient_sex=p["sex"],
        rems_patient_id=p["rems_patient_id"],
        is_first_treatment=p["is_first_treatment"],
        takes_benzodiazepines=m["benzodiazepines"],
        takes_non_benzodiazepine_hypnotics=m["non_benzodiazepine_sedative_hypnotics"],
        takes_psychostimulants=m["psychostimulants"],
        takes_maois=m["maois"],
        session_date=_date(s["date"]),
        dose_mg=s["dose_mg"],
        devices=s["devices"],
        lot_number=s["lot_number"],
        monitoring_start=_datetime(s["monitoring_start"]),
        monitoring_end=_datetime(s["monitoring_end"]),
        ready_to_leave_min=s["ready_to_leave_min"],
        vitals_acceptable_before_dosing=vs["acceptable_before_dosing"],
        vitals_acceptable_at_completion=vs["acceptable_at_completion"],
        bp_before_dosing=_pressure(vs["bp_before_dosing"]),
        bp_40_min=_pressure(vs["bp_40_min"]),
        bp_at_completion=_pressure(vs["bp_at_completion"]),
        bp_max=_pressure(vs["bp_max"]),
        spo2_min_percent=vs["spo2_min_percent"],
        heart_rate_max=vs["heart_rate_max"],
        sedation_observed=o["sedation"],
        moaas_worst=o["moaas_worst"],
        dissociation_observed=o["dissociation"],
        cadss_max=o["cadss_max"],
        respiratory_depression_observed=o["respiratory_depression"],
        adverse_events=tuple(
            AdverseEventEntry(e["kind"], e["severity"], e["serious"])
            for e in document["adverse_events"]
        ),
        discharged_at=_datetime(document["discharge"]["discharged_at"]),
    )
