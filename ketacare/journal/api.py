"""API: the client's journal entries (write, list, read); staff read only shared entries."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from ketacare.clients.selectors import client_get, client_own
from ketacare.core.crypto import DecryptionError, KeyConfigurationError
from ketacare.core.schemas import ErrorOut, StrictIn
from ketacare.journal.exceptions import KEY_UNAVAILABLE, NOT_A_CLIENT, JournalError
from ketacare.journal.models import Entry
from ketacare.journal.phases import Phase
from ketacare.journal.selectors import current_phase, entry_get, entry_list, prompt_get
from ketacare.journal.services import MAX_BODY_CHARS, EntryContent, entry_create

router = Router(tags=["journal"])


class EntryIn(StrictIn):
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    prompt_id: uuid.UUID | None = None
    phase: Phase | None = None
    shared_with_care_team: bool = False
    themes: list[str] = Field(default_factory=list, max_length=20)


class EntryOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    body: str
    themes: list[str]
    prompt_id: uuid.UUID | None
    phase: str
    dosing_session_id: uuid.UUID | None
    shared_with_care_team: bool
    revision_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def of(entry: Entry) -> EntryOut:
        return EntryOut(
            id=entry.public_id,
            client_id=entry.client.public_id,
            body=entry.body,
            themes=entry.theme_list,
            prompt_id=entry.prompt.public_id if entry.prompt else None,
            phase=entry.phase,
            dosing_session_id=entry.dosing_session.public_id if entry.dosing_session else None,
            shared_with_care_team=entry.shared_with_care_team,
            revision_count=entry.revision_count,
            created_at=entry.created_at,
            updated_at=entry.updated_at,
        )


def _unreadable() -> ErrorOut:
    return ErrorOut(detail=KEY_UNAVAILABLE, code="key_unavailable")


@router.post(
    "/journal/entries",
    response={201: EntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut},
    operation_id="journal_entry_create",
)
def journal_entry_create_api(request: HttpRequest, payload: EntryIn) -> Status[EntryOut | ErrorOut]:
    client = client_own(actor=request.user)  # type: ignore[arg-type]
    if client is None:
        raise PermissionDenied(NOT_A_CLIENT)
    prompt = prompt_get(practice=client.practice, public_id=payload.prompt_id)
    if payload.prompt_id is not None and prompt is None:
        return Status(422, ErrorOut(detail="prompt_id: no such prompt.", code="invalid_input"))
    content = EntryContent(
        body=payload.body,
        themes=", ".join(payload.themes),
        prompt=prompt,
        phase=payload.phase or (prompt.phase if prompt else current_phase(client=client)),
    )
    try:
        entry = entry_create(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            content=content,
            shared_with_care_team=payload.shared_with_care_team,
        )
    except JournalError as exc:
        return Status(422, ErrorOut(detail=exc.message, code=exc.code))
    except (DecryptionError, KeyConfigurationError):
        return Status(503, _unreadable())
    return Status(201, EntryOut.of(entry))


@router.get(
    "/journal/entries",
    response={200: list[EntryOut], 404: ErrorOut, 503: ErrorOut},
    operation_id="journal_entry_list",
)
def journal_entry_list_api(
    request: HttpRequest, client: uuid.UUID | None = None
) -> Status[list[EntryOut] | ErrorOut]:
    subject = client_get(actor=request.user, public_id=client) if client else None
    try:
        entries = entry_list(actor=request.user, client=subject)
        return Status(200, [EntryOut.of(e) for e in entries])
    except (DecryptionError, KeyConfigurationError):
        return Status(503, _unreadable())


@router.get(
    "/journal/entries/{entry_id}",
    response={200: EntryOut, 404: ErrorOut, 503: ErrorOut},
    operation_id="journal_entry_get",
)
def journal_entry_get_api(request: HttpRequest, entry_id: uuid.UUID) -> Status[EntryOut | ErrorOut]:
    try:
        return Status(200, EntryOut.of(entry_get(actor=request.user, public_id=entry_id)))
    except (DecryptionError, KeyConfigurationError):
        return Status(503, _unreadable())
