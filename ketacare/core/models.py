"""The abstract base model every ketacare model inherits."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Timestamps and a public UUID; integer primary keys never leave the server."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
