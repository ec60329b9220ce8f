"""Which psychoeducation modules a client has opened and marked as read."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.core.models import BaseModel


class LearningProgress(BaseModel):
    """One client's progress through one module (`psychoeducation.py`), keyed by its slug."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="learning_progress")
    module_slug = models.SlugField(max_length=64)
    opened_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client", "module_slug"], name="%(app_label)s_%(class)s_one_per_module"
            ),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True)
                | models.Q(completed_at__gte=models.F("opened_at")),
                name="%(app_label)s_%(class)s_completed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"learning progress {self.public_id}"

    @property
    def audit_subject_client_public_id(self) -> uuid.UUID:
        return self.client.public_id

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
