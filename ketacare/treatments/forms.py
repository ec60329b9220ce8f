"""Forms of the treatments pages: planning a course and checking a client in."""

from __future__ import annotations

from typing import Any

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

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any):
        # Any: Django's form arguments. ``choices``: built-ins and the practice's copies.
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["protocol_code"].choices = choices  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    override_note = forms.CharField(
        label="Why it is safe to start with items still open",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
