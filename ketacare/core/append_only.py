"""Database triggers that make a table append-only (signed clinical records, audit events).

The model layer refuses ``save()`` of an existing row and ``delete()``; these triggers also stop
``QuerySet.update()``, ``bulk_update``, raw SQL and deletes (HIPAA 164.312(c)(1); security
reference C27). Corrections are new rows pointing at the original (``amends``).

Trigger names follow ``<table>_no_update``/``<table>_no_delete`` (SQLite) and
``<table>_no_update_delete``/``<table>_no_truncate`` (PostgreSQL), the convention the audit
table set first, so tests can find and suspend them around a database flush.
"""

from __future__ import annotations

from django.db import migrations
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
