"""Reminder errors and their user-facing messages."""

from __future__ import annotations

ONLY_THE_CLIENT = "Only the client can change their own reminder settings."
UNKNOWN_ZONE = "Enter a time zone from the IANA list, for example Europe/London."
