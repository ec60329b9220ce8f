"""Forms for handling alerts."""

from __future__ import annotations

from django import forms


class AlertResolveForm(forms.Form):
    note = forms.CharField(
        label="How was this resolved?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Stored encrypted; seen only by the care team and practice leads.",
    )
