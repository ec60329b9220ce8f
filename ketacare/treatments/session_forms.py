"""Forms of the dosing session screen; ranges match the model constraints and the services."""

from __future__ import annotations

from typing import Any

from django import forms

from ketacare.domain.session_safety import MOAAS_LEVELS
from ketacare.treatments.session_models import (
    VITAL_RANGES,
    AdministeredDrug,
    AdministrationRoute,
    AdverseEventKind,
    AdverseEventSeverity,
    BpChoice,
    DischargeItem,
)

_WHEN = {"type": "datetime-local"}
_NUMBER = {"inputmode": "numeric", "autocomplete": "off"}


def _vital(field: str, label: str, *, required: bool = False) -> forms.IntegerField:
    low, high, message = VITAL_RANGES[field]
    message = message.replace("%", "%%")  # Django %-formats error messages with params
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        error_messages={"min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs=_NUMBER),
    )


class VitalsForm(forms.Form):
    """One row of the vitals grid: Enter submits; empty cells are not measured."""

    systolic = _vital("systolic", "Systolic (mmHg)")
    diastolic = _vital("diastolic", "Diastolic (mmHg)")
    heart_rate = _vital("heart_rate", "Heart rate (/min)")
    spo2 = _vital("spo2", "SpO2 (%)")
    respiratory_rate = _vital("respiratory_rate", "Resp. rate (/min)")
    phase = forms.ChoiceField(
        label="Phase", choices=[("during", "During"), ("discharge", "Discharge")], initial="during"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("systolic") is None) != (data.get("diastolic") is None):
            self.add_error("diastolic", "Enter both systolic and diastolic, or neither.")
        return data


class PredoseForm(forms.Form):
    """Weight and pre-dose vitals; the BP gate is applied when they are saved."""

    weight_kg = forms.DecimalField(
        label="Weight (kg)", min_value=20, max_value=300, decimal_places=1, max_digits=5
    )
    systolic = _vital("systolic", "Systolic (mmHg)", required=True)
    diastolic = _vital("diastolic", "Diastolic (mmHg)", required=True)
    heart_rate = _vital("heart_rate", "Heart rate (/min)")
    spo2 = _vital("spo2", "SpO2 (%)")
    respiratory_rate = _vital("respiratory_rate", "Resp. rate (/min)")


class BpDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=BpChoice.choices)
    reason = forms.CharField(label="Reason", max_length=5000, widget=forms.Textarea({"rows": 2}))


class AdministrationForm(forms.Form):
    drug = forms.ChoiceField(label="Drug", choices=AdministeredDrug.choices)
    route = forms.ChoiceField(label="Route", choices=AdministrationRoute.choices)
    dose_mg = forms.DecimalField(label="Dose (mg)", min_value=0.01, max_digits=7, decimal_places=2)
    lot_number = forms.CharField(label="Lot number", max_length=64)
    started_at = forms.DateTimeField(label="Started", widget=forms.DateTimeInput(_WHEN))
    ended_at = forms.DateTimeField(
        label="Ended (infusions)", required=False, widget=forms.DateTimeInput(_WHEN)
    )


class SedationForm(forms.Form):
    score = forms.TypedChoiceField(label="MOAA/S", choices=MOAAS_LEVELS, coerce=int)


_CADSS = [(value, str(value)) for value in range(5)]


class DissociationForm(forms.Form):
    """CADSS-6 items as numbered on the 23-item CADSS (licensed wording not shipped)."""

    item_1 = forms.TypedChoiceField(label="Item 1", choices=_CADSS, coerce=int)
    item_2 = forms.TypedChoiceField(label="Item 2", choices=_CADSS, coerce=int)
    item_6 = forms.TypedChoiceField(label="Item 6", choices=_CADSS, coerce=int)
    item_7 = forms.TypedChoiceField(label="Item 7", choices=_CADSS, coerce=int)
    item_15 = forms.TypedChoiceField(label="Item 15", choices=_CADSS, coerce=int)
    item_22 = forms.TypedChoiceField(label="Item 22", choices=_CADSS, coerce=int)

    def items(self) -> dict[str, int]:
        return {name.removeprefix("item_"): value for name, value in self.cleaned_data.items()}


class AdverseEventForm(forms.Form):
    kind = forms.ChoiceField(label="Event", choices=AdverseEventKind.choices)
    severity = forms.ChoiceField(label="Severity", choices=AdverseEventSeverity.choices)
    onset_at = forms.DateTimeField(label="Onset", widget=forms.DateTimeInput(_WHEN))
    action_taken = forms.CharField(
        label="Action taken", required=False, max_length=5000, widget=forms.Textarea({"rows": 2})
    )
    resolved = forms.BooleanField(label="Resolved", required=False)


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", max_length=20000, widget=forms.Textarea({"rows": 3}))


class DischargeCheckForm(forms.Form):
    item = forms.ChoiceField(label="Criterion", choices=DischargeItem.choices)


class DischargeForm(forms.Form):
    """Discharge has no fields: the service checks every criterion."""


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        label="Action",
        choices=[("stop", "Stop for safety"), ("defer", "Defer"), ("cancel", "Cancel")],
    )


class SafetySettingsForm(forms.Form):
    """Every threshold, each with its platform default [P] shown next to it."""

    def __init__(self, *args: Any, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in labels.items():
            self.fields[name] = forms.IntegerField(label=label, min_value=1, max_value=300)
        self.fields["vitals_every_min"] = forms.IntegerField(
            label="Vitals every (min), empty = the protocol's cadence",
            required=False,
            min_value=1,
            max_value=120,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [("spo2_stop_below", "spo2_alert_below"), ("pause_systolic", "stop_systolic")]
        pairs.append(("pause_diastolic", "stop_diastolic"))
        for low, high in pairs:
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(low, "This must not be above the stop or alert level it precedes.")
        return data
