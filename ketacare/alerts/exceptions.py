"""Errors raised by alert services; messages are constants so tests can import them."""

ALERT_ALREADY_HANDLED = "This alert has already been handled."
RESOLUTION_NOTE_REQUIRED = "Write a short note saying how the alert was resolved."


class AlertAlreadyHandled(Exception):
    """Acknowledging or resolving an alert whose status no longer allows it."""

    def __init__(self) -> None:
        super().__init__(ALERT_ALREADY_HANDLED)


class ResolutionNoteRequired(Exception):
    """Resolving an alert without saying how."""

    def __init__(self) -> None:
        super().__init__(RESOLUTION_NOTE_REQUIRED)
