"""Database triggers that mark caseload attention rows stale (docs/decisions/0008).

Every INSERT, UPDATE and DELETE of a table a caseload signal reads sets ``stale`` on the
client's `caseload.Attention` row inside the writer's own transaction, whatever wrote it
(services, ``bulk_create``, ``QuerySet.update()``, raw SQL). An UPDATE of a client's names or
sign-in marks that client; a change of a practice's integration settings marks the practice.
A new client gets a stale row at once, so every client has one (the caseload counts rows).

The triggers are installed after every ``migrate`` (`install_triggers`, idempotent), not in a
migration: SQLite drops a table's triggers when Django rebuilds the table for a schema change,
and re-installing on each migrate puts them back. ``tests/caseload/test_attention.py`` checks
that every table the signal queries read is watched, on both databases.
"""

# Every statement here is DDL assembled from this module's constants, never from input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

ATTENTION_TABLE = "caseload_attention"

# Tables with a ``client_id`` column that the signals read (ketacare.caseload.signals).
WATCHED: tuple[str, ...] = (
    "alerts_alert",
    "measures_questionnaireassignment",
    "measures_questionnaireresponse",
    "integration_dailycheckin",
    "integration_commitment",
    "integration_followup",
    "treatments_dosingsession",
    "treatments_administration",
    "treatments_remsfiling",
)
CLIENT_TABLE = "clients_client"
SETTINGS_TABLE = "integration_integrationsettings"
# Updates that can change a row fire only on the columns the caseload reads, so a write that
# cannot change it (an alert's escalation time, a client's timestamps) takes no lock on
# caseload rows: the alert escalation job updates many clients' alerts in one transaction,
# and would otherwise contend with a refresh of the same rows (PostgreSQL could then abort
# one of them as a deadlock).
UPDATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "alerts_alert": ("status", "severity", "code", "client_id"),
    CLIENT_TABLE: ("given_name", "family_name", "preferred_name", "user_id", "practice_id"),
}

