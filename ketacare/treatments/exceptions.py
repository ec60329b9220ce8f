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


# the dosing session record (docs/treatments.md, "The session record")
NOT_CHECKED_IN = "Check the client in before recording this."
SESSION_CLOSED = "This session is closed: nothing more can be recorded."
WEIGHT_REQUIRED = "Record the client's weight for this session first (it gives the mg/kg dose)."
WEIGHT_RANGE = "Weight must be between 20 and 300 kg."
PREDOSE_REQUIRED = "Record pre-dose vitals with a blood pressure before the first dose."
PREDOSE_ONLY_BEFORE_DOSING = "Pre-dose vitals can be recorded only before the first dose."
BP_DECISION_REQUIRED = (
    "Pre-dose blood pressure is in the review band: record a clinician's decision first."
)
BP_DECISION_NOT_NEEDED = "The latest pre-dose blood pressure does not need a clinician's decision."
BP_DEFERRED = "Pre-dose blood pressure is at or above the defer level: the session is deferred."
REASON_REQUIRED = "Write the reason for the decision."
ROUTE_NOT_FOR_DRUG = "This route cannot be used for this drug."
ESKETAMINE_DOSE = "An esketamine dose is 28, 56 or 84 mg (one 28-mg device each)."
ESKETAMINE_TOO_SOON = "Esketamine devices are given at least 5 minutes apart."
ENDS_BEFORE_START = "The end time must be after the start time."
IN_THE_FUTURE = "This time is in the future."
LOT_REQUIRED = "Enter the lot number."
VITALS_EMPTY = "Enter at least one measurement."
BP_PAIR = "Enter both systolic and diastolic blood pressure, or neither."
NOTE_REQUIRED = "Write the note."
NOT_DISCHARGEABLE = "The client cannot be discharged yet."
CANNOT_STOP = "Only a checked-in or running session can be stopped."
CANNOT_DEFER = "Only a checked-in session that has not started can be deferred."
CANNOT_CANCEL = "Only a session that has not started can be cancelled."
NOTE_ALREADY_SIGNED = "This session already has a signed note: write an amendment instead."
AMEND_LATEST_ONLY = "Amend the latest version of the note."
STOP_ALERT_OPEN = "A stop-level alert of this session is not resolved: no further dose until it is."
ONLY_LEAD = "Only a lead of the practice can change its safety settings."


class DischargeRefused(TreatmentRefused):
    """Discharge refused; ``reasons`` lists every criterion still unmet."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__(NOT_DISCHARGEABLE)
        self.reasons = reasons
