"""Caseload pages: who needs attention now, the top five for the staff home, a client timeline."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.caseload.rendering import rows_html
from ketacare.caseload.selectors import (
    CaseloadRow,
    ReasonKind,
    caseload_for,
    caseload_shown_audit,
    missed_check_in_days_for,
)
from ketacare.caseload.timeline import client_timeline

PAGE_SIZE = 100  # rows per page, attention first (docs/caseload.md, "Performance")
TOP_SIZE = 5
FILTERS: dict[str, str] = {
    "all": "All",
    "attention": "Needs attention",
    "rems": "REMS due",
    "relapse": "Relapse signal",
}


def _keep(show: str, row: CaseloadRow) -> bool:
    if show == "attention":
        return row.needs_attention
    if show == "rems":
        return row.has(ReasonKind.REMS)
    if show == "relapse":
        return row.has(ReasonKind.RELAPSE)
    return True


@require_GET
def caseload(request: AuthedHttpRequest) -> HttpResponse:
    """Every client on the actor's caseload, who needs attention now first, 100 a page."""
    show = request.GET.get("show", "all")
    show = show if show in FILTERS else "all"
    rows = caseload_for(actor=request.user, today=timezone.now().date())
    counts = {key: sum(_keep(key, row) for row in rows) for key in FILTERS}
    page = Paginator([row for row in rows if _keep(show, row)], PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    caseload_shown_audit(actor=request.user, rows=rows, shown=list(page.object_list))
    context = {
        "page": page,
        "rows_html": rows_html(list(page.object_list)),
        "show": show,
        "chips": [(key, label, counts[key]) for key, label in FILTERS.items()],
        "missed_check_in_days": missed_check_in_days_for(request.user),
    }
    return render(request, "caseload/caseload.html", context)


@require_GET
def caseload_top(request: AuthedHttpRequest) -> HttpResponse:
    """The five clients who most need attention now (an htmx section of the staff home)."""
    rows = caseload_for(actor=request.user, today=timezone.now().date())
    top = [row for row in rows if row.needs_attention][:TOP_SIZE]
    caseload_shown_audit(actor=request.user, rows=rows, shown=top)
    template = "partials/_top.html" if getattr(request, "htmx", False) else "top.html"
    return render(request, f"caseload/{template}", {"rows": top})


@require_GET
def timeline(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Everything about one client in time order (care team and leads)."""
    found = client_timeline(actor=request.user, public_id=public_id)
    return render(
        request, "caseload/timeline.html", {"client": found.client, "events": found.events}
    )
