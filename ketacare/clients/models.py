"""The client record and the practitioners on its care team."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.core.models import BaseModel


class ClientStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    PREPARING = "preparing", "Preparing"
    IN_TREATMENT = "in_treatment", "In treatment"
    INTEGRATING = "integrating", "Integrating"
    DISCHARGED = "discharged", "Discharged"


class Client(BaseModel):
    """A person in care at a practice. Every client-owned row points here and to the practice."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_record",
    )
    # Identifiers needed to find a person stay in plain columns (protected by database access
    # control and disk encryption); free-text clinical content uses EncryptedTextField.
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ClientStatus, default=ClientStatus.PREPARING)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ClientStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["practice", "status"])]

    def __str__(self) -> str:
        return f"client {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.public_id

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"


class CareTeamMember(BaseModel):
    """A practitioner assigned to a client's care."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team_members")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_assignments"
    )
    is_primary = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client", "practitioner"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"care team member {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id
