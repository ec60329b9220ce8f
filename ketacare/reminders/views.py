"""The client's reminder settings page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ketacare.accounts.types import AuthedHttpRequest
from ketacare.clients.selectors import client_own
from ketacare.core.permissions import NotFound
from ketacare.reminders.forms import ReminderPreferenceForm
from ketacare.reminders.selectors import reminder_preference_own
from ketacare.reminders.services import ReminderSettings, reminder_preference_update

FIELDS = (
    "email_enabled",
    "daily_check_in_reminder",
    "time_zone",
    "quiet_hours_start",
    "quiet_hours_end",
    "max_per_day",
    "daily_check_in_at",
)


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedHttpRequest) -> HttpResponse:
    """Show and save the client's own reminder settings; staff have none (404)."""
    client = client_own(actor=request.user)
    if client is None:
        raise NotFound
    preference = reminder_preference_own(actor=request.user, client=client)
    initial = {name: getattr(preference, name) for name in FIELDS}
    form = ReminderPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = ReminderSettings(**{name: form.cleaned_data[name] for name in FIELDS})
        reminder_preference_update(actor=request.user, client=client, values=values)
        messages.success(request, "Reminder settings saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})
