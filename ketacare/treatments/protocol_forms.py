"""The lead's form for adjusting a practice protocol, built from its base template's fields."""

from __future__ import annotations

from typing import Any

from django import forms

from ketacare.domain.protocols import ProtocolTemplate
from ketacare.domain.protocols.adjust import (
    PER_WEEK_CHOICES,
    ChecklistEntry,
    Limit,
    Overrides,
    PhaseAdjustment,
    dose_unit,
    is_required_item,
    limits,
)

ADDED_PREFIX = "practice_"


class PracticeProtocolForm(forms.Form):
    """Fields follow the base template: one set per phase, an infusion time for IV only."""

    name = forms.CharField(label="Name", max_length=120)

    def __init__(
        self, data: Any = None, *, template: ProtocolTemplate, current: Overrides
    ) -> None:  # Any: the request's POST data or None
        super().__init__(data, initial=_initial(template, current))
        self.template = template
        for index, phase in enumerate(template.phases):
            self.fields[f"phase_{index}_sessions"] = forms.IntegerField(
                label=f"{phase.name.capitalize()}: number of sessions"
            )
            self.fields[f"phase_{index}_per_week"] = forms.TypedChoiceField(
                label=f"{phase.name.capitalize()}: sessions a week",
                choices=[(n, str(n)) for n in PER_WEEK_CHOICES],
                coerce=int,
            )
            self.fields[f"phase_{index}_dose"] = forms.FloatField(
                label=f"{phase.name.capitalize()}: dose per session ({dose_unit(phase)})"
            )
        if current.infusion_min is not None:
            self.fields["infusion_min"] = forms.IntegerField(label="Infusion time (min)")
        self.fields["min_monitoring_min"] = forms.IntegerField(
            label="Minimum monitoring after the last dose (min)"
        )
        self.fields["vitals_every_min"] = forms.IntegerField(label="Vitals every (min)")
        for item in template.checklist:
            self.fields[f"keep_{item.code}"] = forms.BooleanField(
                label=item.text, required=False, disabled=is_required_item(item)
            )
        self.fields["added_items"] = forms.CharField(
            label="Your practice's own readiness items, one per line",
            required=False,
            max_length=3000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def limit_rows(self) -> list[tuple[forms.BoundField, Limit | None]]:
        """Each adjustable field with the built-in value, what is allowed, and the source."""
        found = limits(self.template)
        names = [n for n in self.fields if n != "added_items" and not n.startswith("keep_")]
        return [(self[name], found.get(name)) for name in names]

    def checklist_rows(self) -> list[tuple[forms.BoundField, str, bool]]:
        """Each template item's keep box, its source, and whether it must stay."""
        return [
            (self[f"keep_{item.code}"], item.source, is_required_item(item))
            for item in self.template.checklist
        ]

    def overrides(self) -> Overrides:
        """The cleaned values as the domain's overrides (call after ``is_valid``)."""
        data = self.cleaned_data
        kept = [
            ChecklistEntry(item.code, item.text)
            for item in self.template.checklist
            if data[f"keep_{item.code}"]
        ]
        lines = [line.strip() for line in data["added_items"].splitlines() if line.strip()]
        added = [ChecklistEntry(f"{ADDED_PREFIX}{n}", line) for n, line in enumerate(lines, 1)]
        return Overrides(
            name=data["name"],
            phases=tuple(
                PhaseAdjustment(
                    data[f"phase_{i}_sessions"],
                    data[f"phase_{i}_per_week"],
                    data[f"phase_{i}_dose"],
                )
                for i in range(len(self.template.phases))
            ),
            checklist=(*kept, *added),
            min_monitoring_min=data["min_monitoring_min"],
            vitals_every_min=data["vitals_every_min"],
            infusion_min=data.get("infusion_min"),
        )


def _initial(template: ProtocolTemplate, current: Overrides) -> dict[str, Any]:
    # Any: initial values of mixed field types
    initial: dict[str, Any] = {
        "name": current.name,
        "infusion_min": current.infusion_min,
        "min_monitoring_min": current.min_monitoring_min,
        "vitals_every_min": current.vitals_every_min,
    }
    for index, phase in enumerate(current.phases):
        initial[f"phase_{index}_sessions"] = phase.sessions
        initial[f"phase_{index}_per_week"] = phase.per_week
        initial[f"phase_{index}_dose"] = phase.dose
    codes = {entry.code for entry in current.checklist}
    for item in template.checklist:
        initial[f"keep_{item.code}"] = item.code in codes or is_required_item(item)
    template_codes = {item.code for item in template.checklist}
    own = [entry.label for entry in current.checklist if entry.code not in template_codes]
    initial["added_items"] = "\n".join(own)
    return initial
