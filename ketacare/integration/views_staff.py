"""Care-team pages: a client's plan and check-in trend, coaching notes (write, read, amend)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Field
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.alerts.permissions import is_alert_staff
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get
from ketacare.core.permissions import NotFound, require
from ketacare.integration.coaching import DapNote, coaching_note_sign
from ketacare.integration.exceptions import IntegrationInvalid
from ketacare.integration.follow_ups import DEFAULT_FOLLOW_UP_INSTRUMENTS
from ketacare.integration.forms import CoachingNoteForm, IntegrationSettingsForm
from ketacare.integration.models import CoachingSession, IntegrationSettings
from ketacare.integration.permissions import can_read_coaching_notes, can_write_coaching_note
from ketacare.integration.selectors import (
    coaching_note_get,
    coaching_notes_for,
    commitments_for,
    daily_check_ins_for,
    follow_ups_due,
    follow_ups_due_caseload,
    plan_summary,
)
from ketacare.integration.services import (
    IntegrationPolicy,
    integration_settings_read,
    integration_settings_update,
)
from ketacare.treatments.session_selectors import in_session_notes_for

_DROP_SOURCE = (
    "Issue #6 item 4: “three days of mood <= 3 or a drop of 3 points from the client's own "
    "baseline” (docs/integration.md, “The drop rule”)."
)
# Each setting's source; the default comes from the model (platform policy [P]).
POLICY_SOURCES = {
    "low_mood_threshold": _DROP_SOURCE,
    "low_mood_days": _DROP_SOURCE,
    "baseline_drop_points": _DROP_SOURCE,
    "missed_check_in_days": (
        "Platform policy [P]: three days without a daily check-in is worth a look; the caseload "
        "shows it as a non-urgent reason (docs/caseload.md)."
    ),
    "follow_up_instruments": (
        "Depression and anxiety follow-up at 1 and 2 weeks, 1, 3 and 6 months after the course "
        "(docs/integration.md, “Follow-up schedule”); protocol templates name no instruments."
    ),
}


def _staff_client(request: AuthedHttpRequest, public_id: uuid.UUID) -> Client:
    """A client the actor sees as staff; clients (even their own record) get 404 here."""
    own = Client.objects.filter(public_id=public_id, user=request.user).exists()
    if own or not is_alert_staff(request.user):
        raise NotFound
    return client_get(actor=request.user, public_id=public_id)


@require_GET
def caseload(request: AuthedHttpRequest) -> HttpResponse:
    """Follow-ups due today or overdue across the actor's caseload (an htmx section)."""
    require(is_alert_staff(request.user))
    today = timezone.now().date()
    context = {"follow_ups": follow_ups_due_caseload(actor=request.user, today=today)}
    template = "partials/_caseload.html" if getattr(request, "htmx", False) else "caseload.html"
    return render(request, f"integration/{template}", context)


