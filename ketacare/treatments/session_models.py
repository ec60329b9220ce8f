"""The dosing session record: administrations, vitals, checks, adverse events, discharge, notes.

Every row carries ``practice`` and ``client`` (tenant isolation, STYLE §4). Thresholds live in
``SessionSafetySettings`` (one per practice, platform defaults [P] of the pharmacology
reference §3). Signed session notes are append-only (database triggers); amendments are rows.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel
from ketacare.preparation.exceptions import RecordImmutable


def _check(condition: models.Q, rule: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{rule}")


class SessionRow(BaseModel):
    """Abstract: a row of one dosing session, owned by its practice and client."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "treatments.DosingSession", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__.lower()} {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id


class AdministeredDrug(models.TextChoices):
    RACEMIC_KETAMINE = "racemic_ketamine", "Racemic ketamine"
    ESKETAMINE = "esketamine", "Esketamine"


class AdministrationRoute(models.TextChoices):
    # The route codes of ketacare.domain.pharmacokinetics (`parse_route`).
    IV = "iv", "Intravenous"
    IM = "im", "Intramuscular"
    SC = "sc", "Subcutaneous"
    INTRANASAL = "intranasal", "Intranasal"
    ORAL = "oral", "Oral"
    SUBLINGUAL = "sublingual", "Sublingual"


class Administration(SessionRow):
    """One dose given: an infusion, an injection, lozenges, or esketamine devices."""

    drug = models.CharField(max_length=24, choices=AdministeredDrug.choices)
    route = models.CharField(max_length=16, choices=AdministrationRoute.choices)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=2)
    dose_mg_per_kg = models.DecimalField(max_digits=6, decimal_places=3)
    devices = models.PositiveSmallIntegerField(null=True, blank=True)
    lot_number = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    is_additional = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["started_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(drug__in=AdministeredDrug.values), "drug_valid"),
            _check(models.Q(route__in=AdministrationRoute.values), "route_valid"),
            _check(models.Q(dose_mg__gt=0), "dose_positive"),
            _check(
                models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                "ends_after_start",
            ),
        ]


class VitalsPhase(models.TextChoices):
    PRE_DOSE = "pre_dose", "Pre-dose"
    DURING = "during", "During"
    DISCHARGE = "discharge", "Discharge"


VITAL_RANGES: dict[str, tuple[int, int, str]] = {
    # Physiologically possible ranges; anything outside is a typing error (STYLE §4).
    "systolic": (50, 300, "Systolic BP must be between 50 and 300 mmHg."),
    "diastolic": (20, 200, "Diastolic BP must be between 20 and 200 mmHg."),
    "heart_rate": (20, 250, "Heart rate must be between 20 and 250 per minute."),
    "spo2": (50, 100, "SpO2 must be between 50 and 100 %."),
    "respiratory_rate": (4, 60, "Respiratory rate must be between 4 and 60 per minute."),
}


def _range(field: str) -> models.CheckConstraint:
    low, high, _ = VITAL_RANGES[field]
    return _check(
        models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        f"{field}_range",
    )


