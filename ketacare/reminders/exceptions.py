"""Reminder errors and their user-facing messages."""

from __future__ import annotations

ONLY_THE_CLIENT = "Only the client can change their own reminder settings."
UNKNOWN_ZONE = "Enter a time zone from the IANA list, for example Europe/London."
CHECK_IN_TIME_IN_QUIET_HOURS = (
    "This time falls in your quiet hours, so the reminder would never be sent. "
    "Choose a time outside them."
)
