"""API: the clients the caller may see."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from ketacare.clients.models import Client
from ketacare.clients.selectors import client_get, client_list

router = Router(tags=["clients"])
MAX_PAGE_SIZE = 200


class ClientOut(Schema):
    id: uuid.UUID
    practice_id: uuid.UUID
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: dt.date | None
    status: str
    created_at: dt.datetime

    @staticmethod
    def of(client: Client) -> ClientOut:
        return ClientOut(
            id=client.public_id,
            practice_id=client.practice.public_id,
            given_name=client.given_name,
            family_name=client.family_name,
            preferred_name=client.preferred_name,
            date_of_birth=client.date_of_birth,
            status=client.status,
            created_at=client.created_at,
        )


class ClientPageOut(Schema):
    items: list[ClientOut]
    limit: int
    offset: int


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0)


@router.get("", response=ClientPageOut, operation_id="client_list")
def client_list_api(request: HttpRequest, page: Query[PageIn]) -> ClientPageOut:
    clients = client_list(actor=request.user, limit=page.limit, offset=page.offset)
    return ClientPageOut(
        items=[ClientOut.of(c) for c in clients], limit=page.limit, offset=page.offset
    )


@router.get("/{client_id}", response=ClientOut, operation_id="client_get")
def client_get_api(request: HttpRequest, client_id: uuid.UUID) -> ClientOut:
    return ClientOut.of(client_get(actor=request.user, public_id=client_id))
