"""Journal entries (encrypted), their edit history, autosaved drafts and the prompt library."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.fields import EncryptedTextField
from ketacare.core.models import BaseModel
from ketacare.journal.phases import Domain, Phase
from ketacare.treatments.models import DosingSession


class RevisionImmutable(Exception):
    """An entry revision is history: it is never changed or deleted."""


class Prompt(BaseModel):
    """A writing prompt: platform prompts have no practice; a practice may add its own."""

    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(max_length=40)
    phase = models.CharField(max_length=16, choices=Phase.choices)
    domain = models.CharField(max_length=24, choices=Domain.choices)
    text = models.CharField(max_length=400)  # our own words, not client data
    for_reflection = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values),
                name="%(app_label)s_%(class)s_phase_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(domain__in=Domain.values),
                name="%(app_label)s_%(class)s_domain_valid",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(practice__isnull=True),
                name="%(app_label)s_%(class)s_platform_code_unique",
            ),
            models.UniqueConstraint(
                fields=["practice", "code"], name="%(app_label)s_%(class)s_practice_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"prompt {self.code}"


class Entry(BaseModel):
    """One journal entry: encrypted text; sharing with the care team is the client's choice."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="journal_entries")
    prompt = models.ForeignKey(
        Prompt, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices)
    # The session a post-session reflection is about (journal sits above treatments).
    dosing_session = models.ForeignKey(
        DosingSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = EncryptedTextField()
    themes = EncryptedTextField(blank=True, default="")  # comma-separated, the client's words
    shared_with_care_team = models.BooleanField(default=False)
    revision_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values),
                name="%(app_label)s_%(class)s_phase_valid",
            ),
            models.UniqueConstraint(
                fields=["dosing_session"],
                condition=models.Q(dosing_session__isnull=False),
                name="%(app_label)s_%(class)s_one_reflection_per_session",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return f"journal entry {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.themes.split(",") if theme.strip()]


class EntryRevision(BaseModel):
    """The text an entry had before one edit: history is append-only (the model refuses changes).

    No database trigger: ``ketacare keys rotate`` must re-encrypt these rows in place.
    """

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    body = EncryptedTextField()
    themes = EncryptedTextField(blank=True, default="")
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["entry", "number"], name="%(app_label)s_%(class)s_one_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"journal entry revision {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        if not self._state.adding:
            raise RevisionImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:  # Any: Django
        raise RevisionImmutable


class EntryDraft(BaseModel):
    """Text autosaved as the client types, one per writing slot ("new", "edit-…", "reflect-…")."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    slot = models.CharField(max_length=80)  # non-PHI: a word and a public id
    body = EncryptedTextField(blank=True, default="")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client", "slot"], name="%(app_label)s_%(class)s_one_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"journal draft {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id
