"""The client's reminder settings form (keeps what was typed on error)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms

from ketacare.reminders.exceptions import CHECK_IN_TIME_IN_QUIET_HOURS, UNKNOWN_ZONE
from ketacare.reminders.models import DEFAULT_DAILY_CHECK_IN_AT, MAX_PER_DAY_LIMIT
from ketacare.reminders.quiet_hours import in_quiet_hours


class ReminderPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="E-mail me when something is due", required=False)
    daily_check_in_reminder = forms.BooleanField(
        label="Also remind me about my daily check-in", required=False
    )
    daily_check_in_at = forms.TimeField(
        label="Daily check-in reminder time",
        required=False,
        help_text=(
            "Sent at this time only if you have not checked in that day. "
            "Platform policy default: 18:00."
        ),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = forms.CharField(
        label="Your time zone",
        max_length=64,
        help_text="An IANA time zone name, for example Europe/London or America/New_York.",
    )
    quiet_hours_start = forms.TimeField(
        label="Quiet hours start (no reminders from)",
        help_text="24-hour time, for example 21:00. Practice policy default: 21:00.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_hours_end = forms.TimeField(
        label="Quiet hours end (reminders again from)",
        help_text="May be the next morning, for example 08:00. Practice policy default: 08:00.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    max_per_day = forms.IntegerField(
        label="Most reminders in one day",
        min_value=1,
        max_value=MAX_PER_DAY_LIMIT,
        help_text=f"Between 1 and {MAX_PER_DAY_LIMIT}. Practice policy default: 3.",
    )

    def clean_time_zone(self) -> str:
        name = str(self.cleaned_data["time_zone"]).strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(UNKNOWN_ZONE) from exc
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "daily_check_in_at" in data and data["daily_check_in_at"] is None:
            data["daily_check_in_at"] = DEFAULT_DAILY_CHECK_IN_AT  # left empty: the default
        at, start, end = (
            data.get(k) for k in ("daily_check_in_at", "quiet_hours_start", "quiet_hours_end")
        )
        if (
            data.get("daily_check_in_reminder")
            and at is not None
            and start is not None
            and end is not None
            and in_quiet_hours(at, start=start, end=end)
        ):
            self.add_error("daily_check_in_at", CHECK_IN_TIME_IN_QUIET_HOURS)
        return data
