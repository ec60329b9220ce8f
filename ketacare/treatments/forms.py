"""Forms of the treatments pages: planning a course and checking a client in."""

from __future__ import annotations

from django import forms

from ketacare.domain.protocols import PROTOCOLS


class CoursePlanForm(forms.Form):
    protocol_code = forms.ChoiceField(
        label="Protocol",
        choices=[(code, template.name) for code, template in PROTOCOLS.items()],
    )
    start_on = forms.DateField(
        label="First session", widget=forms.DateInput(attrs={"type": "date"})
    )


class CheckInForm(forms.Form):
    override_note = forms.CharField(
        label="Why it is safe to start with items still open",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
