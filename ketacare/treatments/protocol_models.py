"""A practice's own copy of a built-in protocol template, with its adjustments.

The guard rails live in ``domain.protocols.adjust``; the database repeats the floors that
matter most for safety (minimum monitoring, vitals cadence) so no path can store less.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.core.models import BaseModel
from ketacare.domain.protocols import PROTOCOLS
from ketacare.domain.protocols.adjust import (
    MONITORING_FLOORS,
    ChecklistEntry,
    Overrides,
    PhaseAdjustment,
)

# Esketamine copies monitor for at least 2 hours (REMS), every copy for at least 60 minutes.
_ESKETAMINE_CODES = sorted(code for code, t in PROTOCOLS.items() if t.drug == "esketamine")
_LOWEST_FLOOR_MIN = min(floor.minutes for floor in MONITORING_FLOORS.values())


def _check(condition: models.Q, rule: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{rule}")


class PracticeProtocol(BaseModel):
    """A practice's adjusted copy of a built-in template (``based_on`` is its code).

    ``phases`` holds one ``{"sessions", "per_week", "dose"}`` per phase of the template, the
    dose in the template's unit (mg/kg or mg); ``checklist`` the readiness items as
    ``{"code", "label"}``. Practice policy, not client data.
    """

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    based_on = models.CharField(max_length=32)
    name = models.CharField(max_length=120)
    phases = models.JSONField()
    infusion_min = models.PositiveSmallIntegerField(null=True, blank=True)
    checklist = models.JSONField()
    min_monitoring_min = models.PositiveSmallIntegerField()
    vitals_every_min = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(based_on__in=list(PROTOCOLS)), "based_on_known"),
            _check(models.Q(min_monitoring_min__gte=_LOWEST_FLOOR_MIN), "monitoring_floor"),
            _check(
                ~models.Q(based_on__in=_ESKETAMINE_CODES) | models.Q(min_monitoring_min__gte=120),
                "esketamine_monitoring_floor",
            ),
            _check(models.Q(vitals_every_min__gte=1), "cadence_positive"),
            models.UniqueConstraint(
                fields=["practice", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"practice protocol {self.public_id}"

    @property
    def overrides(self) -> Overrides:
        """The stored values as the domain's overrides."""
        phases: list[dict[str, Any]] = list(self.phases)  # Any: JSON from the database
        items: list[dict[str, Any]] = list(self.checklist)  # Any: JSON from the database
        return Overrides(
            name=self.name,
            phases=tuple(
                PhaseAdjustment(int(p["sessions"]), int(p["per_week"]), float(p["dose"]))
                for p in phases
            ),
            checklist=tuple(ChecklistEntry(str(i["code"]), str(i["label"])) for i in items),
            min_monitoring_min=self.min_monitoring_min,
            vitals_every_min=self.vitals_every_min,
            infusion_min=self.infusion_min,
        )

    def set_overrides(self, overrides: Overrides) -> None:
        """Store ``overrides`` on this row (the caller has checked them and saves)."""
        self.name = overrides.name.strip()
        self.phases = [
            {"sessions": p.sessions, "per_week": p.per_week, "dose": p.dose}
            for p in overrides.phases
        ]
        self.checklist = [{"code": e.code, "label": e.label.strip()} for e in overrides.checklist]
        self.min_monitoring_min = overrides.min_monitoring_min
        self.vitals_every_min = overrides.vitals_every_min
        self.infusion_min = overrides.infusion_min
