"""Intake pages for clients, their status in plain words, and the screening section for staff."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import NotFound, require
from ketacare.preparation.display import STATUS_WORDS, flag_rows, review_rows
from ketacare.preparation.exceptions import DecisionInvalid, IntakeInvalid
from ketacare.preparation.forms import DecisionForm, StepForm, step_form
from ketacare.preparation.models import Eligibility, Intake
from ketacare.preparation.permissions import can_decide_screening, can_fill_intake, is_the_client
from ketacare.preparation.selectors import (
    intake_get,
    preparation_status,
    screening_overview,
    screening_result_get,
)
from ketacare.preparation.services import (
    intake_save_step,
    intake_start_or_resume,
    intake_submit,
    screening_decision_record,
)
from ketacare.preparation.steps import FIELD_LABELS, LAST_STEP, STEP_BY_NUMBER, STEPS


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _status_context(request: AuthedHttpRequest, client: Client | None) -> dict[str, object]:
    if client is None:
        return {"client": None, "status": None, "words": None}
    status = preparation_status(actor=request.user, client=client)
    return {"client": client, "status": status, "words": STATUS_WORDS[status.state]}


@require_GET
def status_own(request: AuthedHttpRequest) -> HttpResponse:
    context = _status_context(request, client_own(actor=request.user))
    if _is_htmx(request):
        return render(request, "preparation/partials/_status.html", context)
    return render(request, "preparation/status.html", context)


@require_POST
def intake_start(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_get(actor=request.user, public_id=public_id)
    intake = intake_start_or_resume(actor=request.user, client=client)
    return redirect("preparation:step", public_id=intake.public_id, step=intake.current_step)


def _after_intake(request: AuthedHttpRequest, intake: Intake) -> HttpResponse:
    if is_the_client(request.user, intake.client):
        return redirect("preparation:status")
    return redirect("clients:detail", public_id=intake.client.public_id)


def _next(request: AuthedHttpRequest, intake: Intake, step: int) -> HttpResponse:
    target = step - 1 if "back" in request.POST else step + 1
    target = min(max(target, 1), LAST_STEP)
    return redirect("preparation:step", public_id=intake.public_id, step=target)


def _render_step(
    request: AuthedHttpRequest, intake: Intake, step: int, form: StepForm | None
) -> HttpResponse:
    errors = form.error_summary() if form is not None and request.method == "POST" else []
    context = {
        "intake": intake,
        "step": STEP_BY_NUMBER[step],
        "steps": STEPS,
        "form": form,
        "errors": errors,
        "rows": review_rows(intake.data, FIELD_LABELS) if step == LAST_STEP else [],
    }
    return render(request, "preparation/step.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def intake_step(request: AuthedHttpRequest, public_id: uuid.UUID, step: int) -> HttpResponse:
    intake = intake_get(actor=request.user, public_id=public_id)
    require(can_fill_intake(request.user, intake.client))
    if step not in STEP_BY_NUMBER:
        raise NotFound
    if intake.is_submitted:
        return _after_intake(request, intake)
    if step == LAST_STEP:
        return _render_step(request, intake, step, None)
    form = step_form(step, request.POST if request.method == "POST" else None, intake.data)
    if request.method == "POST":
        # Save whatever validated, even when other fields on the page did not.
        intake = intake_save_step(
            actor=request.user, intake=intake, step=step, data=form.profile_data()
        )
        if "add_row" not in request.POST and (form.is_valid() or "back" in request.POST):
            return _next(request, intake, step)
    return _render_step(request, intake, step, form)


@require_POST
def intake_send(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    intake = intake_get(actor=request.user, public_id=public_id)
    try:
        intake_submit(actor=request.user, intake=intake)
    except IntakeInvalid as exc:
        messages.error(request, f"Please check this answer before sending: {exc.message}")
        return redirect("preparation:step", public_id=intake.public_id, step=exc.step)
    messages.success(request, "Thank you: your answers have been sent to your care team.")
    return _after_intake(request, intake)


def _screening_context(
    request: AuthedHttpRequest, client: Client, form: DecisionForm
) -> dict[str, object]:
    overview = screening_overview(actor=request.user, client=client)
    result = overview.result
    return {
        "client": client,
        "overview": overview,
        "flags": flag_rows(result) if result else [],
        "is_absolute": result is not None and result.eligibility == Eligibility.NO,
        "can_decide": can_decide_screening(request.user, client),
        "form": form,
    }


@require_GET
def client_screening(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_get(actor=request.user, public_id=public_id)
    if is_the_client(request.user, client):
        # The client sees where they stand in plain words, never flags or reasons.
        context = _status_context(request, client)
        partial, page = "preparation/partials/_status.html", "preparation/status.html"
    else:
        context = _screening_context(request, client, DecisionForm())
        partial, page = "preparation/partials/_screening.html", "preparation/screening.html"
    return render(request, partial if _is_htmx(request) else page, context)


@require_POST
def decision_new(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    result = screening_result_get(actor=request.user, public_id=public_id)
    require(can_decide_screening(request.user, result.client))
    form = DecisionForm(request.POST)
    if form.is_valid():
        current = screening_overview(actor=request.user, client=result.client).current
        try:
            screening_decision_record(
                actor=request.user, result=result, amends=current, **form.cleaned_data
            )
        except DecisionInvalid as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Decision signed.")
            return redirect("clients:detail", public_id=result.client.public_id)
    context = _screening_context(request, result.client, form)
    return render(request, "preparation/screening.html", context, status=400)
