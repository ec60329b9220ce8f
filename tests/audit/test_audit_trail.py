"""The audit trail is append-only and tamper-evident (C18, C19, C20)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from typer.testing import CliRunner

from ketacare.audit.models import AppendOnlyError, AuditEvent
from ketacare.audit.selectors import audit_chain_verify
from ketacare.audit.services import AuditAction, audit_record
from ketacare.cli import app
from tests.conftest import World

pytestmark = [pytest.mark.security, pytest.mark.django_db]
runner = CliRunner()


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """What an attacker with database access could do: bypass the append-only triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush pending FK checks
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush pending FK checks
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            else:
                triggers = importlib.import_module(
                    "ketacare.audit.migrations.0002_append_only_trigger"
                )
                for statement in triggers.SQLITE_FORWARD:
                    cursor.execute(statement)


def _events(n: int) -> list[AuditEvent]:
    return [audit_record(actor=None, action=AuditAction.VIEW, extra={"n": i}) for i in range(n)]


def test_intact_chain_verifies(world: World) -> None:
    result = audit_chain_verify()

    assert result.ok
    assert result.checked == AuditEvent.objects.count() > 0


def test_each_row_links_to_the_previous_one(db: None) -> None:
    first, second = _events(2)

    assert second.prev_hash == first.row_hash
    assert second.seq == first.seq + 1


def test_orm_cannot_change_or_delete_an_event(db: None) -> None:
    (event,) = _events(1)

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_database_refuses_update_and_delete(db: None) -> None:
    _events(1)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="login")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_edited_row_is_named_by_verify(db: None) -> None:
    events = _events(5)

    with triggers_disabled():
        AuditEvent.objects.filter(pk=events[2].pk).update(outcome="denied")
    result = audit_chain_verify()

    assert not result.ok
    assert result.bad_seq == events[2].seq
    assert "altered" in result.reason


def test_removed_row_is_named_by_verify(db: None) -> None:
    events = _events(5)

    with triggers_disabled():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    result = audit_chain_verify()

    assert not result.ok
    assert result.bad_seq == events[2].seq
    assert "missing" in result.reason


def test_cli_verify_exits_zero_then_one_naming_the_row(db: None) -> None:
    events = _events(3)
    intact = runner.invoke(app, ["audit", "verify", "--json"])

    with triggers_disabled():
        AuditEvent.objects.filter(pk=events[1].pk).update(extra={"n": 99})
    broken = runner.invoke(app, ["audit", "verify", "--json"])

    assert intact.exit_code == 0, intact.output
    assert '"ok": true' in intact.output
    assert broken.exit_code == 1
    assert f'"bad_row": {events[1].seq}' in broken.output
