"""Errors raised by preparation services; messages are constants so tests can import them."""

from __future__ import annotations

RECORD_IMMUTABLE = "A signed screening record cannot be changed; record an amendment instead."
INTAKE_SUBMITTED = "This intake has already been sent; it can no longer be changed."
UNKNOWN_STEP = "There is no such step in the intake."
FIELD_NOT_IN_STEP = "{field} does not belong to this step of the intake."
ABSOLUTE_NOT_APPROVABLE = (
    "This screening found an absolute contraindication, so it cannot be approved. "
    "Decline, or correct the intake if it is wrong."
)
CONDITIONS_REQUIRED = "Write the conditions of the approval."
AMENDS_NOT_LATEST = "A decision already exists: amend the latest decision instead."
AMENDS_OTHER_RESULT = "An amendment must belong to the same screening result."


class RecordImmutable(Exception):
    """An attempt to change or delete a stored screening result or signed decision."""

    def __init__(self) -> None:
        super().__init__(RECORD_IMMUTABLE)


class IntakeInvalid(Exception):
    """Intake data the platform cannot accept; ``step`` is where to fix it, ``field`` what."""

    def __init__(self, message: str, *, step: int, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.step = step
        self.field = field


class DecisionInvalid(Exception):
    """A screening decision the platform refuses (e.g. approving an absolute contraindication)."""

    def __init__(self, message: str, *, field: str = "decision") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
