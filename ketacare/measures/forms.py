"""HTML input for questionnaires: the answer form (built from the instrument) and assigning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from ketacare.domain.instruments import INSTRUMENTS, Instrument
from ketacare.domain.instruments.base import format_number
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.schedules import SCHEDULE_LABELS


@dataclass(frozen=True)
class OptionField:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class ItemField:
    """One item as the template draws it: a fieldset of radios, or a number input for VAS."""

    key: str
    name: str
    label: str
    required: bool
    continuous: bool
    minimum: str
    maximum: str
    value: str
    options: tuple[OptionField, ...]
    error: str


def _coerce(raw: str) -> object:
    """Turn a posted string into the number the instrument expects; leave junk for it to name."""
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            continue
    return raw


class QuestionnaireForm:
    """Every item of an instrument, with what the person typed kept across a failed submit."""

    def __init__(self, instrument: Instrument, data: Mapping[str, str] | None = None) -> None:
        self.instrument = instrument
        self.data = data or {}
        self.error = ""
        self.error_item: str | None = None

    @staticmethod
    def field_name(key: str) -> str:
        return f"item_{key}"

    def answers(self) -> dict[str, object]:
        """Posted answers as numbers, blank items left out (the instrument says what is missing)."""
        answers: dict[str, object] = {}
        for item in self.instrument.items:
            raw = self.data.get(self.field_name(item.key), "").strip()
            if raw:
                answers[item.key] = _coerce(raw)
        return answers

    def context(self) -> dict[str, object] | None:
        """Posted context inputs (AUDIT-C ``sex``, PCL-5 ``cutoff``), or None when none given."""
        context = {
            key: _coerce(self.data.get(f"context_{key}", "").strip())
            for key in self.instrument.context_keys
            if self.data.get(f"context_{key}", "").strip()
        }
        return context or None

    def add_error(self, message: str, item: str | None) -> None:
        self.error, self.error_item = message, item

    @property
    def context_fields(self) -> list[tuple[str, str]]:
        return [(key, self.data.get(f"context_{key}", "")) for key in self.instrument.context_keys]

    @property
    def items(self) -> list[ItemField]:
        fields = []
        for item in self.instrument.items:
            name = self.field_name(item.key)
            value = self.data.get(name, "")
            options = tuple(
                OptionField(format_number(o.value), o.label, value == format_number(o.value))
                for o in item.options
            )
            fields.append(
                ItemField(
                    key=item.key,
                    name=name,
                    label=item.label,
                    required=item.required,
                    continuous=item.continuous,
                    minimum=format_number(item.minimum),
                    maximum=format_number(item.maximum),
                    value=value,
                    options=options,
                    error=self.error if item.key == self.error_item else "",
                )
            )
        return fields


def prefill(instrument: Instrument, response: QuestionnaireResponse) -> dict[str, str]:
    """Form data holding a stored response's answers and context (to start a correction)."""
    data = {
        QuestionnaireForm.field_name(str(key)): format_number(value)
        for key, value in response.answers.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    }
    data.update(
        {
            f"context_{key}": str(value)
            for key, value in response.context.items()
            if value is not None
        }
    )
    return data


def _instrument_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {spec.name}") for code, spec in INSTRUMENTS.items()]


MODE_ONCE = "once"
MODE_SCHEDULE = "schedule"
DUE_ON_REQUIRED = "Choose a due date."
ANCHOR_REQUIRED = "Give the date of the last (or planned) dosing session."
POINTS_REQUIRED = "Tick at least one point of the schedule."


class AssignmentForm(forms.Form):
    """Assign once by a due date, or at the ticked points of the course schedule."""

    instrument = forms.ChoiceField(label="Questionnaire", choices=_instrument_choices)
    mode = forms.ChoiceField(
        label="When",
        choices=[(MODE_ONCE, "Once, by a due date"), (MODE_SCHEDULE, "On the course schedule")],
        widget=forms.RadioSelect,
        required=False,
        initial=MODE_ONCE,
    )
    due_on = forms.DateField(
        label="Due on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    schedule_label = forms.CharField(
        label="Schedule label", max_length=40, required=False, help_text='e.g. "baseline"'
    )
    anchor_on = forms.DateField(
        label="Dosing session (last or planned)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The schedule counts from this day.",
    )
    points = forms.MultipleChoiceField(
        label="Points of the schedule",
        choices=[(label, label) for label in SCHEDULE_LABELS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(SCHEDULE_LABELS),
    )

    @property
    def is_schedule(self) -> bool:
        return self.cleaned_data.get("mode") == MODE_SCHEDULE

    def due_at(self) -> dt.datetime:
        """The end of the due day, in UTC."""
        day: dt.date = self.cleaned_data["due_on"]
        return dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.UTC)

    def clean_due_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data["due_on"]
        if day is not None and day < timezone.now().date():
            raise forms.ValidationError("Choose today or a later day.")
        return day

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("mode") != MODE_SCHEDULE:
            data["mode"] = MODE_ONCE
            if not data.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", DUE_ON_REQUIRED)
            return data
        if not data.get("anchor_on") and "anchor_on" not in self.errors:
            self.add_error("anchor_on", ANCHOR_REQUIRED)
        if not data.get("points"):
            self.add_error("points", POINTS_REQUIRED)
        return data
