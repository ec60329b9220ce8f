"""Outcome pages: the lead's practice dashboard and a client's progress (own, or for staff)."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.alerts.permissions import is_alert_staff
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import NotFound
from ketacare.domain.outcomes import MIN_CELL, practice_outcomes
from ketacare.outcomes.dashboard import OutcomeFilterForm, km_chart, window_rows
from ketacare.outcomes.progress import progress_build
from ketacare.outcomes.selectors import client_progress_data, outcome_data_for_practice


@require_GET
def practice_dashboard(request: AuthedHttpRequest) -> HttpResponse:
    """Response, remission, durability and the integration effect of the lead's practice."""
    practice = lead_practice_or_403(request.user)
    form = OutcomeFilterForm(request.GET or None)
    context: dict[str, object] = {"practice": practice, "form": form, "min_cell": MIN_CELL}
    if request.GET and not form.is_valid():
        return render(request, "outcomes/practice.html", context, status=400)
    if request.GET:
        protocol, period = form.protocol_code(), form.period()
    else:
        protocol, period = None, None
    data = outcome_data_for_practice(
        actor=request.user, practice=practice, protocol=protocol, period=period
    )
    outcomes = practice_outcomes(data)
    context |= {
        "outcomes": outcomes,
        "rows": window_rows(outcomes),
        "km": km_chart(outcomes.durability.km, outcomes.durability.median_days),
        "km_rows": list(zip(outcomes.durability.km, outcomes.durability.at_risk, strict=True)),
    }
    return render(request, "outcomes/practice.html", context)


@require_GET
def progress_own(request: AuthedHttpRequest) -> HttpResponse:
    """The signed-in client's own progress; people without a client record get 404."""
    client = client_own(actor=request.user)
    if client is None:
        raise NotFound
    progress = progress_build(client_progress_data(actor=request.user, client=client))
    context = {"client": client, "progress": progress, "for_client": True}
    return render(request, "outcomes/progress.html", context)


@require_GET
def progress_client(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A client's progress for their care team and the practice's leads (clients get 404).

    Staff who are also this client (their own record) get 404 too: they read their own
    progress on `/outcomes/progress/`.
    """
    own = Client.objects.filter(public_id=public_id, user=request.user).exists()
    if own or not is_alert_staff(request.user):
        raise NotFound
    client = client_get(actor=request.user, public_id=public_id)
    progress = progress_build(client_progress_data(actor=request.user, client=client), you=False)
    context = {"client": client, "progress": progress, "for_client": False}
    return render(request, "outcomes/progress.html", context)
