"""HTML forms of the intake steps and of the screening decision.

Each step form turns what the client typed into profile fields (docs/screening.md). Fields
that validate are saved even when others on the page do not, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from django import forms
from django.http import QueryDict

from ketacare.domain.screening import (
    Coded,
    Condition,
    Diagnosis,
    HepaticFunction,
    PlannedDrug,
    Route,
    Setting,
    Sex,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    UsePattern,
)
from ketacare.preparation.models import Decision

YES_NO = [("yes", "Yes"), ("no", "No")]
SUICIDALITY_PLAIN = [
    ("none", "No"),
    ("passive", "I have wished I were dead, or could go to sleep and not wake up"),
    ("active_no_plan", "I have had thoughts of ending my life, but no plan"),
    ("active_with_plan", "I have had thoughts of ending my life and have a plan or intend to act"),
]
MAX_ROWS = 20
MIN_ROWS = 3

ErrorItem = tuple[str, str, str]  # (input id, label, message)


def _choices(vocabulary: type[Coded], *, blank: str | None = None) -> list[tuple[str, str]]:
    head = [("", blank)] if blank is not None else []
    return head + [(member.value, member.label) for member in vocabulary]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _to_json(value: object) -> object:
    """A cleaned form value as a profile value (None = not recorded)."""
    if value in ("", None):
        return None
    if value in ("yes", "no"):
        return value == "yes"
    if isinstance(value, Decimal):
        return _number(value)
    return value


def _from_json(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


class StepForm(Protocol):
    """What the step view needs of a step's form."""

    def is_valid(self) -> bool: ...

    def profile_data(self) -> dict[str, object]: ...

    def error_summary(self) -> list[ErrorItem]: ...


class _ProfileForm(forms.Form):
    """A step of simple fields whose names are profile fields."""

    group_fields: tuple[str, ...] = ()  # rendered as a fieldset of choices

    def __init__(self, data: QueryDict | None, saved: Mapping[str, object]) -> None:
        initial = {name: _from_json(saved[name]) for name in self.base_fields if name in saved}
        super().__init__(data, initial=initial)
        for field in self.fields.values():
            field.error_messages["required"] = "Please answer this question."

    def profile_data(self) -> dict[str, object]:
        self.is_valid()
        return {name: _to_json(value) for name, value in self.cleaned_data.items()}

    def error_summary(self) -> list[ErrorItem]:
        return [
            (self[name].auto_id or "", str(self[name].label), str(message))
            for name, messages in self.errors.items()
            if name in self.fields
            for message in messages
        ]

    def rows(self) -> list[tuple[forms.BoundField, bool]]:
        """Each field with whether it is a group of choices (fieldset) or a single input."""
        return [(self[name], name in self.group_fields) for name in self.fields]


class AboutForm(_ProfileForm):
    age = forms.IntegerField(label="Your age in years", min_value=0, max_value=120)
    sex = forms.ChoiceField(
        label="Sex (optional)",
        choices=_choices(Sex),
        widget=forms.RadioSelect,
        required=False,
    )
    weight_kg = forms.DecimalField(
        label="Weight in kilograms (optional)",
        min_value=Decimal("0.1"),
        max_value=500,
        decimal_places=1,
        required=False,
    )
    group_fields = ("sex",)


class PlanForm(_ProfileForm):
    planned_drug = forms.ChoiceField(
        label="Which medicine your care team plans to use",
        choices=_choices(PlannedDrug),
        widget=forms.RadioSelect,
    )
    planned_route = forms.ChoiceField(
        label="How it will be given", choices=_choices(Route, blank="Choose…")
    )
    setting = forms.ChoiceField(
        label="Where the sessions will happen", choices=_choices(Setting), widget=forms.RadioSelect
    )
    escort_available = forms.ChoiceField(
        label="Will someone take you home after a session (or stay with you at home)?",
        choices=[*YES_NO, ("", "Not sure yet")],
        widget=forms.RadioSelect,
        required=False,
    )
    group_fields = ("planned_drug", "setting", "escort_available")


