"""Errors raised by treatments services; messages are constants so tests can import them."""

from __future__ import annotations

NOT_APPROVED = (
    "A course can be planned only after the client's latest screening has been approved "
    "(with or without conditions)."
)
NO_CONSENT = "The client has no current consent to treatment, so no course can be planned."
CONSENT_WITHDRAWN = (
    "The client's consent to treatment is no longer current: do not check them in. "
    "Talk with the client and ask them to sign the current consent."
)
UNKNOWN_PROTOCOL = "Choose one of the practice's protocols."
WEEKEND_START = "The first session must be on a weekday."
COURSE_OPEN = "This client already has a planned or active course."
OVERRIDE_REQUIRED = (
    "Some readiness items are not confirmed: write why it is safe to check in anyway."
)
NOT_SCHEDULED = "Only a scheduled session can be checked in."
READINESS_CLOSED = "This session has started; its readiness checklist can no longer change."
ONLY_THE_CLIENT = "Only the client can confirm their own readiness."
ONLY_CARE_TEAM = "Only the client's care team or a lead of the practice can do this."


class TreatmentRefused(Exception):
    """A treatment action the platform refuses; ``field`` is the form field to show it on."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