@require_GET
def client_plan(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A client's plan, 4-week check-in trend, follow-ups and DAP notes (staff only)."""
    client = _staff_client(request, public_id)
    may_read_notes = can_read_coaching_notes(request.user, client)
    context = {
        "client": client,
        "rows": plan_summary(actor=request.user, client=client),
        "check_ins": daily_check_ins_for(actor=request.user, client=client),
        "follow_ups": follow_ups_due(actor=request.user, client=client),
        "notes": coaching_notes_for(actor=request.user, client=client) if may_read_notes else [],
        # The practitioners' in-session notes feed integration work (issue #5 item 8).
        "session_notes": in_session_notes_for(actor=request.user, client=client)
        if may_read_notes
        else (),
        "can_write_note": can_write_coaching_note(request.user, client),
        "policy": integration_settings_read(client.practice),
    }
    template = "partials/_client.html" if getattr(request, "htmx", False) else "client.html"
    return render(request, f"integration/{template}", context)


def _dap(form: CoachingNoteForm) -> DapNote:
    data = form.cleaned_data
    chosen = set(data["commitments"])
    commitments = [c for c in form.commitment_rows if str(c.public_id) in chosen]
    return DapNote(
        held_at=data["held_at"],
        kind=data["kind"],
        data=data["dap_data"],
        assessment=data["assessment"],
        plan=data["plan"],
        commitments=commitments,
        reviewed_plan=data["reviewed_plan"],
    )


def _sign(
    request: AuthedHttpRequest,
    client: Client,
    form: CoachingNoteForm,
    amends: CoachingSession | None,
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        note = coaching_note_sign(actor=request.user, client=client, note=_dap(form), amends=amends)
    except IntegrationInvalid as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, "Note signed. It can no longer be changed, only amended.")
    return redirect("integration:note", public_id=note.public_id)


def _note_page(
    request: AuthedHttpRequest, client: Client, amends: CoachingSession | None
) -> HttpResponse:
    require(can_write_coaching_note(request.user, client))
    commitments = commitments_for(actor=request.user, client=client)
    initial = _initial(amends)
    form = CoachingNoteForm(request.POST or None, initial=initial, commitments=commitments)
    if request.method == "POST":
        done = _sign(request, client, form, amends)
        if done is not None:
            return done
    context = {"client": client, "form": form, "amends": amends}
    return render(
        request, "integration/note_form.html", context, status=400 if form.errors else 200
    )


def _initial(amends: CoachingSession | None) -> dict[str, object]:
    if amends is None:
        return {"held_at": timezone.now().replace(second=0, microsecond=0, tzinfo=None)}
    return {
        "held_at": amends.held_at.replace(tzinfo=None),
        "kind": amends.kind,
        "dap_data": amends.data,
        "assessment": amends.assessment,
        "plan": amends.plan,
        "commitments": [str(c.public_id) for c in amends.commitments.all()],
        "reviewed_plan": amends.reviewed_plan,
    }


@require_http_methods(["GET", "POST"])
def note_new(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Write and sign a DAP note for a client (care team only)."""
    return _note_page(request, _staff_client(request, public_id), None)


@require_GET
def note_detail(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One signed DAP note with its amendments (care team and leads)."""
    note = coaching_note_get(actor=request.user, public_id=public_id)
    context = {"note": note, "can_amend": can_write_coaching_note(request.user, note.client)}
    return render(request, "integration/note.html", context)


@require_http_methods(["GET", "POST"])
def note_amend(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Correct a signed note by signing an amendment that points at it."""
    original = coaching_note_get(actor=request.user, public_id=public_id)
    return _note_page(request, original.client, original)


def _policy_default(name: str) -> str:
    if name == "follow_up_instruments":
        return ", ".join(DEFAULT_FOLLOW_UP_INSTRUMENTS)
    field = IntegrationSettings._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101  (a concrete column of the model)
    return str(field.get_default())


@require_http_methods(["GET", "POST"])
def integration_settings(request: AuthedHttpRequest) -> HttpResponse:
    """A lead edits the practice's integration policy; each field shows its default and source."""
    practice = lead_practice_or_403(request.user)
    current = integration_settings_read(practice)
    initial = {name: getattr(current, name) for name in POLICY_SOURCES}
    initial["follow_up_instruments"] = current.follow_up_instruments or list(
        DEFAULT_FOLLOW_UP_INSTRUMENTS
    )
    form = IntegrationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = IntegrationPolicy(
            **{**data, "follow_up_instruments": tuple(data["follow_up_instruments"])}
        )
        try:
            integration_settings_update(actor=request.user, practice=practice, values=values)
        except IntegrationInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Integration settings saved.")
            return redirect("integration:settings")
    rows = [(form[name], _policy_default(name), POLICY_SOURCES[name]) for name in POLICY_SOURCES]
    context = {"form": form, "rows": rows, "practice": practice}
    status = 400 if form.errors else 200
    return render(request, "integration/settings.html", context, status=status)
