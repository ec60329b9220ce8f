"""API: daily check-ins, commitments and commitment check-ins (clients write, care team reads)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_own
from ketacare.core.permissions import NotFound
from ketacare.core.schemas import ErrorOut
from ketacare.integration.exceptions import UNKNOWN_PRACTICE, IntegrationInvalid
from ketacare.integration.schemas import (
    CommitmentCheckInIn,
    CommitmentCheckInOut,
    CommitmentIn,
    CommitmentOut,
    DailyCheckInIn,
    DailyCheckInOut,
)
from ketacare.integration.selectors import (
    commitment_check_ins,
    commitment_get,
    commitments_for,
    daily_check_in_get,
    daily_check_ins_for,
    insight_get,
)
from ketacare.integration.services import (
    CommitmentValues,
    DailyValues,
    commitment_check_in,
    commitment_create,
    daily_check_in_save,
)

router = Router(tags=["integration"])
HISTORY_DAYS = 365


def _client(request: HttpRequest, client_id: uuid.UUID | None) -> Client:
    """The named client (if in scope) or, without a name, the caller's own client record."""
    if client_id is not None:
        return client_get(actor=request.user, public_id=client_id)
    own = client_own(actor=request.user)  # type: ignore[arg-type]
    if own is None:
        raise NotFound
    return own


def _invalid(exc: IntegrationInvalid) -> ErrorOut:
    return ErrorOut(detail=exc.message, code=f"invalid_{exc.field or 'input'}")


@router.post(
    "/integration/checkins",
    response={201: DailyCheckInOut, 422: ErrorOut},
    operation_id="daily_check_in_save",
)
def daily_check_in_save_api(
    request: HttpRequest, payload: DailyCheckInIn
) -> Status[DailyCheckInOut | ErrorOut]:
    client = _client(request, None)
    active = {c.public_id: c for c in commitments_for(actor=request.user, client=client)}
    values = DailyValues(
        mood=payload.mood,
        anxiety=payload.anxiety,
        sleep_quality=payload.sleep_quality,
        practices=[active[p] for p in payload.practices if p in active],
        note=payload.note,
    )
    if len(values.practices) != len(set(payload.practices)):
        return Status(422, _invalid(IntegrationInvalid(UNKNOWN_PRACTICE, "practices")))
    try:
        row, _ = daily_check_in_save(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            values=values,
            on=payload.on,
        )
    except IntegrationInvalid as exc:
        return Status(422, _invalid(exc))
    return Status(201, DailyCheckInOut.of(row))


@router.get(
    "/integration/checkins", response=list[DailyCheckInOut], operation_id="daily_check_in_list"
)
def daily_check_in_list_api(
    request: HttpRequest, client_id: uuid.UUID | None = None
) -> list[DailyCheckInOut]:
    client = _client(request, client_id)
    rows = daily_check_ins_for(actor=request.user, client=client, days=HISTORY_DAYS)
    return [DailyCheckInOut.of(row) for row in rows]


@router.get(
    "/integration/checkins/{check_in_id}",
    response=DailyCheckInOut,
    operation_id="daily_check_in_get",
)
def daily_check_in_get_api(request: HttpRequest, check_in_id: uuid.UUID) -> DailyCheckInOut:
    return DailyCheckInOut.of(daily_check_in_get(actor=request.user, public_id=check_in_id))


@router.post(
    "/integration/commitments",
    response={201: CommitmentOut, 422: ErrorOut},
    operation_id="commitment_create",
)
def commitment_create_api(
    request: HttpRequest, payload: CommitmentIn
) -> Status[CommitmentOut | ErrorOut]:
    client = _client(request, None)
    insight = (
        insight_get(actor=request.user, public_id=payload.insight_id)
        if payload.insight_id
        else None
    )
    values = CommitmentValues(
        payload.domain, payload.next_step, payload.cadence, payload.start_on, payload.review_on
    )
    try:
        row = commitment_create(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            values=values,
            insight=insight,
        )
    except IntegrationInvalid as exc:
        return Status(422, _invalid(exc))
    return Status(201, CommitmentOut.of(row))


@router.get(
    "/integration/commitments", response=list[CommitmentOut], operation_id="commitment_list"
)
def commitment_list_api(
    request: HttpRequest, client_id: uuid.UUID | None = None
) -> list[CommitmentOut]:
    client = _client(request, client_id)
    return [CommitmentOut.of(row) for row in commitments_for(actor=request.user, client=client)]


@router.get(
    "/integration/commitments/{commitment_id}",
    response=CommitmentOut,
    operation_id="commitment_get",
)
def commitment_get_api(request: HttpRequest, commitment_id: uuid.UUID) -> CommitmentOut:
    return CommitmentOut.of(commitment_get(actor=request.user, public_id=commitment_id))


@router.post(
    "/integration/commitments/{commitment_id}/checkins",
    response={201: CommitmentCheckInOut, 422: ErrorOut},
    operation_id="commitment_check_in",
)
def commitment_check_in_api(
    request: HttpRequest, commitment_id: uuid.UUID, payload: CommitmentCheckInIn
) -> Status[CommitmentCheckInOut | ErrorOut]:
    item = commitment_get(actor=request.user, public_id=commitment_id)
    try:
        row, _ = commitment_check_in(
            actor=request.user,  # type: ignore[arg-type]
            commitment=item,
            outcome=payload.outcome,
            note=payload.note,
            on=payload.on,
        )
    except IntegrationInvalid as exc:
        return Status(422, _invalid(exc))
    return Status(201, CommitmentCheckInOut.of(row))


@router.get(
    "/integration/commitments/{commitment_id}/checkins",
    response=list[CommitmentCheckInOut],
    operation_id="commitment_check_in_list",
)
def commitment_check_in_list_api(
    request: HttpRequest, commitment_id: uuid.UUID
) -> list[CommitmentCheckInOut]:
    item = commitment_get(actor=request.user, public_id=commitment_id)
    return [
        CommitmentCheckInOut.of(r)
        for r in commitment_check_ins(actor=request.user, commitment=item)
    ]
