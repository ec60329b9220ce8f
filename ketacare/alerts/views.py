"""Staff pages for safety alerts: the open list, one alert, acknowledge and resolve."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.alerts.exceptions import AlertAlreadyHandled
from ketacare.alerts.forms import AlertResolveForm
from ketacare.alerts.models import AlertStatus
from ketacare.alerts.permissions import is_alert_staff
from ketacare.alerts.selectors import alert_get, alert_list, alert_open_count
from ketacare.alerts.services import alert_acknowledge, alert_resolve
from ketacare.core.permissions import require


@require_GET
def alert_list_view(request: AuthedHttpRequest) -> HttpResponse:
    require(is_alert_staff(request.user))
    alerts = alert_list(actor=request.user, status=AlertStatus.OPEN)
    return render(request, "alerts/list.html", {"alerts": alerts})


@require_GET
def alert_open_count_view(request: AuthedHttpRequest) -> HttpResponse:
    require(is_alert_staff(request.user))
    count = alert_open_count(actor=request.user)
    return render(request, "alerts/partials/_open_count.html", {"open_alert_count": count})


@require_GET
def alert_detail(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = alert_get(actor=request.user, public_id=public_id)
    context = {"alert": alert, "form": AlertResolveForm()}
    return render(request, "alerts/detail.html", context)


@require_POST
def alert_acknowledge_view(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = alert_get(actor=request.user, public_id=public_id)
    try:
        alert_acknowledge(actor=request.user, alert=alert)
        messages.success(request, "Alert acknowledged.")
    except AlertAlreadyHandled as exc:
        messages.error(request, str(exc))
    return redirect("alerts:detail", public_id=alert.public_id)


@require_POST
def alert_resolve_view(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = alert_get(actor=request.user, public_id=public_id)
    form = AlertResolveForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/detail.html", {"alert": alert, "form": form}, status=400)
    try:
        alert_resolve(actor=request.user, alert=alert, note=form.cleaned_data["note"])
        messages.success(request, "Alert resolved.")
    except AlertAlreadyHandled as exc:
        messages.error(request, str(exc))
    return redirect("alerts:detail", public_id=alert.public_id)
