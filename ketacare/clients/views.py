"""Role-based home pages and the client record pages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ketacare.accounts.models import STAFF_ROLES, Role
from ketacare.accounts.selectors import (
    lead_practice_or_403,
    practice_practitioners,
    primary_membership,
)
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.arc import client_arc
from ketacare.clients.forms import ClientInviteForm
from ketacare.clients.selectors import (
    care_team_of,
    client_get,
    client_list,
    client_own,
    practice_stats,
)
from ketacare.clients.services import client_invite


@require_GET
@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    membership = primary_membership(request.user)
    if membership is None:
        return render(request, "clients/home_none.html")
    if membership.role in STAFF_ROLES:
        is_lead = membership.role == Role.LEAD
        context = {
            "is_lead": is_lead,
            "practice": membership.practice,
            "clients": client_list(actor=request.user),
            "stats": practice_stats(actor=request.user, practice=membership.practice)
            if is_lead
            else None,
        }
        return render(request, "clients/home_staff.html", context)
    client = client_own(actor=request.user)
    if client is None:
        return render(request, "clients/home_none.html")
    context = {
        "client": client,
        "arc": client_arc(client),
        "care_team": care_team_of(client=client),
    }
    return render(request, "clients/home_client.html", context)


@require_GET
@login_required
def client_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "clients/list.html", {"clients": client_list(actor=request.user)})


@require_GET
@login_required
def client_detail(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_get(actor=request.user, public_id=public_id)
    context = {
        "client": client,
        "care_team": care_team_of(client=client),
        # A client reading their own record finds their plan on their home page instead.
        "is_own_record": client.user_id is not None and client.user_id == request.user.pk,
    }
    return render(request, "clients/detail.html", context)


@require_http_methods(["GET", "POST"])
def client_new(request: AuthedHttpRequest) -> HttpResponse:
    practice = lead_practice_or_403(request.user)
    form = ClientInviteForm(request.POST or None, practitioners=practice_practitioners(practice))
    if request.method == "POST" and form.is_valid():
        client = client_invite(actor=request.user, practice=practice, **form.cleaned_data)
        messages.success(request, "Client record opened and invitation sent.")
        return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/new.html", {"form": form, "practice": practice})
