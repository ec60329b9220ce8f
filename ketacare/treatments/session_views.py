"""The care team's dosing session screen, its record actions and the safety settings page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.models import User
from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.domain.session_safety import DEFAULTS
from ketacare.treatments import session_forms as f
from ketacare.treatments import session_record_services as rec
from ketacare.treatments import session_services as svc
from ketacare.treatments.exceptions import DischargeRefused, TreatmentRefused
from ketacare.treatments.models import DosingSession
from ketacare.treatments.permissions import can_plan_treatment
from ketacare.treatments.rems_services import rems_status
from ketacare.treatments.selectors import session_get
from ketacare.treatments.session_adapters import (
    dose_events,
    session_drug,
    timeline_start,
    vitals_points,
)
from ketacare.treatments.session_models import SessionNote
from ketacare.treatments.session_selectors import SessionRecord, session_record_get
from ketacare.treatments.timeline import TimelineChart, TimelineInputError, build_session_timeline

Handler = Callable[[User, DosingSession, forms.Form], str]


def _predose(actor: User, session: DosingSession, form: forms.Form) -> str:
    outcome = svc.session_predose_record(actor=actor, session=session, **form.cleaned_data)
    return {
        "proceed": "Pre-dose vitals saved: blood pressure allows dosing.",
        "review": "Pre-dose blood pressure needs a clinician's decision before dosing.",
        "defer": "Pre-dose blood pressure is at or above the defer level: session deferred.",
    }.get(outcome.gate.value if outcome.gate else "", "Pre-dose vitals saved.")


def _vitals(actor: User, session: DosingSession, form: forms.Form) -> str:
    outcome = svc.vital_signs_record(actor=actor, session=session, **form.cleaned_data)
    return (
        f"Vitals saved; {len(outcome.alerts)} new alert(s)." if outcome.alerts else "Vitals saved."
    )


def _status(actor: User, session: DosingSession, form: forms.Form) -> str:
    action = form.cleaned_data["action"]
    {"stop": rec.session_stop, "defer": rec.session_defer, "cancel": rec.session_cancel}[action](
        actor=actor, session=session
    )
    return f"Session {action} recorded."


def _note(actor: User, session: DosingSession, form: forms.Form) -> str:
    body = form.cleaned_data["body"]
    latest = _latest_note(session)
    if latest is None:
        rec.session_note_sign(actor=actor, session=session, body=body)
        return "Session note signed."
    rec.session_note_amend(actor=actor, note=latest, body=body)
    return "Amendment signed."


def _latest_note(session: DosingSession) -> SessionNote | None:
    return SessionNote.objects.filter(session=session, amended_by__isnull=True).first()


@dataclass(frozen=True)
class Action:
    form: type[forms.Form]
    handle: Handler


def _saying(message: str, service: Callable[..., object]) -> Handler:
    """A handler passing the cleaned form to ``service`` and answering ``message``."""

    def handle(actor: User, session: DosingSession, form: forms.Form) -> str:
        service(actor=actor, session=session, **form.cleaned_data)
        return message

    return handle


def _dissociation(actor: User, session: DosingSession, form: forms.Form) -> str:
    assert isinstance(form, f.DissociationForm)  # noqa: S101  (ACTIONS pairs them)
    rec.dissociation_check_record(actor=actor, session=session, items=form.items())
    return "CADSS-6 saved."


def _discharge(actor: User, session: DosingSession, form: forms.Form) -> str:
    rec.session_discharge(actor=actor, session=session)
    return "Client discharged."


ACTIONS: dict[str, Action] = {
    "predose": Action(f.PredoseForm, _predose),
    "bp-decision": Action(f.BpDecisionForm, _saying("Decision recorded.", svc.bp_decision_record)),
    "administration": Action(
        f.AdministrationForm, _saying("Dose recorded.", svc.administration_record)
    ),
    "vitals": Action(f.VitalsForm, _vitals),
    "sedation": Action(f.SedationForm, _saying("MOAA/S saved.", rec.sedation_check_record)),
    "dissociation": Action(f.DissociationForm, _dissociation),
    "adverse-event": Action(
        f.AdverseEventForm, _saying("Adverse event saved.", rec.adverse_event_record)
    ),
    "in-note": Action(f.NoteForm, _saying("Note added.", rec.in_session_note_add)),
    "discharge-check": Action(
        f.DischargeCheckForm, _saying("Criterion recorded.", rec.discharge_check_record)
    ),
    "discharge": Action(f.DischargeForm, _discharge),
    "status": Action(f.StatusForm, _status),
    "note": Action(f.NoteForm, _note),
}


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _timeline(record: SessionRecord) -> TimelineChart | None:
    """The expected curve for the doses given, with the vitals over it (None if undrawable)."""
    now = timezone.now()
    session = record.session
    try:
        return build_session_timeline(
            session_drug(record.administrations, record.protocol.drug),
            dose_events(record.administrations),
            float(session.weight_kg) if session.weight_kg is not None else None,
            vitals_points(record.vitals),
            timeline_start(record.administrations, session.checked_in_at, now),
            now=now,
        )
    except TimelineInputError:
        return None


def _page(
    request: AuthedHttpRequest,
    public_id: uuid.UUID,
    bound: tuple[str, forms.Form] | None = None,
    refusal: tuple[str, ...] = (),
) -> HttpResponse:
    record = session_record_get(actor=request.user, public_id=public_id)
    forms_by_key = {key: action.form(prefix=key) for key, action in ACTIONS.items()}
    if bound:
        forms_by_key[bound[0]] = bound[1]
    failed = bool(bound and (bound[1].errors or refusal))
    context = {
        "record": record,
        "session": record.session,
        # Template lookups cannot take hyphens: "bp-decision" is "bp_decision" there.
        "forms": {key.replace("-", "_"): form for key, form in forms_by_key.items()},
        "refusal": refusal,
        "failed_form": bound[0].replace("-", "_") if bound and failed else "",
        "chart": _timeline(record),
        "rems": rems_status(record.session),
    }
    # htmx does not swap 4xx answers, so the vitals grid gets its errors with a 200.
    status = 400 if failed and not _is_htmx(request) else 200
    return render(request, "treatments/session.html", context, status=status)


@require_GET
def session_screen(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The one page of a dosing session for the care team."""
    return _page(request, public_id)


