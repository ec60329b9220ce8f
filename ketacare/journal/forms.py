"""HTML forms of the journal: an entry, its edit, the guided reflection and a practice prompt."""

from __future__ import annotations

from typing import Any

from django import forms

from ketacare.journal.models import Prompt
from ketacare.journal.phases import Domain, Phase
from ketacare.journal.services import MAX_BODY_CHARS


class EntryForm(forms.Form):
    """A new entry: the text, optional themes, a prompt, the phase and the sharing choice."""

    body = forms.CharField(
        label="Your entry", widget=forms.Textarea(attrs={"rows": 10}), max_length=MAX_BODY_CHARS
    )
    themes = forms.CharField(
        label="Themes (optional, separated by commas)", required=False, max_length=500
    )
    prompt = forms.ChoiceField(label="Prompt (optional)", required=False)
    phase = forms.ChoiceField(label="Phase", choices=Phase.choices)
    shared_with_care_team = forms.BooleanField(
        label="Share this entry with my care team", required=False
    )

    def __init__(self, *args: Any, prompts: list[Prompt], **kwargs: Any) -> None:  # Any: Form
        super().__init__(*args, **kwargs)
        choices = [("", "No prompt")] + [(str(p.public_id), p.text) for p in prompts]
        self.fields["prompt"].choices = choices  # type: ignore[attr-defined]


class EntryEditForm(forms.Form):
    """Editing an entry's text; the previous version is kept."""

    body = forms.CharField(
        label="Your entry", widget=forms.Textarea(attrs={"rows": 10}), max_length=MAX_BODY_CHARS
    )
    themes = forms.CharField(
        label="Themes (optional, separated by commas)", required=False, max_length=500
    )


class ReflectionForm(forms.Form):
    """One short answer per reflection prompt; at least one must be written."""

    shared_with_care_team = forms.BooleanField(
        label="Share this reflection with my care team", required=False
    )

    def __init__(self, *args: Any, prompts: list[Prompt], **kwargs: Any) -> None:  # Any: Form
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        for prompt in prompts:
            self.fields[prompt.code] = forms.CharField(
                label=prompt.text,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned data
        cleaned = super().clean() or {}
        if not any(str(cleaned.get(p.code, "")).strip() for p in self.prompts):
            raise forms.ValidationError("Write at least one answer before saving.")
        return cleaned

    def answers(self) -> list[tuple[Prompt, str]]:
        return [(p, str(self.cleaned_data.get(p.code, ""))) for p in self.prompts]


class PromptForm(forms.Form):
    """A practice's own prompt."""

    text = forms.CharField(label="Prompt text", max_length=400)
    phase = forms.ChoiceField(label="Phase", choices=Phase.choices)
    domain = forms.ChoiceField(label="Domain", choices=Domain.choices)
