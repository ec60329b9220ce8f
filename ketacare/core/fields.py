"""Model fields that keep PHI encrypted at rest."""

from __future__ import annotations

from typing import Any

from django.db import models

from ketacare.core.crypto import key_ring


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Free text stored as AES-256-GCM ciphertext; never filter or order on it.

    The associated data is ``app_label.Model.field`` so ciphertexts cannot be swapped between
    columns. Decryption failures raise :class:`ketacare.core.crypto.DecryptionError` rather
    than returning garbage.
    """

    def _context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:  # Any: Django's field API
        value = super().get_prep_value(value)
        if value is None:
            return None
        return key_ring().encrypt(str(value), context=self._context())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return key_ring().decrypt(value, context=self._context())

    def get_lookup(self, lookup_name: str) -> Any:
        # Only null checks make sense on ciphertext; everything else would silently fail.
        if lookup_name != "isnull":
            msg = f"EncryptedTextField does not support the {lookup_name!r} lookup"
            raise NotImplementedError(msg)
        return super().get_lookup(lookup_name)
