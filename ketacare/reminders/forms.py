"""The client's reminder settings form (keeps what was typed on error)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms

from ketacare.reminders.exceptions import UNKNOWN_ZONE
from ketacare.reminders.models import MAX_PER_DAY_LIMIT


class ReminderPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="E-mail me when something is due", required=False)
    daily_check_in_reminder = forms.BooleanField(
        label="Also remind me about my daily check-in", required=False
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