class HealthForm(_ProfileForm):
    diagnoses = forms.MultipleChoiceField(
        label="Diagnoses you have been given (tick any that apply)",
        choices=_choices(Diagnosis),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    conditions = forms.MultipleChoiceField(
        label="Health conditions you have now or had before (tick any that apply)",
        choices=_choices(Condition),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pregnant = forms.ChoiceField(
        label="Are you pregnant?", choices=YES_NO, widget=forms.RadioSelect
    )
    breastfeeding = forms.ChoiceField(
        label="Are you breastfeeding?", choices=YES_NO, widget=forms.RadioSelect
    )
    hepatic_function = forms.ChoiceField(
        label="Your liver health", choices=_choices(HepaticFunction), widget=forms.RadioSelect
    )
    # An empty list of diagnoses or conditions states "none of these": an answer, kept as [].
    group_fields = ("diagnoses", "conditions", "pregnant", "breastfeeding", "hepatic_function")


class FeelingForm(_ProfileForm):
    suicidality = forms.ChoiceField(
        label="In the past month, have you had thoughts of ending your life?",
        choices=SUICIDALITY_PLAIN,
        widget=forms.RadioSelect,
    )
    group_fields = ("suicidality",)


class VitalsForm(_ProfileForm):
    sbp = forms.IntegerField(
        label="Blood pressure, top number (mmHg)", min_value=40, max_value=300, required=False
    )
    dbp = forms.IntegerField(
        label="Blood pressure, bottom number (mmHg)", min_value=20, max_value=200, required=False
    )
    hr = forms.IntegerField(
        label="Heart rate (beats a minute)", min_value=20, max_value=250, required=False
    )
    spo2 = forms.IntegerField(
        label="Oxygen level, SpO2 (%)", min_value=50, max_value=100, required=False
    )
    allergies = forms.CharField(
        label="Allergies, one a line (leave empty if none)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, data: QueryDict | None, saved: Mapping[str, object]) -> None:
        vitals = saved.get("vitals")
        flat = dict(vitals) if isinstance(vitals, dict) else {}
        allergies = saved.get("allergies")
        if isinstance(allergies, list):
            flat["allergies"] = "\n".join(str(a) for a in allergies)
        super().__init__(data, flat)

    def clean_allergies(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["allergies"].splitlines()]
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError("Keep each allergy under 200 characters.")
        return [line for line in lines if line]

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned data
        cleaned = super().clean() or {}
        sbp, dbp = cleaned.get("sbp"), cleaned.get("dbp")
        if (sbp is None) != (dbp is None) or (
            sbp is None and (cleaned.get("spo2") is not None or cleaned.get("hr") is not None)
        ):
            self.add_error("sbp", "Enter both blood pressure numbers, or neither.")
        elif sbp is not None and dbp is not None and dbp >= sbp:
            self.add_error("dbp", "The bottom number must be lower than the top number.")
        return cleaned

    def profile_data(self) -> dict[str, object]:
        self.is_valid()
        data: dict[str, object] = {}
        if "allergies" in self.cleaned_data:
            data["allergies"] = self.cleaned_data["allergies"]
        names = ("sbp", "dbp", "hr", "spo2")
        if all(name not in self.errors for name in names):
            vitals = {n: self.cleaned_data[n] for n in names if self.cleaned_data[n] is not None}
            data["vitals"] = vitals or None
        return data


class _RowForm(forms.Form):
    """One optional row of a list; a row left empty is skipped."""

    def is_blank(self) -> bool:
        return not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields
        )

    def entry(self) -> dict[str, object]:
        values = {name: _to_json(value) for name, value in self.cleaned_data.items()}
        return {name: value for name, value in values.items() if value is not None}


class SubstanceRowForm(_RowForm):
    substance = forms.ChoiceField(
        label="Substance", choices=_choices(Substance, blank="Choose…"), required=False
    )
    status = forms.ChoiceField(
        label="Use now", choices=_choices(SubstanceStatus, blank="Choose…"), required=False
    )
    severity = forms.ChoiceField(
        label="How much of a problem",
        choices=_choices(SubstanceSeverity, blank="Not sure"),
        required=False,
    )
    pattern = forms.ChoiceField(
        label="How you use it", choices=_choices(UsePattern, blank="Not sure"), required=False
    )
    last_use_days_ago = forms.IntegerField(
        label="Days since you last used it", min_value=0, max_value=36500, required=False
    )
    months_in_remission = forms.IntegerField(
        label="Months since you stopped (if you have)",
        min_value=0,
        max_value=1200,
        required=False,
    )

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned data
        cleaned = super().clean() or {}
        if not self.is_blank() and not cleaned.get("substance"):
            self.add_error("substance", "Choose the substance, or clear this row.")
        if not self.is_blank() and not cleaned.get("status"):
            self.add_error("status", "Say whether you use it now.")
        return cleaned


class MedicationRowForm(_RowForm):
    name = forms.CharField(label="Medicine name", max_length=200, required=False)
    daily_dose_mg = forms.DecimalField(
        label="Total a day in mg (if you know)", min_value=0, max_value=100000, required=False
    )

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned data
        cleaned = super().clean() or {}
        if not self.is_blank() and not cleaned.get("name"):
            self.add_error("name", "Write the medicine's name, or clear this row.")
        return cleaned


def _row_count(data: QueryDict | None, key: str, saved: int) -> int:
    if data is None:
        return min(max(saved + 1, MIN_ROWS), MAX_ROWS)
    try:
        count = int(data.get(f"{key}_rows", MIN_ROWS))
    except ValueError:
        count = MIN_ROWS
    if data.get("add_row") == key:
        count += 1
    return min(max(count, 1), MAX_ROWS)


class SubstancesForm:
    """Step 4: rows of substance use and of medicines; "add another" adds a row, no JS."""

    def __init__(self, data: QueryDict | None, saved: Mapping[str, object]) -> None:
        self.substance_rows = self._rows(
            SubstanceRowForm, "substance", data, saved.get("substance_use")
        )
        self.medication_rows = self._rows(
            MedicationRowForm, "medication", data, saved.get("medications")
        )

    @staticmethod
    def _rows(
        form: type[_RowForm], key: str, data: QueryDict | None, saved: object
    ) -> list[_RowForm]:
        entries = [e for e in saved if isinstance(e, dict)] if isinstance(saved, list) else []
        count = _row_count(data, key, len(entries))
        return [
            form(
                data,
                prefix=f"{key}-{i}",
                initial=entries[i] if data is None and i < len(entries) else None,
            )
            for i in range(count)
        ]

    def is_valid(self) -> bool:
        return all(row.is_valid() for row in [*self.substance_rows, *self.medication_rows])

    def profile_data(self) -> dict[str, object]:
        def entries(rows: list[_RowForm]) -> list[dict[str, object]]:
            return [row.entry() for row in rows if row.is_valid() and not row.is_blank()]

        return {
            "substance_use": entries(self.substance_rows),
            "medications": entries(self.medication_rows),
        }

    def error_summary(self) -> list[ErrorItem]:
        return [
            (row[name].auto_id or "", f"{row[name].label} (row {i + 1})", str(message))
            for rows in (self.substance_rows, self.medication_rows)
            for i, row in enumerate(rows)
            for name, messages in row.errors.items()
            if name in row.fields
            for message in messages
        ]


STEP_FORMS: dict[int, Any] = {  # Any: form classes sharing the StepForm protocol
    1: AboutForm,
    2: PlanForm,
    3: HealthForm,
    4: SubstancesForm,
    5: FeelingForm,
    6: VitalsForm,
}


def step_form(step: int, data: QueryDict | None, saved: Mapping[str, object]) -> StepForm:
    """The form of an intake step, bound to POST data or filled from the saved answers."""
    form: StepForm = STEP_FORMS[step](data, saved)
    return form


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (reasoning; staff only)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    conditions = forms.CharField(
        label="Conditions (required when approving with conditions)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
