"""`ketacare score --batch FILE --record --as EMAIL`: store each line as a client's response.

Recording goes through ``measures.services.response_submit``, the same service as the web form
and the API, so every safety flag raises an alert for the client's care team in the same
transaction as the stored response. Imported only after Django is set up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert
from ketacare.cli._output import emit_json
from ketacare.clients.selectors import client_get
from ketacare.core.permissions import NotFound
from ketacare.measures.exceptions import ResponseInvalid
from ketacare.measures.services import response_submit

RECORD_KEYS = frozenset({"instrument", "answers", "context", "client"})


class RecordLineError(ValueError):
    """A batch line that cannot be recorded; the message names what is wrong."""


@dataclass(frozen=True)
class RecordSummary:
    """Counts for the closing summary: lines recorded, lines refused, alerts raised."""

    recorded: int
    failed: int
    alerts: int


def actor_by_email(email: str) -> User | None:
    """The active user the command acts as."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def _parse(line: str) -> dict[str, object]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordLineError(f"not valid JSON: {error}") from error
    if not isinstance(record, dict):
        raise RecordLineError("each line must be a JSON object")
    unknown = sorted(set(record) - RECORD_KEYS)
    if unknown:
        raise RecordLineError(f"unknown key {unknown[0]!r} (expected {sorted(RECORD_KEYS)})")
    for key, kind in (("client", str), ("instrument", str), ("answers", dict)):
        if not isinstance(record.get(key), kind):
            raise RecordLineError(f'"{key}" must be a {"string" if kind is str else "JSON object"}')
    context = record.get("context")
    if context is not None and not isinstance(context, dict):
        raise RecordLineError('"context" must be a JSON object')
    return record


def record_line(*, actor: User, line: str) -> dict[str, object]:
    """Store one line as a response and return its score with the response id and alerts.

    Raises:
        RecordLineError: the line is malformed, names no client the actor may see, or its
            answers cannot be scored or submitted by this actor.
    """
    record = _parse(line)
    answers = cast("dict[str, object]", record["answers"])  # types checked in _parse
    context = cast("dict[str, object] | None", record.get("context"))
    try:
        with transaction.atomic():
            client = client_get(actor=actor, public_id=str(record["client"]))
            response = response_submit(
                actor=actor,
                client=client,
                instrument_code=str(record["instrument"]),
                answers=answers,
                context=context,
            )
    except NotFound as error:
        raise RecordLineError("no such client, or not one you may record for") from error
    except ResponseInvalid as error:
        raise RecordLineError(error.message) from error
    except PermissionDenied as error:
        raise RecordLineError(str(error)) from error
    alerts = Alert.objects.filter(source_public_id=response.public_id).count()
    return {**response.score, "response_id": str(response.public_id), "alerts_raised": alerts}


def record_lines(*, actor: User, lines: Iterable[str]) -> RecordSummary:
    """Record every non-blank line in order, one JSON result or error line each."""
    recorded = failed = alerts = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            result = record_line(actor=actor, line=line)
        except RecordLineError as error:
            failed += 1
            emit_json({"error": str(error), "line": number})
            continue
        recorded += 1
        alerts += int(str(result["alerts_raised"]))
        emit_json(result)
    return RecordSummary(recorded=recorded, failed=failed, alerts=alerts)
