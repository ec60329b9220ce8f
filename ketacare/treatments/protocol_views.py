"""Leads' pages for the practice's protocols: the built-ins, their copies, and adjusting one."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.domain.protocols import PROTOCOLS, protocol_get
from ketacare.treatments.exceptions import TreatmentRefused
from ketacare.treatments.models import PracticeProtocol
from ketacare.treatments.protocol_forms import PracticeProtocolForm
from ketacare.treatments.protocol_services import (
    ProtocolRefused,
    practice_protocol_copy,
    practice_protocol_get,
    practice_protocol_retire,
    practice_protocol_update,
    practice_protocols,
)


@require_GET
def protocols(request: AuthedHttpRequest) -> HttpResponse:
    """The built-in templates, each with "Copy and adjust", and the practice's copies."""
    practice = lead_practice_or_403(request.user)
    builtins = list(PROTOCOLS.values())
    rows = practice_protocols(actor=request.user, practice=practice, include_retired=True)
    copies = [(copy, protocol_get(copy.based_on).name) for copy in rows]
    context = {"practice": practice, "builtins": builtins, "copies": copies}
    return render(request, "treatments/protocols.html", context)


@require_POST
def protocol_copy(request: AuthedHttpRequest) -> HttpResponse:
    """Copy a built-in into a practice protocol, then adjust it on its form."""
    practice = lead_practice_or_403(request.user)
    based_on = request.POST.get("based_on", "")
    try:
        copy = practice_protocol_copy(actor=request.user, practice=practice, based_on=based_on)
    except TreatmentRefused as exc:
        messages.error(request, exc.message)
        return redirect("treatments:protocols")
    messages.success(request, "Copied. Adjust it below; the built-in stays as it was.")
    return redirect("treatments:protocol-edit", public_id=copy.public_id)


def _saved(
    request: AuthedHttpRequest, protocol: PracticeProtocol, form: PracticeProtocolForm
) -> bool:
    """Save the form's values; a refusal lands on the fields it names (input kept)."""
    try:
        practice_protocol_update(actor=request.user, protocol=protocol, overrides=form.overrides())
    except ProtocolRefused as exc:
        for error in exc.errors:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    except TreatmentRefused as exc:
        form.add_error(None, exc.message)
        return False
    return True


@require_http_methods(["GET", "POST"])
def protocol_edit(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Adjust a copy; each field shows the built-in value, the limits and their source."""
    lead_practice_or_403(request.user)
    protocol = practice_protocol_get(actor=request.user, public_id=public_id)
    template = protocol_get(protocol.based_on)
    data = request.POST if request.method == "POST" else None
    form = PracticeProtocolForm(data, template=template, current=protocol.overrides)
    if data is not None and form.is_valid() and _saved(request, protocol, form):
        messages.success(request, "The protocol is saved.")
        return redirect("treatments:protocols")
    context = {"protocol": protocol, "template": template, "form": form}
    status = 400 if form.errors else 200
    return render(request, "treatments/protocol_form.html", context, status=status)


@require_POST
def protocol_retire(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Retire a copy: no new course can follow it; planned courses keep it."""
    lead_practice_or_403(request.user)
    protocol = practice_protocol_get(actor=request.user, public_id=public_id)
    practice_protocol_retire(actor=request.user, protocol=protocol)
    messages.success(request, "The protocol is retired.")
    return redirect("treatments:protocols")
