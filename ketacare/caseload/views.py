"""Caseload pages: who needs attention now, the top five for the staff home, a client timeline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import overload

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.caseload.selectors import (
    CaseloadScope,
    caseload_page,
    caseload_rows,
    caseload_shown_audit,
    caseload_summary,
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


_Stored = tuple[uuid.UUID, str]  # (client public id, stored row markup)


class _Rows(Sequence[_Stored]):
    """The rows of one filter for `Paginator`: the count is known, a page is one query."""

    def __init__(self, scope: CaseloadScope, show: str, count: int) -> None:
        self._scope, self._show, self._count = scope, show, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> _Stored: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Stored]: ...

    def __getitem__(self, index: int | slice) -> _Stored | list[_Stored]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        offset = index.start or 0
        stop = self._count if index.stop is None else index.stop
        return caseload_page(scope=self._scope, show=self._show, offset=offset, limit=stop - offset)


@require_GET
def caseload(request: AuthedHttpRequest) -> HttpResponse:
    """Every client on the actor's caseload, who needs attention now first, 100 a page."""
    show = request.GET.get("show", "all")
    show = show if show in FILTERS else "all"
    summary = caseload_summary(actor=request.user)
    page: Page[_Stored] = Paginator(
        _Rows(summary.scope, show, summary.shown[show]), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    caseload_shown_audit(
        actor=request.user, summary=summary, shown=[public_id for public_id, _ in shown]
    )
    context = {
        "page": page,
        # Built and escaped by caseload.rendering.row_html when the row was computed.
        "rows_html": SafeString("".join(markup for _, markup in shown)),
        "show": show,
        "chips": [(key, label, summary.shown[key]) for key, label in FILTERS.items()],
        "missed_check_in_days": missed_check_in_days_for(request.user),
    }
    return render(request, "caseload/caseload.html", context)


@require_GET
def caseload_top(request: AuthedHttpRequest) -> HttpResponse:
    """The five clients who most need attention now (an htmx section of the staff home)."""
    summary = caseload_summary(actor=request.user)
    top = caseload_rows(scope=summary.scope, show="attention", limit=TOP_SIZE)
    caseload_shown_audit(
        actor=request.user, summary=summary, shown=[row.client_public_id for row in top]
    )
    template = "partials/_top.html" if getattr(request, "htmx", False) else "top.html"
    return render(request, f"caseload/{template}", {"rows": top})


@require_GET
def timeline(request: AuthedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Everything about one client in time order (care team and leads)."""
    found = client_timeline(actor=request.user, public_id=public_id)
    return render(
        request, "caseload/timeline.html", {"client": found.client, "events": found.events}
    )
