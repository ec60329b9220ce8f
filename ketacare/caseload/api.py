"""API: the caseload, who needs attention now first (the same rows as `/caseload/`)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from ketacare.caseload.reasons import CaseloadRow, Reason
from ketacare.caseload.selectors import (
    caseload_rows,
    caseload_shown_audit,
    caseload_summary,
    missed_check_in_days_for,
)

router = Router(tags=["caseload"])
MAX_PAGE_SIZE = 200


class ReasonOut(Schema):
    kind: str
    label: str
    severity: Literal["urgent", "high", "medium", "low"]
    count: int
    on: dt.date | None
    points: int

    @staticmethod
    def of(reason: Reason) -> ReasonOut:
        return ReasonOut(
            kind=reason.kind.value,
            label=reason.label,
            severity=reason.severity.name.lower(),  # type: ignore[arg-type]
            count=reason.count,
            on=reason.on,
            points=reason.points,
        )


class CaseloadRowOut(Schema):
    client_id: uuid.UUID
    display_name: str
    score: int
    urgent_alert: bool
    stop_alert: bool
    next_session_on: dt.date | None
    reasons: list[ReasonOut]

    @staticmethod
    def of(row: CaseloadRow) -> CaseloadRowOut:
        return CaseloadRowOut(
            client_id=row.client_public_id,
            display_name=row.display_name,
            score=row.score,
            urgent_alert=row.has_urgent_alert,
            stop_alert=row.has_stop_alert,
            next_session_on=row.next_session_on,
            reasons=[ReasonOut.of(reason) for reason in row.reasons],
        )


class CaseloadPageOut(Schema):
    count: int
    counts: dict[str, int]
    missed_check_in_days: int
    items: list[CaseloadRowOut]
    limit: int
    offset: int


class CaseloadIn(Schema):
    show: Literal["all", "attention", "rems", "relapse"] = "all"
    limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0)


@router.get("/caseload", response=CaseloadPageOut, operation_id="caseload_list")
def caseload_list_api(request: HttpRequest, page: Query[CaseloadIn]) -> CaseloadPageOut:
    """Practitioners and leads: their caseload in the page's order; audited as a LIST."""
    summary = caseload_summary(actor=request.user)
    rows = caseload_rows(scope=summary.scope, show=page.show, offset=page.offset, limit=page.limit)
    caseload_shown_audit(
        actor=request.user, summary=summary, shown=[row.client_public_id for row in rows]
    )
    return CaseloadPageOut(
        count=summary.shown[page.show],
        counts=summary.shown,
        missed_check_in_days=missed_check_in_days_for(request.user),
        items=[CaseloadRowOut.of(row) for row in rows],
        limit=page.limit,
        offset=page.offset,
    )
