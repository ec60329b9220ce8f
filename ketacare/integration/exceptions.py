"""Errors raised by integration services; messages are constants so tests can import them."""

from __future__ import annotations

NOTE_IMMUTABLE = "A signed coaching note cannot be changed; write an amendment instead."
REVIEW_BEFORE_START = "The review date must be on or after the start date."
CHECK_IN_UPDATED = "You had already checked in that day; your answer was updated."
COMMITMENT_NOT_ACTIVE = "This commitment is not active, so it takes no check-ins."
CHECK_IN_IN_FUTURE = "A check-in cannot be for a day that has not come yet."
PRACTICE_NOT_ACTIVE = "Only active commitments can be ticked as practised."
UNKNOWN_PRACTICE = "Tick only your own commitments as practised."
NOTE_REQUIRED = "Write at least one of data, assessment or plan."
ONLY_LEAD = "Only a lead of the practice can change its integration settings."
UNKNOWN_INSTRUMENT = "Choose questionnaires from the list."
AMEND_OTHER_CLIENT = "An amendment must be for the same client as the note it corrects."


class IntegrationInvalid(ValueError):
    """Input a service refuses, with a message fit to show the person who typed it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


class NoteImmutable(Exception):
    """An attempt to change or delete a signed coaching note."""

    def __init__(self) -> None:
        super().__init__(NOTE_IMMUTABLE)
