"""HTML input for the plan, the one-tap check-ins and coaching notes (keeps what was typed)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from ketacare.domain.instruments.registry import INSTRUMENTS
from ketacare.integration.models import (
    Cadence,
    CoachingKind,
    Commitment,
    Domain,
    Insight,
    InsightSource,
    Outcome,
)


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = cast("forms.ChoiceField", form.fields[name])
    field.choices = choices


SCALE = [(str(i), str(i)) for i in range(11)]


def _scale(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale__input"}),
        help_text=help_text,
    )


class DailyCheckInForm(forms.Form):
    mood = _scale("Mood", "0 is the lowest you have felt, 10 the best.")
    anxiety = _scale("Anxiety", "0 is calm, 10 is the most anxious you have felt.")
    sleep_quality = _scale("Sleep last night", "0 is no rest at all, 10 is the best sleep.")
    practices = forms.MultipleChoiceField(
        label="Practised today", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="One line about today (optional)", required=False, max_length=140)

    def __init__(self, *args: Any, commitments: list[Commitment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "practices", [(str(c.public_id), c.next_step) for c in commitments])


class InsightForm(forms.Form):
    text = forms.CharField(
        label="What did you realise?", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    source_kind = forms.ChoiceField(label="Where did it come from?", choices=InsightSource.choices)
    source_public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class CommitmentForm(forms.Form):
    insight = forms.ChoiceField(label="From the insight", required=False)
    domain = forms.ChoiceField(label="Domain", choices=Domain.choices, widget=forms.RadioSelect)
    next_step = forms.CharField(
        label="Your next concrete step",
        max_length=500,
        help_text="Small and specific, for example: walk for ten minutes after lunch.",
    )
    cadence = forms.ChoiceField(label="How often", choices=Cadence.choices)
    start_on = forms.DateField(label="Start on", widget=forms.DateInput(attrs={"type": "date"}))
    review_on = forms.DateField(
        label="Review on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When you and your care team look at how it is going.",
    )

    def __init__(self, *args: Any, insights: list[Insight], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self, "insight", [("", "None")] + [(str(i.public_id), i.text[:80]) for i in insights]
        )


class CheckInForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Did you do it?", choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="A note (optional)", required=False, max_length=500)


class CoachingNoteForm(forms.Form):
    held_at = forms.DateTimeField(
        label="Held at (UTC)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    kind = forms.ChoiceField(label="Kind", choices=CoachingKind.choices)
    dap_data = forms.CharField(
        label="Data",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the client said and what you observed.",
    )
    assessment = forms.CharField(
        label="Assessment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your clinical reading of it.",
    )
    plan = forms.CharField(
        label="Plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens next.",
    )
    commitments = forms.MultipleChoiceField(
        label="Plan items discussed", required=False, widget=forms.CheckboxSelectMultiple
    )
    reviewed_plan = forms.BooleanField(label="We reviewed the integration plan", required=False)

    def __init__(self, *args: Any, commitments: list[Commitment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitment_rows = commitments
        _choices(self, "commitments", [(str(c.public_id), c.next_step) for c in commitments])


class IntegrationSettingsForm(forms.Form):
    """A practice's integration policy; the page shows each field's default and source."""

    low_mood_threshold = forms.IntegerField(
        label="Low mood: a check-in counts as low at this mood or below (0–10)",
        min_value=0,
        max_value=10,
    )
    low_mood_days = forms.IntegerField(
        label="Low mood: alert after this many low check-ins in a row (1–14)",
        min_value=1,
        max_value=14,
    )
    baseline_drop_points = forms.IntegerField(
        label="Drop from baseline: alert at this many points below the client's baseline (1–10)",
        min_value=1,
        max_value=10,
    )
    missed_check_in_days = forms.IntegerField(
        label="Caseload: flag a client in integration after this many days without a check-in "
        "(1–30)",
        min_value=1,
        max_value=30,
    )
    follow_up_instruments = forms.MultipleChoiceField(
        label="Questionnaires assigned after a course's last session",
        choices=[(code, f"{code} ({spec.name})") for code, spec in INSTRUMENTS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one questionnaire."},
    )
