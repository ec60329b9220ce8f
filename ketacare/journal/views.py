"""Journal pages: the list, writing and editing with autosave, sharing, reflection, prompts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.crypto import DecryptionError, KeyConfigurationError
from ketacare.core.permissions import NotFound, require
from ketacare.journal.exceptions import KEY_UNAVAILABLE, JournalError
from ketacare.journal.forms import EntryEditForm, EntryForm, PromptForm, ReflectionForm
from ketacare.journal.models import Prompt
from ketacare.journal.permissions import is_the_client, practices_staffed_by
from ketacare.journal.selectors import (
    current_phase,
    draft_get,
    entry_get,
    entry_list,
    entry_own_get,
    entry_revisions,
    practice_prompts,
    prompt_get,
    prompts_for,
    reflection_of,
    session_for_reflection,
    sessions_to_reflect,
)
from ketacare.journal.services import (
    EntryContent,
    draft_save,
    entry_create,
    entry_share_set,
    entry_update,
    prompt_create,
    prompt_retire,
    reflection_write,
)

View = Callable[..., HttpResponse]


def readable(view: View) -> View:
    """Turn a missing or wrong encryption key into a clear page, never garbage or a 500 trace."""

    @wraps(view)
    def wrapper(request: AuthedHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (DecryptionError, KeyConfigurationError):
            context = {"message": KEY_UNAVAILABLE}
            return render(request, "journal/unreadable.html", context, status=503)

    return wrapper


def _own_client(request: AuthedHttpRequest) -> Client:
    client = client_own(actor=request.user)
    if client is None:
        raise NotFound
    return client


@require_GET
@readable
def index(request: AuthedHttpRequest) -> HttpResponse:
    """The client's own entries, or (staff) the entries clients shared with them."""
    client_id = request.GET.get("client")
    client = client_get(actor=request.user, public_id=client_id) if client_id else None
    own = client_own(actor=request.user)
    context = {
        "entries": entry_list(actor=request.user, client=client),
        "own": own,
        "to_reflect": sessions_to_reflect(actor=request.user, client=own) if own else [],
    }
    return render(request, "journal/index.html", context)


@require_http_methods(["GET", "POST"])
@readable
def new(request: AuthedHttpRequest) -> HttpResponse:
    """Write an entry; prompts of the client's current phase are offered; autosaved as typed."""
    client = _own_client(request)
    phase = current_phase(client=client)
    prompts = prompts_for(phase=phase, practice=client.practice)
    draft = draft_get(actor=request.user, client=client, slot="new")
    initial = {"phase": phase, "body": draft.body if draft else ""}
    form = EntryForm(
        request.POST if request.method == "POST" else None, prompts=prompts, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = EntryContent(
            body=data["body"],
            themes=data["themes"],
            prompt=prompt_get(practice=client.practice, public_id=data["prompt"]),
            phase=data["phase"],
        )
        try:
            entry = entry_create(
                actor=request.user,
                client=client,
                content=content,
                shared_with_care_team=data["shared_with_care_team"],
            )
        except JournalError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, "Entry saved.")
            return redirect(f"/journal/entries/{entry.public_id}/?saved=new")
    context = {"form": form, "phase": phase, "prompts": prompts, "slot": "new"}
    return render(request, "journal/new.html", context)


@require_GET
@readable
def detail(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One entry: the client's own, or a shared one of a client the staff member may see."""
    entry = entry_get(actor=request.user, public_id=public_id)
    is_author = is_the_client(request.user, entry.client)
    revisions = entry_revisions(actor=request.user, entry=entry) if is_author else []
    context = {
        "entry": entry,
        "is_author": is_author,
        "revisions": revisions,
        "saved_slot": request.GET.get("saved", "")[:80],
    }
    return render(request, "journal/detail.html", context)


@require_http_methods(["GET", "POST"])
@readable
def edit(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Edit one's own entry; the previous version is kept in its history."""
    entry = entry_own_get(actor=request.user, public_id=public_id)
    slot = f"edit-{entry.public_id}"
    draft = draft_get(actor=request.user, client=entry.client, slot=slot)
    initial = {"body": draft.body if draft else entry.body, "themes": entry.themes}
    form = EntryEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry_update(actor=request.user, entry=entry, **form.cleaned_data)
        except JournalError as exc:
            form.add_error("body", exc.message)
        else:
            messages.success(request, "Entry updated; the earlier version is kept.")
            return redirect(f"/journal/entries/{entry.public_id}/?saved={slot}")
    return render(request, "journal/edit.html", {"form": form, "entry": entry, "slot": slot})


@require_POST
@readable
def share(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client shares an entry with their care team, or makes it private again."""
    entry = entry_own_get(actor=request.user, public_id=public_id)
    shared = request.POST.get("shared") == "1"
    entry_share_set(actor=request.user, entry=entry, shared=shared)
    messages.success(request, "Shared with your care team." if shared else "Entry is private.")
    return redirect("journal:detail", public_id=entry.public_id)


@require_POST
def draft(request: AuthedHttpRequest, slot: str) -> HttpResponse:
    """Autosave (htmx) of one writing slot; answers with a small status line."""
    client = _own_client(request)
    field = request.POST.get("field", "body")
    draft_save(actor=request.user, client=client, slot=slot, body=request.POST.get(field, ""))
    return render(request, "journal/partials/_draft_status.html", {"saved": True})


@require_http_methods(["GET", "POST"])
@readable
def reflect(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The guided reflection right after a session, saved as a session-day entry."""
    session = session_for_reflection(actor=request.user, public_id=public_id)
    existing = reflection_of(session=session)
    if existing is not None:
        return redirect("journal:detail", public_id=existing.public_id)
    prompts = prompts_for(phase="session_day", practice=session.practice, reflection=True)
    slots = {p.code: f"reflect-{session.public_id}-{p.code}" for p in prompts}
    initial = {}
    for code, slot in slots.items():
        saved = draft_get(actor=request.user, client=session.client, slot=slot)
        initial[code] = saved.body if saved else ""
    form = ReflectionForm(
        request.POST if request.method == "POST" else None, prompts=prompts, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        shared = form.cleaned_data["shared_with_care_team"]
        entry = reflection_write(
            actor=request.user, session=session, answers=form.answers(), shared=shared
        )
        messages.success(request, "Reflection saved in your journal.")
        return redirect(f"/journal/entries/{entry.public_id}/?saved=reflect-{session.public_id}")
    rows = [(form[p.code], slots[p.code]) for p in prompts]
    return render(request, "journal/reflect.html", {"form": form, "rows": rows, "session": session})


@require_http_methods(["GET", "POST"])
def prompts(request: AuthedHttpRequest) -> HttpResponse:
    """Practitioners and leads add and retire their practice's own prompts."""
    practices = practices_staffed_by(request.user)
    require(bool(practices))
    practice = practices[0]
    form = PromptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            prompt_create(actor=request.user, practice=practice, **form.cleaned_data)
        except JournalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Prompt added.")
            return redirect("journal:prompts")
    context = {"form": form, "own": practice_prompts(practice=practice), "practice": practice}
    return render(request, "journal/prompts.html", context)


@require_POST
def prompt_retire_view(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Stop offering one of the practice's own prompts."""
    prompt = Prompt.objects.filter(public_id=public_id, practice__isnull=False).first()
    if prompt is None:
        raise NotFound
    try:
        prompt_retire(actor=request.user, prompt=prompt)
    except PermissionDenied as exc:
        raise NotFound from exc
    messages.success(request, "Prompt retired.")
    return redirect("journal:prompts")