@require_POST
def session_action(request: AuthedHttpRequest, public_id: uuid.UUID, action: str) -> HttpResponse:
    """One record action; the form keeps what was typed when refused."""
    spec = ACTIONS.get(action)
    session = session_get(actor=request.user, public_id=public_id)
    if spec is None or not can_plan_treatment(request.user, session.client):
        raise Http404
    form = spec.form(request.POST, prefix=action)
    refusal: tuple[str, ...] = ()
    if form.is_valid():
        try:
            message = spec.handle(request.user, session, form)
        except DischargeRefused as exc:
            refusal = exc.reasons
        except TreatmentRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, message)
            if _is_htmx(request):
                return _page(request, public_id)
            return redirect("treatments:session", public_id=public_id)
    return _page(request, public_id, (action, form), refusal)


THRESHOLD_LABELS = {
    "predose_defer_systolic": "Pre-dose: defer at systolic (mmHg) at or above",
    "predose_defer_diastolic": "Pre-dose: defer at diastolic (mmHg) at or above",
    "predose_review_systolic": "Pre-dose: clinician review from systolic (mmHg)",
    "predose_review_diastolic": "Pre-dose: clinician review from diastolic (mmHg)",
    "pause_systolic": "In session: pause and notify at systolic (mmHg) at or above",
    "pause_diastolic": "In session: pause and notify at diastolic (mmHg) at or above",
    "confirm_min": "Minutes between the two high readings that confirm it",
    "stop_systolic": "In session: stop at systolic (mmHg) at or above",
    "stop_diastolic": "In session: stop at diastolic (mmHg) at or above",
    "heart_rate_above": "Heart rate alert above (/min)",
    "heart_rate_sustained_min": "... sustained for (min)",
    "spo2_alert_below": "SpO2 alert below (%)",
    "spo2_stop_below": "SpO2 stop below (%)",
}
SOURCE = "platform policy [P], pharmacology reference §3 (Platform defaults)"


@require_http_methods(["GET", "POST"])
def safety_settings(request: AuthedHttpRequest) -> HttpResponse:
    """A lead edits the practice's session thresholds; each shows its default and source."""
    practice = lead_practice_or_403(request.user)
    current = svc.safety_settings_for(practice.pk)
    initial = {name: getattr(current, name) for name in (*THRESHOLD_LABELS, "vitals_every_min")}
    data = request.POST if request.method == "POST" else None
    form = f.SafetySettingsForm(data, initial=initial, labels=THRESHOLD_LABELS)
    if data is not None and form.is_valid():
        rec.safety_settings_update(actor=request.user, practice=practice, values=form.cleaned_data)
        messages.success(request, "Session safety settings saved.")
        return redirect("treatments:safety-settings")
    rows = [(form[name], getattr(DEFAULTS, name)) for name in THRESHOLD_LABELS]
    context = {"form": form, "rows": rows, "source": SOURCE}
    return render(
        request, "treatments/safety_settings.html", context, status=400 if form.errors else 200
    )