class VitalSigns(SessionRow):
    """One set of vitals: blood pressure (mmHg), heart and respiratory rate (/min), SpO2 (%)."""

    taken_at = models.DateTimeField()
    phase = models.CharField(max_length=16, choices=VitalsPhase.choices)
    systolic = models.PositiveSmallIntegerField("systolic (mmHg)", null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField("diastolic (mmHg)", null=True, blank=True)
    heart_rate = models.PositiveSmallIntegerField("heart rate (/min)", null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField("SpO2 (%)", null=True, blank=True)
    respiratory_rate = models.PositiveSmallIntegerField(
        "respiratory rate (/min)", null=True, blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["taken_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(phase__in=VitalsPhase.values), "phase_valid"),
            *(_range(field) for field in VITAL_RANGES),
        ]


class CheckKind(models.TextChoices):
    MOAAS = "moaas", "Sedation (MOAA/S)"
    CADSS6 = "cadss6", "Dissociation (CADSS-6)"


class ClinicalCheck(SessionRow):
    """A sedation (MOAA/S 0-5) or dissociation (CADSS-6, 0-24) check; items kept for CADSS-6."""

    kind = models.CharField(max_length=8, choices=CheckKind.choices)
    taken_at = models.DateTimeField()
    score = models.PositiveSmallIntegerField()
    items = models.JSONField(default=dict, blank=True)  # CADSS-6 item scores by item number

    class Meta:
        ordering: ClassVar[list[str]] = ["taken_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(kind__in=CheckKind.values), "kind_valid"),
            _check(
                models.Q(kind=CheckKind.MOAAS, score__lte=5)
                | models.Q(kind=CheckKind.CADSS6, score__lte=24),
                "score_range",
            ),
        ]


class AdverseEventKind(models.TextChoices):
    NAUSEA = "nausea", "Nausea"
    VOMITING = "vomiting", "Vomiting"
    DIZZINESS = "dizziness", "Dizziness"
    DISSOCIATION = "dissociation", "Dissociation"
    SEDATION = "sedation", "Sedation"
    HYPERTENSION = "hypertension", "Hypertension"
    ANXIETY = "anxiety", "Anxiety"
    HEADACHE = "headache", "Headache"
    SEVERE_HEADACHE = "severe_headache", "Severe headache (red flag)"
    CHEST_PAIN = "chest_pain", "Chest pain (red flag)"
    DYSPNOEA = "dyspnoea", "Dyspnoea (red flag)"
    NEURO_DEFICIT = "neuro_deficit", "Neurological deficit (red flag)"
    OTHER = "other", "Other"


class AdverseEventSeverity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"
    SERIOUS = "serious", "Serious"


class AdverseEvent(SessionRow):
    """An adverse event with its severity, onset, the action taken and whether it resolved."""

    kind = models.CharField(max_length=24, choices=AdverseEventKind.choices)
    severity = models.CharField(max_length=16, choices=AdverseEventSeverity.choices)
    onset_at = models.DateTimeField()
    action_taken = EncryptedTextField(blank=True, default="")
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["onset_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(kind__in=AdverseEventKind.values), "kind_valid"),
            _check(models.Q(severity__in=AdverseEventSeverity.values), "severity_valid"),
        ]


class DischargeItem(models.TextChoices):
    # Discharge criteria [P from label/REMS] (pharmacology reference §3).
    BP_TRENDING_DOWN = "bp_trending_down", "Blood pressure trending down"
    ALERT_ORIENTED = "alert_oriented", "Alert and oriented"
    AMBULATING_STEADILY = "ambulating_steadily", "Walking steadily"
    ESCORT_PRESENT = "escort_present", "Escort present"


class DischargeCheck(SessionRow):
    """One discharge criterion recorded as met, by whom and when (``created_at``)."""

    item = models.CharField(max_length=24, choices=DischargeItem.choices)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(item__in=DischargeItem.values), "item_valid"),
            models.UniqueConstraint(
                fields=["session", "item"], name="%(app_label)s_%(class)s_one_per_item"
            ),
        ]


class SessionNote(SessionRow):
    """The signed session note; immutable (triggers); an amendment is a new row."""

    body = EncryptedTextField()
    signed_at = models.DateTimeField()
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["signed_at", "pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        # A signed note never changes (STYLE §4); refuse before touching the row.
        if not self._state.adding:
            raise RecordImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RecordImmutable


class InSessionNote(SessionRow):
    """The practitioner's timestamped note during the session (encrypted)."""

    noted_at = models.DateTimeField()
    body = EncryptedTextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["noted_at", "pk"]


class BpChoice(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    DEFER = "defer", "Defer"


class BpDecision(SessionRow):
    """The clinician's decision when pre-dose BP is in the review band (141-179 / 91-109)."""

    vitals = models.ForeignKey(VitalSigns, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=8, choices=BpChoice.choices)
    reason = EncryptedTextField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(decision__in=BpChoice.values), "decision_valid"),
        ]


class SessionSafetySettings(BaseModel):
    """A practice's session thresholds; created on demand with the platform defaults [P]."""

    practice = models.OneToOneField(
        Practice, on_delete=models.PROTECT, related_name="session_safety"
    )
    predose_defer_systolic = models.PositiveSmallIntegerField(default=180)
    predose_defer_diastolic = models.PositiveSmallIntegerField(default=110)
    predose_review_systolic = models.PositiveSmallIntegerField(default=141)
    predose_review_diastolic = models.PositiveSmallIntegerField(default=91)
    pause_systolic = models.PositiveSmallIntegerField(default=180)
    pause_diastolic = models.PositiveSmallIntegerField(default=110)
    confirm_min = models.PositiveSmallIntegerField(default=5)
    stop_systolic = models.PositiveSmallIntegerField(default=200)
    stop_diastolic = models.PositiveSmallIntegerField(default=120)
    heart_rate_above = models.PositiveSmallIntegerField(default=120)
    heart_rate_sustained_min = models.PositiveSmallIntegerField(default=5)
    spo2_alert_below = models.PositiveSmallIntegerField(default=92)
    spo2_stop_below = models.PositiveSmallIntegerField(default=90)
    vitals_every_min = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            _check(models.Q(spo2_stop_below__lte=models.F("spo2_alert_below")), "spo2_order"),
            _check(models.Q(pause_systolic__lte=models.F("stop_systolic")), "systolic_order"),
            _check(models.Q(pause_diastolic__lte=models.F("stop_diastolic")), "diastolic_order"),
            _check(
                models.Q(vitals_every_min__isnull=True) | models.Q(vitals_every_min__gte=1),
                "cadence_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"session safety settings {self.public_id}"


class RemsFiling(SessionRow):
    """A Spravato REMS patient monitoring form marked as filed (one per session).

    ``form`` is the JSON document exactly as filed (``rems.rems_form_json``), kept so the
    practice can show what it submitted; ``confirmation`` is the REMS portal's reference, if
    the practice records one. The deadline is ``rems.filing_deadline`` (7 days).
    """

    filed_at = models.DateTimeField()
    confirmation = models.CharField(max_length=64, blank=True)
    form = models.JSONField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session"], name="treatments_remsfiling_one_per_session"
            )
        ]
