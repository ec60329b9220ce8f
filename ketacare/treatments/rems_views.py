"""The Spravato REMS form pages: preview and filing, and the JSON and PDF downloads."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.treatments.exceptions import TreatmentRefused
from ketacare.treatments.rems import (
    LABELS,
    RemsInput,
    field_label,
    field_shown,
    rems_form_json,
    rems_form_pdf,
)
from ketacare.treatments.rems_services import (
    RemsView,
    rems_filing_record,
    rems_form_draft,
    rems_form_get,
)
from ketacare.treatments.selectors import session_get

_YES_NO = [("", "Not answered"), ("yes", "Yes"), ("no", "No")]
_SEX = [("", "Not answered"), ("female", "Female"), ("male", "Male"), ("other", "Other")]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=_YES_NO, coerce=lambda value: value == "yes", required=False
    )


def _text(label: str, max_length: int = 120) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False)


class RemsFilingForm(forms.Form):
    """What the record does not hold, pre-filled from what it does; then the filing itself."""

    patient_birth_date = forms.DateField(
        label="Client's date of birth",
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    patient_sex = forms.ChoiceField(
        label="Client's sex (as the REMS asks)", choices=_SEX, required=False
    )
    takes_benzodiazepines = _yes_no("Takes benzodiazepines")
    takes_non_benzodiazepine_hypnotics = _yes_no("Takes non-benzodiazepine sedative hypnotics")
    takes_psychostimulants = _yes_no("Takes psychostimulants")
    takes_maois = _yes_no("Takes monoamine oxidase inhibitors (MAOIs)")
    respiratory_depression_observed = _yes_no("Respiratory depression observed")
    ready_to_leave_min = forms.IntegerField(
        label="Without the 2-hour minimum, ready to leave after (min from the first device)",
        min_value=0,
        max_value=1440,
        required=False,
    )
    provider_first_name = _text("Monitoring provider's first name")
    provider_last_name = _text("Monitoring provider's last name")
    provider_phone = _text("Monitoring provider's telephone", 40)
    prescriber_name = _text("Prescriber")
    setting_certification_id = _text("Certified setting identifier", 64)
    setting_address_line1 = _text("Setting address")
    setting_address_line2 = _text("Setting address, line 2 (optional)")
    setting_city = _text("City", 80)
    setting_state = _text("State", 40)
    setting_zip = _text("ZIP code", 20)
    confirmation = _text("REMS confirmation reference (optional)", 64)


def _initial(form: RemsInput) -> dict[str, Any]:  # Any: form initial values
    values: dict[str, Any] = {}
    for name in RemsFilingForm.base_fields:
        value = getattr(form, name, None)
        values[name] = ("yes" if value else "no") if isinstance(value, bool) else value
    return values


def _readable(name: str) -> str:
    """``section.key (why)`` as "Section title: Key (why)"."""
    head, _, why = name.partition(" ")
    section, _, key = head.partition(".")
    title = LABELS.get(section, field_label(section))
    return f"{title}: {field_label(key).lower()}{' ' + why if why else ''}"


def _sections(document: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:  # Any
    return [
        (
            title,
            [
                (field_label(k), field_shown(v, missing="not recorded"))
                for k, v in document[section].items()
            ],
        )
        for section, title in LABELS.items()
    ]


def _render(
    request: AuthedHttpRequest, view: RemsView, form: RemsFilingForm, document: dict[str, Any]
) -> HttpResponse:
    context = {
        "session": view.session,
        "filing": view.filing,
        "document": document,
        "sections": _sections(document),
        "missing": [_readable(name) for name in document["missing_fields"]],
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return render(request, "treatments/rems.html", context, status=status)


@require_http_methods(["GET", "POST"])
def rems_page(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Preview the REMS form with what is missing; complete it and mark it as filed."""
    session = session_get(actor=request.user, public_id=public_id)
    view = rems_form_get(actor=request.user, session=session)
    if request.method == "GET" or view.filing is not None:
        return _render(request, view, RemsFilingForm(initial=_initial(view.form)), view.document)
    form = RemsFilingForm(request.POST)
    if form.is_valid():
        answers = dict(form.cleaned_data)
        confirmation = answers.pop("confirmation")
        try:
            rems_filing_record(
                actor=request.user, session=session, answers=answers, confirmation=confirmation
            )
        except TreatmentRefused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The REMS form is marked as filed.")
            return redirect("treatments:rems", public_id=session.public_id)
    answers = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    draft = rems_form_draft(session=session, answers=answers)
    return _render(request, view, form, rems_form_json(draft))


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(view: RemsView, extension: str) -> str:
    # No PHI in the file name: the session's public id only.
    return f"rems-form-{view.session.public_id}.{extension}"


@require_GET
def rems_json(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The form as JSON (docs/rems.md), as filed once it is filed (audited EXPORT)."""
    session = session_get(actor=request.user, public_id=public_id)
    view = rems_form_get(actor=request.user, session=session, export="json")
    body = json.dumps(view.document, indent=2, default=_json_default).encode()
    return _download(body, "application/json", _filename(view, "json"))


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


@require_GET
def rems_pdf(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The form as a PDF download, never cached (audited EXPORT)."""
    session = session_get(actor=request.user, public_id=public_id)
    view = rems_form_get(actor=request.user, session=session, export="pdf")
    return _download(rems_form_pdf(view.form), "application/pdf", _filename(view, "pdf"))
