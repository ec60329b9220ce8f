"""API: the instrument catalogue and a client's questionnaire responses."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from ketacare.clients.selectors import client_get
from ketacare.core.schemas import ErrorOut, StrictIn
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.measures.exceptions import ResponseInvalid
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.selectors import response_list
from ketacare.measures.services import response_submit

router = Router(tags=["measures"])


class OptionOut(Schema):
    value: float
    label: str


class ItemOut(Schema):
    key: str
    label: str
    minimum: float
    maximum: float
    continuous: bool
    required: bool
    options: list[OptionOut]


class InstrumentOut(Schema):
    code: str
    name: str
    version: str
    clinician_rated: bool
    context_keys: list[str]
    items: list[ItemOut]


class ResponseIn(StrictIn):
    instrument: str = Field(max_length=40)
    answers: dict[str, Any]  # Any: untrusted values, validated by the instrument
    context: dict[str, Any] | None = None  # Any: untrusted, validated by the instrument


class ResponseOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    instrument: str
    instrument_version: str
    answers: dict[str, Any]  # Any: item values as stored (numbers)
    score: dict[str, Any]  # Any: the InstrumentScore.as_dict() snapshot
    total: float | None
    band: str
    flags: list[str]
    submitted_at: dt.datetime
    amends_id: uuid.UUID | None

    @staticmethod
    def of(response: QuestionnaireResponse) -> ResponseOut:
        return ResponseOut(
            id=response.public_id,
            client_id=response.client.public_id,
            instrument=response.instrument_code,
            instrument_version=response.instrument_version,
            answers=response.answers,
            score=response.score,
            total=None if response.total is None else float(response.total),
            band=response.band,
            flags=list(response.flags),
            submitted_at=response.submitted_at,
            amends_id=response.amends.public_id if response.amends else None,
        )


def _instrument_out(code: str) -> InstrumentOut:
    spec = INSTRUMENTS[code]
    return InstrumentOut(
        code=spec.code,
        name=spec.name,
        version=spec.version,
        clinician_rated=spec.clinician_rated,
        context_keys=list(spec.context_keys),
        items=[
            ItemOut(
                key=item.key,
                label=item.label,
                minimum=item.minimum,
                maximum=item.maximum,
                continuous=item.continuous,
                required=item.required,
                options=[OptionOut(value=o.value, label=o.label) for o in item.options],
            )
            for item in spec.items
        ],
    )


@router.get("/instruments", response=list[InstrumentOut], operation_id="instrument_list")
def instrument_list_api(request: HttpRequest) -> list[InstrumentOut]:
    return [_instrument_out(code) for code in INSTRUMENTS]


@router.post(
    "/clients/{client_id}/responses",
    response={201: ResponseOut, 422: ErrorOut},
    operation_id="response_submit",
)
def response_submit_api(
    request: HttpRequest, client_id: uuid.UUID, payload: ResponseIn
) -> Status[ResponseOut | ErrorOut]:
    client = client_get(actor=request.user, public_id=client_id)
    try:
        response = response_submit(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            instrument_code=payload.instrument,
            answers=payload.answers,
            context=payload.context,
        )
    except ResponseInvalid as exc:
        return Status(422, ErrorOut(detail=exc.message, code=exc.code))
    return Status(201, ResponseOut.of(response))


@router.get(
    "/clients/{client_id}/responses", response=list[ResponseOut], operation_id="response_list"
)
def response_list_api(request: HttpRequest, client_id: uuid.UUID) -> list[ResponseOut]:
    client = client_get(actor=request.user, public_id=client_id)
    return [ResponseOut.of(r) for r in response_list(actor=request.user, client=client)]
