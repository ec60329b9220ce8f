"""Journal errors with user-facing messages as constants (tests import them)."""

from __future__ import annotations

KEY_UNAVAILABLE = (
    "This journal text cannot be opened with the encryption keys configured on this server. "
    "Nothing has been lost: ask your practice's administrator to restore the missing key."
)
NOT_A_CLIENT = "Only a client can write in their own journal."
EMPTY_BODY = "Write something before saving."
REFLECTION_NOT_READY = "You can reflect on a session once you have checked in for it."


class JournalError(Exception):
    """A journal operation refused with a message safe to show."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
