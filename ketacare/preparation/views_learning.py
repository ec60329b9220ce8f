"""Psychoeducation pages: the module list with progress, a module, and the staff count."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import NotFound, require
from ketacare.preparation.psychoeducation import module_get, modules, neighbours
from ketacare.preparation.selectors_learning import LearningSummary, learning_summary
from ketacare.preparation.services_learning import (
    ONLY_THE_CLIENT,
    learning_mark_completed,
    learning_mark_opened,
)


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _own_summary(request: AuthedHttpRequest) -> LearningSummary | None:
    client = client_own(actor=request.user)
    return None if client is None else learning_summary(actor=request.user, client=client)


@require_GET
def learn_list(request: AuthedHttpRequest) -> HttpResponse:
    """Every guide, with the client's progress; the home card when asked by htmx."""
    context = {"summary": _own_summary(request), "modules": modules()}
    if _is_htmx(request):
        return render(request, "preparation/partials/_learning.html", context)
    return render(request, "preparation/learn_list.html", context)


@require_GET
def learn_module(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """One guide with previous/next links; a client's visit records that they opened it."""
    module = module_get(slug)
    if module is None:
        raise NotFound
    client = client_own(actor=request.user)
    # Opening is recorded on GET on purpose: an idempotent read receipt (like the audit VIEW
    # row every page writes), so clients never need a button just to say they looked.
    progress = None
    if client is not None:
        progress = learning_mark_opened(actor=request.user, client=client, slug=slug)
    previous, following = neighbours(slug)
    context = {
        "module": module,
        "is_client": client is not None,
        "is_completed": progress is not None and progress.is_completed,
        "previous": previous,
        "following": following,
    }
    return render(request, "preparation/learn_module.html", context)


@require_POST
def learn_read(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    """Mark a guide as read (the client themself only)."""
    client = client_own(actor=request.user)
    require(client is not None, ONLY_THE_CLIENT)
    assert client is not None  # noqa: S101  (narrowing for mypy; require() raised otherwise)
    learning_mark_completed(actor=request.user, client=client, slug=slug)
    messages.success(request, "Marked as read.")
    return redirect("preparation:learn-module", slug=slug)


@require_GET
def learn_client(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """How many guides a client has read, for the client record."""
    client = client_get(actor=request.user, public_id=public_id)
    context = {"client": client, "summary": learning_summary(actor=request.user, client=client)}
    if _is_htmx(request):
        return render(request, "preparation/partials/_learning_client.html", context)
    return render(request, "preparation/learn_client.html", context)
