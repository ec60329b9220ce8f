"""Questionnaire pages: what is due, answering, the result, and a client's measures for staff."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.alerts.permissions import is_alert_staff
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get
from ketacare.core.permissions import require
from ketacare.domain.instruments import lookup
from ketacare.measures.display import (
    answer_rows,
    has_safety_flag,
    histories,
    overdue_rows,
    plain_result,
)
from ketacare.measures.exceptions import AssignmentNotOpen, ResponseInvalid
from ketacare.measures.forms import AssignmentForm, QuestionnaireForm, prefill
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.measures.permissions import (
    can_assign_questionnaire,
    can_submit_response,
    is_the_client,
)
from ketacare.measures.selectors import (
    assignment_get,
    assignments_due,
    assignments_open_for,
    assignments_overdue,
    response_get,
    response_list,
    responses_own,
)
from ketacare.measures.services import (
    ScheduleResult,
    assignment_create,
    assignment_schedule_create,
    response_amend,
    response_submit,
)


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@require_GET
def due_list(request: AuthedHttpRequest) -> HttpResponse:
    context = {"assignments": assignments_due(actor=request.user)}
    if _is_htmx(request):
        return render(request, "measures/partials/_due_card.html", context)
    return render(request, "measures/due.html", context)


def _submit(
    request: AuthedHttpRequest, assignment: QuestionnaireAssignment, form: QuestionnaireForm
) -> HttpResponse | None:
    try:
        response = response_submit(
            actor=request.user,
            client=assignment.client,
            instrument_code=assignment.instrument_code,
            answers=form.answers(),
            context=form.context(),
            assignment=assignment,
        )
    except ResponseInvalid as exc:
        form.add_error(exc.message, exc.item)
        return None
    except AssignmentNotOpen as exc:
        messages.error(request, str(exc))
        return redirect("home")
    return redirect("measures:result", public_id=response.public_id)


@require_http_methods(["GET", "POST"])
def assignment_answer(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = assignment_get(actor=request.user, public_id=public_id)
    instrument = lookup(assignment.instrument_code)
    require(can_submit_response(request.user, assignment.client, instrument))
    form = QuestionnaireForm(instrument, request.POST.dict() if request.method == "POST" else None)
    if request.method == "POST" and assignment.is_open:
        done = _submit(request, assignment, form)
        if done is not None:
            return done
    context = {"assignment": assignment, "instrument": instrument, "form": form}
    return render(request, "measures/answer.html", context, status=400 if form.error else 200)


@require_GET
def response_result(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    response = response_get(actor=request.user, public_id=public_id)
    context = {
        "response": response,
        "instrument": lookup(response.instrument_code),
        "plain_result": plain_result(response),
        "has_safety_flag": has_safety_flag(response),
        "viewer_is_client": is_the_client(request.user, response.client),
        "rows": answer_rows(response),
        "can_amend": not is_the_client(request.user, response.client)
        and can_submit_response(request.user, response.client, lookup(response.instrument_code)),
    }
    return render(request, "measures/result.html", context)


@require_http_methods(["GET", "POST"])
def response_amend_view(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    original = response_get(actor=request.user, public_id=public_id)
    instrument = lookup(original.instrument_code)
    require(can_submit_response(request.user, original.client, instrument))
    data = request.POST.dict() if request.method == "POST" else prefill(instrument, original)
    form = QuestionnaireForm(instrument, data)
    if request.method == "POST":
        try:
            amended = response_amend(
                actor=request.user,
                original=original,
                answers=form.answers(),
                context=form.context(),
            )
        except ResponseInvalid as exc:
            form.add_error(exc.message, exc.item)
        else:
            messages.success(request, "Correction saved; the original stays on record.")
            return redirect("measures:result", public_id=amended.public_id)
    context = {"original": original, "instrument": instrument, "form": form}
    return render(request, "measures/amend.html", context, status=400 if form.error else 200)


def _client_context(
    request: AuthedHttpRequest, client: Client, form: AssignmentForm
) -> dict[str, object]:
    responses = response_list(actor=request.user, client=client)
    return {
        "client": client,
        "responses": [(response, answer_rows(response)) for response in responses],
        "histories": histories(responses),
        "open_assignments": assignments_open_for(actor=request.user, client=client),
        "can_assign": can_assign_questionnaire(request.user, client),
        "form": form,
    }


@require_GET
def client_measures(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_get(actor=request.user, public_id=public_id)
    context = _client_context(request, client, AssignmentForm())
    if _is_htmx(request):
        return render(request, "measures/partials/_client_measures.html", context)
    return render(request, "measures/client.html", context)


@require_POST
def assignment_new(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_get(actor=request.user, public_id=public_id)
    require(can_assign_questionnaire(request.user, client))
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        context = _client_context(request, client, form)
        return render(request, "measures/client.html", context, status=400)
    messages.success(request, _assign(request, client, form))
    return redirect("clients:detail", public_id=client.public_id)


def _schedule_message(result: ScheduleResult) -> str:
    count = len(result.created)
    parts = [f"{count} questionnaire{'s' if count != 1 else ''} scheduled."]
    if result.existing:
        parts.append(f"Already scheduled: {', '.join(result.existing)}.")
    if result.past:
        parts.append(f"Not scheduled because the day has passed: {', '.join(result.past)}.")
    return " ".join(parts)


def _assign(request: AuthedHttpRequest, client: Client, form: AssignmentForm) -> str:
    data = form.cleaned_data
    if form.is_schedule:
        result = assignment_schedule_create(
            actor=request.user,
            client=client,
            instrument_code=data["instrument"],
            anchor_date=data["anchor_on"],
            points=data["points"],
        )
        return _schedule_message(result)
    assignment_create(
        actor=request.user,
        client=client,
        instrument_code=data["instrument"],
        due_at=form.due_at(),
        schedule_label=data["schedule_label"],
    )
    return "Questionnaire assigned."


@require_GET
def overdue_list(request: AuthedHttpRequest) -> HttpResponse:
    require(is_alert_staff(request.user))
    rows = overdue_rows(assignments_overdue(actor=request.user), timezone.now())
    if _is_htmx(request):
        return render(request, "measures/partials/_overdue.html", {"rows": rows})
    return render(request, "measures/overdue.html", {"rows": rows})


@require_GET
def history_own(request: AuthedHttpRequest) -> HttpResponse:
    context = {"histories": histories(responses_own(actor=request.user))}
    return render(request, "measures/history.html", context)
