"""Re-encrypting every encrypted field with the primary key (``ketacare keys rotate``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

from ketacare.core.append_only import update_trigger_suspended
from ketacare.core.crypto import key_ring
from ketacare.core.fields import EncryptedTextField


@dataclass(frozen=True)
class RotationReport:
    """How many stored values were re-encrypted and how many were already current."""

    rotated: int
    current: int


def encrypted_columns() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair that stores an encrypted value."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _raw_values(model: type[models.Model], field: EncryptedTextField) -> list[tuple[int, str]]:
    quote = connection.ops.quote_name
    table, column, pk = (
        quote(model._meta.db_table),
        quote(field.column),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        # Identifiers come from model metadata, never from input; values are not interpolated.
        cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        return [(row[0], row[1]) for row in cursor.fetchall()]


def field_keys_rotate(*, dry_run: bool = False, batch_size: int = 500) -> RotationReport:
    """Re-encrypt values sealed with a non-primary key, in batches of ``batch_size`` rows.

    Returns:
        Counts of values re-encrypted (or that would be, with ``dry_run``) and already current.
    """
    ring = key_ring()
    rotated = current = 0
    for model, field in encrypted_columns():
        stale = [
            (pk, value) for pk, value in _raw_values(model, field) if ring.needs_rotation(value)
        ]
        current += len(_raw_values(model, field)) - len(stale)
        rotated += len(stale)
        if dry_run:
            continue
        context = f"{model._meta.label}.{field.name}"
        for start in range(0, len(stale), batch_size):
            with transaction.atomic(), update_trigger_suspended(model._meta.db_table):
                for pk, value in stale[start : start + batch_size]:
                    plain = ring.decrypt(value, context=context)
                    model._default_manager.filter(pk=pk).update(**{field.name: plain})
    return RotationReport(rotated=rotated, current=current)
