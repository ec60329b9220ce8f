"""Client pages: the plan (insights and commitments), one-tap check-ins, follow-ups due."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_own
from ketacare.core.permissions import NotFound, require
from ketacare.integration.exceptions import CHECK_IN_UPDATED, IntegrationInvalid
from ketacare.integration.follow_ups import follow_up_complete
from ketacare.integration.forms import CheckInForm, CommitmentForm, DailyCheckInForm, InsightForm
from ketacare.integration.models import Commitment, CommitmentStatus
from ketacare.integration.permissions import can_write_plan
from ketacare.integration.selectors import (
    coaching_dates_for,
    commitment_check_ins,
    commitment_get,
    commitments_for,
    daily_check_in_latest,
    follow_up_get,
    follow_ups_due,
    insights_for,
    plan_summary,
)
from ketacare.integration.services import (
    CommitmentValues,
    DailyValues,
    client_today,
    commitment_check_in,
    commitment_create,
    commitment_status_set,
    daily_check_in_save,
    insight_create,
)


def _own(request: AuthedHttpRequest) -> Client:
    client = client_own(actor=request.user)
    if client is None:
        raise NotFound  # staff and the operator have no plan of their own
    return client


def _invalid(form: object, exc: IntegrationInvalid) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)  # type: ignore[attr-defined]


@require_GET
def card(request: AuthedHttpRequest) -> HttpResponse:
    client = _own(request)
    latest = daily_check_in_latest(actor=request.user, client=client)
    context = {
        "checked_in_today": latest is not None and latest.on == client_today(client),
        "follow_ups": follow_ups_due(actor=request.user, client=client),
        "rows": plan_summary(actor=request.user, client=client),
    }
    template = "partials/_card.html" if getattr(request, "htmx", False) else "card.html"
    return render(request, f"integration/{template}", context)


@require_GET
def plan(request: AuthedHttpRequest) -> HttpResponse:
    client = _own(request)
    context = {
        "insights": insights_for(actor=request.user, client=client),
        "rows": plan_summary(actor=request.user, client=client),
        "others": [
            c
            for c in commitments_for(actor=request.user, client=client)
            if c.status in {CommitmentStatus.COMPLETED, CommitmentStatus.DROPPED}
        ],
        "follow_ups": follow_ups_due(actor=request.user, client=client),
        "sessions": coaching_dates_for(actor=request.user, client=client),
    }
    return render(request, "integration/plan.html", context)


def _daily_initial(request: AuthedHttpRequest, client: Client) -> dict[str, object]:
    """Today's answers if already given, else yesterday's (or any last) as the defaults."""
    latest = daily_check_in_latest(actor=request.user, client=client)
    if latest is None:
        return {"mood": 5, "anxiety": 5, "sleep_quality": 5}
    initial: dict[str, object] = {
        "mood": latest.mood,
        "anxiety": latest.anxiety,
        "sleep_quality": latest.sleep_quality,
    }
    if latest.on == client_today(client):
        initial["note"] = latest.note
        initial["practices"] = [str(c.public_id) for c in latest.practices_done.all()]
    return initial


@require_http_methods(["GET", "POST"])
def daily(request: AuthedHttpRequest) -> HttpResponse:
    client = _own(request)
    active = [c for c in commitments_for(actor=request.user, client=client) if c.status == "active"]
    form = DailyCheckInForm(
        request.POST or None, initial=_daily_initial(request, client), commitments=active
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["practices"])
        values = DailyValues(
            mood=form.cleaned_data["mood"],
            anxiety=form.cleaned_data["anxiety"],
            sleep_quality=form.cleaned_data["sleep_quality"],
            practices=[c for c in active if str(c.public_id) in chosen],
            note=form.cleaned_data["note"],
        )
        daily_check_in_save(actor=request.user, client=client, values=values)
        messages.success(request, "Thank you: today's check-in is saved.")
        return redirect("home")
    status = 400 if form.errors else 200
    context = {"form": form, "client": client}
    return render(request, "integration/daily.html", context, status=status)


@require_http_methods(["GET", "POST"])
def insight_new(request: AuthedHttpRequest) -> HttpResponse:
    client = _own(request)
    # A journal entry or session page may link here with its kind and id, to keep the source.
    initial = {
        "source_kind": request.GET.get("source_kind", ""),
        "source_public_id": request.GET.get("source", ""),
    }
    form = InsightForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            insight = insight_create(actor=request.user, client=client, **form.cleaned_data)
        except IntegrationInvalid as exc:
            _invalid(form, exc)
        else:
            messages.success(request, "Insight saved. Now turn it into a commitment.")
            return redirect(f"/integration/commitments/new/?insight={insight.public_id}")
    status = 400 if form.errors else 200
    return render(request, "integration/insight_new.html", {"form": form}, status=status)


def _commitment_values(form: CommitmentForm) -> CommitmentValues:
    data = form.cleaned_data
    return CommitmentValues(
        data["domain"], data["next_step"], data["cadence"], data["start_on"], data["review_on"]
    )


@require_http_methods(["GET", "POST"])
def commitment_new(request: AuthedHttpRequest) -> HttpResponse:
    client = _own(request)
    insights = insights_for(actor=request.user, client=client)
    today = client_today(client)
    initial = {"insight": request.GET.get("insight", ""), "start_on": today, "review_on": today}
    form = CommitmentForm(request.POST or None, initial=initial, insights=insights)
    if request.method == "POST" and form.is_valid():
        insight = next(
            (i for i in insights if str(i.public_id) == form.cleaned_data["insight"]), None
        )
        try:
            item = commitment_create(
                actor=request.user, client=client, values=_commitment_values(form), insight=insight
            )
        except IntegrationInvalid as exc:
            _invalid(form, exc)
        else:
            return redirect("integration:commitment", public_id=item.public_id)
    status = 400 if form.errors else 200
    return render(request, "integration/commitment_new.html", {"form": form}, status=status)


def _check_in(request: AuthedHttpRequest, item: Commitment, form: CheckInForm) -> bool:
    try:
        _, created = commitment_check_in(actor=request.user, commitment=item, **form.cleaned_data)
    except IntegrationInvalid as exc:
        _invalid(form, exc)
        return False
    messages.success(request, "Check-in saved." if created else CHECK_IN_UPDATED)
    return True


@require_http_methods(["GET", "POST"])
def commitment_detail(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The commitment and its check-ins; the client checks in with one tap (staff read only)."""
    item = commitment_get(actor=request.user, public_id=public_id)
    may_write = can_write_plan(request.user, item.client)
    if request.method == "POST":
        require(may_write)
    form = CheckInForm(request.POST or None) if may_write else None
    if (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and _check_in(request, item, form)
    ):
        return redirect("integration:commitment", public_id=item.public_id)
    context = {
        "item": item,
        "form": form,
        "check_ins": commitment_check_ins(actor=request.user, commitment=item),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "integration/commitment.html", context, status=status)


@require_POST
def commitment_status(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Pause, resume, complete or drop a commitment (the client's decision, often at review)."""
    item = commitment_get(actor=request.user, public_id=public_id)
    try:
        commitment_status_set(
            actor=request.user, commitment=item, status=request.POST.get("status", "")
        )
    except IntegrationInvalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The commitment is now {item.get_status_display().lower()}.")
    return redirect("integration:commitment", public_id=item.public_id)


@require_POST
def follow_up_done(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    follow_up_complete(
        actor=request.user, follow_up=follow_up_get(actor=request.user, public_id=public_id)
    )
    messages.success(request, "Marked as done.")
    return redirect("integration:plan")
