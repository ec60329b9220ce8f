"""Errors raised by measures services; messages are constants so tests can import them."""

from __future__ import annotations

import re

RESPONSE_IMMUTABLE = "A submitted questionnaire cannot be changed; submit an amendment instead."
ASSIGNMENT_NOT_OPEN = "This questionnaire has already been completed or was cancelled."
ASSIGNMENT_MISMATCH = "This assignment belongs to another client or questionnaire."
CLINICIAN_RATED = "This questionnaire is completed by a clinician."
NOT_ALLOWED = "You do not have permission to do that."
SCHEDULE_UNKNOWN_POINT = "Unknown schedule point: {label}."
SCHEDULE_NO_POINTS = "Choose at least one point of the schedule."

_ITEM = re.compile(r"\bitem (\S+?)(?::|\s|$)")


class ResponseImmutable(Exception):
    """An attempt to change or delete a stored questionnaire response."""

    def __init__(self) -> None:
        super().__init__(RESPONSE_IMMUTABLE)


class AssignmentNotOpen(Exception):
    """Submitting against an assignment already completed or cancelled, or someone else's."""

    def __init__(self, message: str = ASSIGNMENT_NOT_OPEN) -> None:
        super().__init__(message)


class ResponseInvalid(Exception):
    """Answers the instrument cannot score; the message names the instrument and the item."""

    def __init__(self, message: str, *, code: str = "invalid_answers") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        match = _ITEM.search(message)
        self.item: str | None = match.group(1) if match else None


class ScheduleInvalid(Exception):
    """A course schedule request naming no point, or a point the schedule does not have."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
