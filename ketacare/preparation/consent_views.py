"""Consent pages (read, sign, withdraw, publish) and intention pages, with their htmx sections."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import require
from ketacare.preparation.consent_display import consent_html
from ketacare.preparation.consent_exceptions import ConsentInvalid, IntentionInvalid
from ketacare.preparation.consent_forms import (
    ConsentPublishForm,
    ConsentSignForm,
    ConsentWithdrawForm,
    IntentionEditForm,
    IntentionForm,
)
from ketacare.preparation.consent_selectors import (
    consent_document_get,
    consent_document_list,
    consent_overview,
    consent_signature_get,
    intention_get,
    intention_history,
    intention_list,
)
from ketacare.preparation.consent_services import (
    consent_document_publish,
    consent_sign,
    consent_withdraw,
    intention_write,
)
from ketacare.preparation.models import ConsentDocument, Intention
from ketacare.preparation.permissions import is_the_client


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@require_GET
def consent_own(request: AuthedHttpRequest) -> HttpResponse:
    """The client's consent card: what there is to sign, and a link to their intentions."""
    client = client_own(actor=request.user)
    rows = consent_overview(actor=request.user, client=client) if client else ()
    context = {"client": client, "rows": rows}
    if _is_htmx(request):
        return render(request, "preparation/partials/_consent_own.html", context)
    return render(request, "preparation/consent_own.html", context)


def _document_page(
    request: AuthedHttpRequest, document: ConsentDocument, form: ConsentSignForm
) -> HttpResponse:
    client = client_own(actor=request.user)
    rows = consent_overview(actor=request.user, client=client) if client else ()
    row = next((r for r in rows if r.kind == document.kind), None)
    context = {
        "document": document,
        "body_html": consent_html(document.body),
        "client": client,
        "row": row,
        "form": form,
        "withdraw_form": ConsentWithdrawForm(),
    }
    status = 400 if form.errors else 200
    return render(request, "preparation/consent_document.html", context, status=status)


@require_http_methods(["GET", "POST"])
def consent_document(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Read a consent document; the client signs it here with their typed name."""
    document = consent_document_get(actor=request.user, public_id=public_id)
    form = ConsentSignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_sign(actor=request.user, document=document, **form.cleaned_data)
        except ConsentInvalid as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, "Thank you: your consent has been recorded.")
            return redirect("home")
    return _document_page(request, document, form)


@require_POST
def consent_withdraw_view(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client withdraws a standing consent, with an optional reason."""
    signature = consent_signature_get(actor=request.user, public_id=public_id)
    require(is_the_client(request.user, signature.client))
    form = ConsentWithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        consent_withdraw(actor=request.user, signature=signature, reason=reason)
    except ConsentInvalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "Your consent has been withdrawn. Your care team will be in touch."
        )
    return redirect("preparation:consent-document", public_id=signature.document.public_id)


@require_http_methods(["GET", "POST"])
def consent_manage(request: AuthedHttpRequest) -> HttpResponse:
    """Leads: every version of the practice's consent documents, and publishing a new one."""
    practice = lead_practice_or_403(request.user)
    form = ConsentPublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = consent_document_publish(
                actor=request.user, practice=practice, **form.cleaned_data
            )
        except ConsentInvalid as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, f"Published version {document.version}.")
            return redirect("preparation:consent-manage")
    documents = consent_document_list(actor=request.user, practice_id=practice.pk)
    context = {"practice": practice, "documents": documents, "form": form}
    return render(
        request, "preparation/consent_manage.html", context, status=400 if form.errors else 200
    )


@require_GET
def consent_client(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The consent status of one client, as a section of the client record."""
    client = client_get(actor=request.user, public_id=public_id)
    context = {"client": client, "rows": consent_overview(actor=request.user, client=client)}
    if _is_htmx(request):
        return render(request, "preparation/partials/_consent_client.html", context)
    return render(request, "preparation/consent_client.html", context)


@require_http_methods(["GET", "POST"])
def intentions_own(request: AuthedHttpRequest) -> HttpResponse:
    """The client's intentions, and the form to write one for the course or a session."""
    client = client_own(actor=request.user)
    form = IntentionForm(request.POST if request.method == "POST" else None)
    if client is not None and request.method == "POST" and form.is_valid():
        try:
            intention_write(actor=request.user, client=client, **form.cleaned_data)
        except IntentionInvalid as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Your intention has been saved.")
            return redirect("preparation:intentions")
    intentions = intention_list(actor=request.user, client=client) if client else []
    context = {"client": client, "intentions": intentions, "form": form}
    status = 400 if form.errors else 200
    return render(request, "preparation/intentions_own.html", context, status=status)


def _save_edit(request: AuthedHttpRequest, intention: Intention, form: IntentionEditForm) -> bool:
    try:
        intention_write(
            actor=request.user,
            client=intention.client,
            scope=intention.scope,
            session_label=intention.session_label,
            body=form.cleaned_data["body"],
            supersedes=intention,
        )
    except IntentionInvalid as exc:
        form.add_error("body", exc.message)
        return False
    return True


@require_http_methods(["GET", "POST"])
def intention_edit(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The client rewrites one intention; the earlier wording is kept as history."""
    intention = intention_get(actor=request.user, public_id=public_id)
    require(is_the_client(request.user, intention.client))
    form = IntentionEditForm(
        request.POST if request.method == "POST" else None, initial={"body": intention.body}
    )
    if request.method == "POST" and form.is_valid() and _save_edit(request, intention, form):
        messages.success(request, "Your intention has been updated.")
        return redirect("preparation:intentions")
    history = intention_history(actor=request.user, intention=intention)
    context = {"intention": intention, "history": history, "form": form}
    status = 400 if form.errors else 200
    return render(request, "preparation/intention_edit.html", context, status=status)


@require_GET
def intentions_client(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A client's intentions, as a section of the client record for the care team."""
    client = client_get(actor=request.user, public_id=public_id)
    context = {"client": client, "intentions": intention_list(actor=request.user, client=client)}
    if _is_htmx(request):
        return render(request, "preparation/partials/_intentions_client.html", context)
    return render(request, "preparation/intentions_client.html", context)
