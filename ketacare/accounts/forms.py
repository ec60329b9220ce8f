"""Sign-in and invitation forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Django's authentication form, labelled for e-mail sign-in."""

    username = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        # One message for unknown e-mail and wrong password: no account enumeration (C3).
        "invalid_login": "That e-mail address and password do not match an account.",
        "inactive": "That e-mail address and password do not match an account.",
    }


class InvitationAcceptForm(forms.Form):
    """Name and a password (validated against the password policy by the service)."""

    display_name = forms.CharField(
        label="What should we call you?",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; long passphrases are welcome.",
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return cleaned


class StaffInviteForm(forms.Form):
    """A lead invites a practitioner or another lead."""

    email = forms.EmailField(label="E-mail address", max_length=254)
    role = forms.ChoiceField(
        label="Role",
        choices=[("practitioner", "Practitioner"), ("lead", "Practice lead")],
    )


class PracticeSettingsForm(forms.Form):
    """A lead's safety settings for the practice; defaults are platform policy."""

    crisis_resources = forms.CharField(
        label="Crisis resources shown to clients",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Shown at once to a client whose answer raises a safety concern. Platform default: "
            "call or text 988 (US), or your local emergency number."
        ),
    )
    alert_escalation_minutes = forms.IntegerField(
        label="Escalate unacknowledged safety alerts to leads after (minutes)",
        min_value=5,
        max_value=1440,
        help_text="Platform policy default: 30 minutes. Between 5 and 1440.",
    )