_SQLITE_EVENTS = (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
# A new client's row: stale, expired, nothing found yet (recomputed on the next read).
_NEW_ROW_COLUMNS = (
    "client_id, practice_id, client_user_id, reasons, score, urgent, stop, needs_attention, "
    "has_alert, has_relapse, has_rems, has_questionnaire, has_check_in, has_follow_up, "
    "next_session_on, sort_name, row_html, code_version, stale, fresh_until, computed_at"
)
_EXPIRED = "'2000-01-01 00:00:00'"  # attention.EXPIRED as each database stores it


def _new_row_values(false: str, true: str, expired: str) -> str:
    flags = ", ".join([false] * 9)
    return (
        f"NEW.id, NEW.practice_id, NEW.user_id, '[]', 0, {flags}, NULL, '', '', '', {true}, "
        f"{expired}, {expired}"
    )


def trigger_names(vendor: str) -> dict[str, list[str]]:
    """The trigger names each table should carry on ``vendor``, for checks and tests."""
    if vendor == "postgresql":
        names = {table: [f"{table}_caseload_stale"] for table in WATCHED}
        names[CLIENT_TABLE] = [f"{CLIENT_TABLE}_caseload_stale", f"{CLIENT_TABLE}_caseload_row"]
        names[SETTINGS_TABLE] = [f"{SETTINGS_TABLE}_caseload_stale"]
        return names
    names = {
        table: [f"{table}_caseload_stale_{event}" for event, _ in _SQLITE_EVENTS]
        for table in WATCHED
    }
    names[CLIENT_TABLE] = [
        f"{CLIENT_TABLE}_caseload_stale_insert",
        f"{CLIENT_TABLE}_caseload_stale_update",
    ]
    names[SETTINGS_TABLE] = [
        f"{SETTINGS_TABLE}_caseload_stale_insert",
        f"{SETTINGS_TABLE}_caseload_stale_update",
    ]
    return names


def _event(table: str, event: str) -> str:
    """``INSERT``, ``DELETE``, or ``UPDATE`` (``OF`` the columns read, where restricted)."""
    columns = UPDATE_COLUMNS.get(table) if event == "update" else None
    return f"UPDATE OF {', '.join(columns)}" if columns else event.upper()


def _sqlite_statements() -> list[str]:
    mark = f"UPDATE {ATTENTION_TABLE} SET stale = 1 WHERE"
    statements = [
        f"CREATE TRIGGER {table}_caseload_stale_{event} AFTER {_event(table, event)} "
        f"ON {table} BEGIN {mark} client_id = {row}.client_id; END;"
        for table in WATCHED
        for event, row in _SQLITE_EVENTS
    ]
    statements.append(
        f"CREATE TRIGGER {CLIENT_TABLE}_caseload_stale_update AFTER "
        f"{_event(CLIENT_TABLE, 'update')} ON {CLIENT_TABLE} BEGIN {mark} client_id = NEW.id; END;"
    )
    statements.append(
        f"CREATE TRIGGER {CLIENT_TABLE}_caseload_stale_insert AFTER INSERT "
        f"ON {CLIENT_TABLE} BEGIN INSERT OR IGNORE INTO {ATTENTION_TABLE} ({_NEW_ROW_COLUMNS}) "
        f"VALUES ({_new_row_values('0', '1', _EXPIRED)}); END;"
    )
    statements += [
        f"CREATE TRIGGER {SETTINGS_TABLE}_caseload_stale_{event} AFTER "
        f"{event.upper()} ON {SETTINGS_TABLE} BEGIN {mark} practice_id = NEW.practice_id; END;"
        for event in ("insert", "update")
    ]
    return statements


def _postgresql_statements() -> list[str]:
    mark = f"UPDATE {ATTENTION_TABLE} SET stale = TRUE WHERE"
    statements = [
        f"""
CREATE OR REPLACE FUNCTION caseload_stale_by_client() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        {mark} client_id = OLD.client_id;
        RETURN OLD;
    END IF;
    {mark} client_id = NEW.client_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
        f"""
CREATE OR REPLACE FUNCTION caseload_stale_by_client_row() RETURNS trigger AS $$
BEGIN
    {mark} client_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
        f"""
CREATE OR REPLACE FUNCTION caseload_row_for_new_client() RETURNS trigger AS $$
BEGIN
    INSERT INTO {ATTENTION_TABLE} ({_NEW_ROW_COLUMNS})
    VALUES ({_new_row_values("FALSE", "TRUE", _EXPIRED + "::timestamptz")})
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
        f"""
CREATE OR REPLACE FUNCTION caseload_stale_by_practice() RETURNS trigger AS $$
BEGIN
    {mark} practice_id = NEW.practice_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;""",
    ]
    statements += [
        f"CREATE OR REPLACE TRIGGER {table}_caseload_stale AFTER INSERT OR "
        f"{_event(table, 'update')} OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION caseload_stale_by_client();"
        for table in WATCHED
    ]
    statements.append(
        f"CREATE OR REPLACE TRIGGER {CLIENT_TABLE}_caseload_stale AFTER "
        f"{_event(CLIENT_TABLE, 'update')} ON {CLIENT_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION caseload_stale_by_client_row();"
    )
    statements.append(
        f"CREATE OR REPLACE TRIGGER {CLIENT_TABLE}_caseload_row AFTER INSERT ON {CLIENT_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION caseload_row_for_new_client();"
    )
    statements.append(
        f"CREATE OR REPLACE TRIGGER {SETTINGS_TABLE}_caseload_stale AFTER INSERT OR UPDATE "
        f"ON {SETTINGS_TABLE} FOR EACH ROW EXECUTE FUNCTION caseload_stale_by_practice();"
    )
    return statements


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create (or replace) every caseload trigger on ``connection``'s database; idempotent.

    On SQLite the drops and creates run in one transaction, so no write slips between them.

    Table names come from this module, never from input. Other vendors get no triggers (and
    ketacare supports only SQLite and PostgreSQL).
    """
    if connection.vendor == "postgresql":
        statements = _postgresql_statements()
    elif connection.vendor == "sqlite":
        # SQLite has no CREATE OR REPLACE TRIGGER: drop and create, so a changed definition
        # replaces the one an older release installed.
        drops = [
            f"DROP TRIGGER IF EXISTS {name};"
            for names in trigger_names("sqlite").values()
            for name in names
        ]
        statements = [*drops, *_sqlite_statements()]
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def installed_triggers(connection: BaseDatabaseWrapper) -> dict[str, set[str]]:
    """The caseload triggers present on ``connection``'s database, by table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table, trigger_name FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                ["%caseload%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["%caseload%"],
            )
        rows: list[Any] = cursor.fetchall()  # Any: database rows
    found: dict[str, set[str]] = {}
    for table, name in rows:
        found.setdefault(table, set()).add(name)
    return found
