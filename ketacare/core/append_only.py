"""Database triggers that make a table append-only (signed clinical records, audit events).

The model layer refuses ``save()`` of an existing row and ``delete()``; these triggers also stop
``QuerySet.update()``, ``bulk_update``, raw SQL and deletes (HIPAA 164.312(c)(1); security
reference C27). Corrections are new rows pointing at the original (``amends``).

Trigger names follow ``<table>_no_update``/``<table>_no_delete`` (SQLite) and
``<table>_no_update_delete``/``<table>_no_truncate`` (PostgreSQL), the convention the audit
table set first, so tests can find and suspend them around a database flush.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _postgresql_forward(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();
"""


def _postgresql_backward(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};
DROP FUNCTION IF EXISTS {table}_append_only();
"""


def sqlite_forward(table: str) -> list[str]:
    """The SQLite statements creating the two triggers for ``table``."""
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only ({verb} refused)'); END;"
        for verb in ("UPDATE", "DELETE")
    ]


def _sqlite_backward(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{verb};" for verb in ("update", "delete")]


def append_only(table: str) -> migrations.RunPython:
    """A migration operation installing (and, reversed, removing) the triggers on ``table``.

    ``table`` comes from the migration's own code (a model's ``db_table``), never from input.
    """

    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            # params=None: the SQL's "%" is RAISE's format marker, not a placeholder.
            schema_editor.execute(_postgresql_forward(table), params=None)
        elif vendor == "sqlite":
            for statement in sqlite_forward(table):
                schema_editor.execute(statement)

    def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_postgresql_backward(table), params=None)
        elif vendor == "sqlite":
            for statement in _sqlite_backward(table):
                schema_editor.execute(statement)

    return migrations.RunPython(forward, backward)


@contextmanager
def update_trigger_suspended(table: str) -> Iterator[None]:
    """Lift the UPDATE refusal on ``table`` for the enclosing transaction only.

    Only ``ketacare keys rotate`` uses this: it re-seals a signed note's ciphertext under the
    primary key, the plaintext unchanged (it decrypts and re-encrypts the same text, and audits
    the rotation). Must run inside ``transaction.atomic()``: both SQLite's DROP/CREATE TRIGGER and
    PostgreSQL's ``ALTER TABLE … DISABLE TRIGGER`` are transactional, so a failure anywhere
    rolls the trigger back into place. Tables without the trigger pass straight through.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("update_trigger_suspended() needs an enclosing transaction")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            name = f"{table}_no_update_delete"
            cursor.execute(
                "SELECT 1 FROM information_schema.triggers "
                "WHERE trigger_name = %s AND event_object_table = %s",
                [name, table],
            )
            present = cursor.fetchone() is not None
            if present:
                # ALTER TABLE refuses while deferred FK checks are queued: run them now (a
                # violation raises here, as it would at commit), then defer again (Django's FKs
                # are DEFERRABLE INITIALLY DEFERRED).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
            yield
            if present:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        if connection.vendor != "sqlite":
            yield
            return
        name = f"{table}_no_update"
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [name])
        row = cursor.fetchone()
        if row is not None:
            cursor.execute(f"DROP TRIGGER {quote(name)}")
        yield
        if row is not None:
            cursor.execute(row[0])
