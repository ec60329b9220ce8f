"""Errors raised by consent and intention services; messages are constants tests can import."""

from __future__ import annotations

NAME_MISMATCH = "Type your full name as your practice has it on your record."
NOT_CONFIRMED = "Tick the box to confirm you have read and agree to this document."
NOT_LATEST = "A newer version of this document exists: please read and sign that one."
ALREADY_SIGNED = "You have already signed this document."
ALREADY_WITHDRAWN = "This consent has already been withdrawn."
TITLE_REQUIRED = "Give the document a title."
BODY_REQUIRED = "Write the text of the document."
ONLY_THE_CLIENT = "Only the client themself can sign their consent."
INTENTION_EMPTY = "Write your intention before saving it."
LABEL_REQUIRED = "Say which session this intention is for (for example, Session 2)."
SUPERSEDES_NOT_LATEST = "Edit the latest version of this intention."


class ConsentInvalid(Exception):
    """A consent action the platform refuses; ``field`` names the form field to fix."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class IntentionInvalid(Exception):
    """An intention the platform refuses; ``field`` names the form field to fix."""

    def __init__(self, message: str, *, field: str = "body") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
