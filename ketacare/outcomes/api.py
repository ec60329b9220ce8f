"""API: the lead's practice outcomes, as `ketacare outcomes --json` gives them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from ketacare.accounts.selectors import lead_practice_or_403
from ketacare.core.schemas import ErrorOut
from ketacare.domain.outcomes import practice_outcomes
from ketacare.outcomes.dashboard import OutcomeFilterForm
from ketacare.outcomes.selectors import outcome_data_for_practice

router = Router(tags=["outcomes"])


class OutcomesIn(Schema):
    protocol: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@router.get(
    "/outcomes/practice",
    response={200: dict[str, Any], 422: ErrorOut},
    operation_id="practice_outcomes_get",
)
def practice_outcomes_api(
    request: HttpRequest, filters: Query[OutcomesIn]
) -> Status[dict[str, Any] | ErrorOut]:
    """Leads: response, remission, durability and the integration effect of their practice.

    The body is the `ketacare outcomes --json` contract (docs/outcomes.md), small cells
    suppressed (null); `protocol`, `start` and `end` filter courses as the dashboard does.
    """
    practice = lead_practice_or_403(request.user)  # type: ignore[arg-type]
    form = OutcomeFilterForm(
        {key: value for key, value in filters.dict().items() if value is not None}
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return Status(422, ErrorOut(detail=f"{field}: {errors[0]}", code=f"invalid_{field}"))
    data = outcome_data_for_practice(
        actor=request.user,
        practice=practice,
        protocol=form.protocol_code(),
        period=form.period(),
    )
    return Status(200, practice_outcomes(data).as_json())
