"""Treatment pages: a client's courses and check-in (staff), sessions and readiness (client)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import NotFound, require
from ketacare.treatments.exceptions import ONLY_THE_CLIENT, TreatmentRefused
from ketacare.treatments.forms import CheckInForm, CoursePlanForm
from ketacare.treatments.models import DosingSession
from ketacare.treatments.permissions import can_confirm_readiness, can_plan_treatment
from ketacare.treatments.protocol_services import plan_choices
from ketacare.treatments.selectors import (
    courses_for_client,
    readiness_items,
    session_get,
    sessions_own,
)
from ketacare.treatments.services import course_plan, readiness_confirm, session_check_in
from ketacare.treatments.session_selectors import sessions_completed_own


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _courses_page(
    request: AuthedHttpRequest, client: Client, form: CoursePlanForm, *, partial: bool = False
) -> HttpResponse:
    context = {
        "client": client,
        "courses": courses_for_client(actor=request.user, client=client),
        "form": form,
        "can_plan": can_plan_treatment(request.user, client),
    }
    template = "treatments/partials/_client.html" if partial else "treatments/client.html"
    return render(request, template, context, status=400 if form.errors else 200)


@require_GET
def client_courses(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client's courses with each session's readiness; staff also plan a course here."""
    client = client_get(actor=request.user, public_id=public_id)
    form = CoursePlanForm(choices=plan_choices(actor=request.user, client=client))
    return _courses_page(request, client, form, partial=_is_htmx(request))


@require_POST
def course_new(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Plan a course; a refused gate is shown on the form."""
    client = client_get(actor=request.user, public_id=public_id)
    form = CoursePlanForm(request.POST, choices=plan_choices(actor=request.user, client=client))
    if form.is_valid():
        try:
            course_plan(actor=request.user, client=client, **form.cleaned_data)
        except TreatmentRefused as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, "The course is planned.")
            return redirect("treatments:client", public_id=client.public_id)
    return _courses_page(request, client, form)


def _check_in_page(
    request: AuthedHttpRequest, session: DosingSession, form: CheckInForm
) -> HttpResponse:
    items = readiness_items(session=session)
    context = {
        "session": session,
        "open_items": [item for item in items if not item.is_confirmed],
        "confirmed_items": [item for item in items if item.is_confirmed],
        "form": form,
    }
    return render(request, "treatments/check_in.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def check_in(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Staff: a session's open readiness items first, then check the client in."""
    session = session_get(actor=request.user, public_id=public_id)
    if not can_plan_treatment(request.user, session.client):
        raise NotFound
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session_check_in(actor=request.user, session=session, **form.cleaned_data)
        except TreatmentRefused as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, f"Checked in for session {session.number}.")
            return redirect("treatments:session", public_id=session.public_id)
    return _check_in_page(request, session, form)


@require_http_methods(["GET", "POST"])
def readiness(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client's checklist for one session; ticking items and sending confirms them."""
    session = session_get(actor=request.user, public_id=public_id)
    require(can_confirm_readiness(request.user, session.client), ONLY_THE_CLIENT)
    items = readiness_items(session=session)
    if request.method == "POST":
        chosen = set(request.POST.getlist("item"))
        try:
            for item in items:
                if str(item.public_id) in chosen and not item.is_confirmed:
                    readiness_confirm(actor=request.user, item=item)
        except TreatmentRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Thank you: your checklist is saved.")
        return redirect("treatments:readiness", public_id=session.public_id)
    return render(request, "treatments/readiness.html", {"session": session, "items": items})


@require_GET
def sessions_own_view(request: AuthedHttpRequest) -> HttpResponse:
    """The client's upcoming sessions with their readiness; the home card when asked by htmx."""
    client = client_own(actor=request.user)
    today = timezone.localdate()
    sessions = sessions_own(actor=request.user, client=client, today=today) if client else ()
    context = {"client": client, "sessions": sessions}
    if _is_htmx(request):
        return render(request, "treatments/partials/_own.html", context)
    # The reflection link (helper A1): sessions just completed, while they are fresh.
    context["to_reflect"] = (
        sessions_completed_own(actor=request.user, client=client, now=timezone.now())
        if client
        else ()
    )
    return render(request, "treatments/own.html", context)
