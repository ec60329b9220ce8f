"""The materialised caseload (docs/decisions/0008): triggers, expiry, no lost updates."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from typer.testing import CliRunner

from ketacare.alerts.models import Alert, AlertStatus
from ketacare.caseload import attention, signals, triggers
from ketacare.caseload.attention import EXPIRED, attention_refresh_all
from ketacare.caseload.models import Attention
from ketacare.caseload.reasons import ReasonKind
from ketacare.caseload.selectors import caseload_for, caseload_scope, caseload_summary
from ketacare.caseload.tasks import caseload_refresh_task
from ketacare.cli import app
from ketacare.clients.models import Client
from ketacare.integration.models import FollowUp
from ketacare.integration.services import integration_settings_for
from tests.caseload import helpers as h
from tests.conftest import World

pytestmark = pytest.mark.django_db
runner = CliRunner()


def kinds_of(world: World, client: Client, now: dt.datetime = h.NOW) -> set[ReasonKind]:
    rows = caseload_for(actor=world.lead_a, now=now)
    row = next(row for row in rows if row.client_public_id == client.public_id)
    return {reason.kind for reason in row.reasons}


def stored(client: Client) -> Attention:
    return Attention.objects.get(client=client)


def test_every_table_the_signals_read_is_watched_by_a_trigger(world: World) -> None:
    scope = caseload_scope(actor=world.lead_a)
    h.phq9(world.client_a1, world.lead_a, {h.days_ago(9): 20, h.days_ago(2): 12})
    with CaptureQueriesContext(connection) as captured:
        signals.open_alerts(scope)
        signals.relapse_signals(scope, h.TODAY)
        signals.rems_due(scope, h.TODAY)
        signals.overdue_questionnaires(scope, h.NOW)
        signals.missed_check_ins(scope, h.TODAY)
        signals.follow_ups_due(scope, h.TODAY)
        signals.next_sessions(scope, h.TODAY)
    read = {
        table
        for query in captured.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    # The scope's own tables: membership decides who is on it, not what a row holds.
    scope_tables = {"clients_client", "clients_careteammember", "accounts_membership"}

    assert read - scope_tables <= set(triggers.WATCHED)
    assert {"alerts_alert", "integration_dailycheckin", "treatments_remsfiling"} <= read


def test_the_triggers_are_installed_on_every_watched_table() -> None:
    expected = {
        table: set(names) for table, names in triggers.trigger_names(connection.vendor).items()
    }

    assert triggers.installed_triggers(connection) == expected


def test_installing_the_triggers_again_changes_nothing() -> None:
    triggers.install_triggers(connection)

    assert triggers.installed_triggers(connection) == {
        table: set(names) for table, names in triggers.trigger_names(connection.vendor).items()
    }


def test_a_new_alert_shows_on_the_next_read(world: World) -> None:
    assert kinds_of(world, world.client_a1) == set()

    h.alert(world.client_a1, "urgent")

    assert stored(world.client_a1).stale
    assert kinds_of(world, world.client_a1) == {ReasonKind.URGENT_ALERT}
    assert not stored(world.client_a1).stale


def test_bulk_and_queryset_writes_mark_the_row_stale_too(world: World) -> None:
    first = h.alert(world.client_a1, "urgent")
    assert kinds_of(world, world.client_a1) == {ReasonKind.URGENT_ALERT}

    Alert.objects.filter(pk=first.pk).update(status=AlertStatus.ACKNOWLEDGED, acknowledged_at=h.NOW)

    assert stored(world.client_a1).stale
    assert kinds_of(world, world.client_a1) == set()


def test_raw_sql_deletes_mark_the_row_stale(world: World) -> None:
    due = h.follow_up(world.client_a1, h.TODAY)
    assert kinds_of(world, world.client_a1) == {ReasonKind.FOLLOW_UP}

    with connection.cursor() as cursor:
        table = FollowUp._meta.db_table
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [due.pk])  # noqa: S608

    assert kinds_of(world, world.client_a1) == set()


def test_renaming_a_client_moves_them_in_the_order(world: World) -> None:
    caseload_for(actor=world.lead_a)
    Client.objects.filter(pk=world.client_a2.pk).update(preferred_name="Aaron")

    rows = caseload_for(actor=world.lead_a)

    assert rows[0].display_name.startswith("Aaron")
    assert stored(world.client_a2).sort_name.startswith("aaron")


def test_changing_the_missed_check_in_setting_recomputes_the_practice(world: World) -> None:
    h.session(world.client_a1, world.lead_a, h.days_ago(3))
    assert ReasonKind.CHECK_IN not in kinds_of(world, world.client_a1)

    settings = integration_settings_for(world.client_a1.practice)
    settings.missed_check_in_days = 1
    settings.save()

    assert stored(world.client_a1).stale
    assert ReasonKind.CHECK_IN in kinds_of(world, world.client_a1)


def test_a_questionnaire_turns_overdue_at_its_due_time_without_any_write(world: World) -> None:
    due_at = h.NOW + dt.timedelta(hours=3)
    h.assignment(world.client_a1, world.lead_a, due_at)
    assert kinds_of(world, world.client_a1) == set()
    assert stored(world.client_a1).fresh_until == due_at

    later = kinds_of(world, world.client_a1, due_at + dt.timedelta(minutes=1))

    assert later == {ReasonKind.QUESTIONNAIRE}


def test_rows_expire_at_midnight_so_a_follow_up_falls_due_the_next_day(world: World) -> None:
    h.follow_up(world.client_a1, h.TODAY + dt.timedelta(days=1))
    assert kinds_of(world, world.client_a1) == set()
    assert stored(world.client_a1).fresh_until == dt.datetime.combine(
        h.TODAY + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
    )

    tomorrow = kinds_of(world, world.client_a1, h.NOW + dt.timedelta(days=1))

    assert tomorrow == {ReasonKind.FOLLOW_UP}


def test_a_row_computed_for_a_later_moment_is_recomputed_for_an_earlier_one(
    world: World,
) -> None:
    h.follow_up(world.client_a1, h.TODAY)
    assert kinds_of(world, world.client_a1) == {ReasonKind.FOLLOW_UP}

    assert kinds_of(world, world.client_a1, h.NOW - dt.timedelta(days=1)) == set()


def test_a_write_landing_during_a_refresh_is_not_lost(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = signals.next_sessions

    def next_sessions_with_a_concurrent_write(*args: object) -> dict[int, dt.date]:
        h.alert(world.client_a1, "urgent")  # commits after the clear, before the values
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(signals, "next_sessions", next_sessions_with_a_concurrent_write)
    assert kinds_of(world, world.client_a1) == set()  # computed before the alert
    monkeypatch.setattr(signals, "next_sessions", original)

    assert stored(world.client_a1).stale
    assert kinds_of(world, world.client_a1) == {ReasonKind.URGENT_ALERT}


def test_a_refresh_that_fails_half_way_leaves_the_row_expired(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    caseload_for(actor=world.lead_a)
    h.alert(world.client_a1, "urgent")

    def broken(*args: object) -> dict[int, object]:
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr(signals, "open_alerts", broken)
    with pytest.raises(RuntimeError):
        caseload_for(actor=world.lead_a)
    monkeypatch.undo()

    row = stored(world.client_a1)
    assert (row.stale, row.fresh_until) == (False, EXPIRED)
    assert kinds_of(world, world.client_a1) == {ReasonKind.URGENT_ALERT}


def test_the_daily_job_recomputes_every_stale_row_in_every_practice(world: World) -> None:
    h.alert(world.client_b1, "urgent")

    refreshed = attention_refresh_all(now=h.NOW)

    assert refreshed == Client.objects.count()
    assert attention_refresh_all(now=h.NOW) == 0
    tomorrow = h.NOW + dt.timedelta(days=1)
    assert attention_refresh_all(now=tomorrow) == Client.objects.count()
    assert caseload_summary(actor=world.lead_b, now=tomorrow).refreshed == 0


def test_refreshes_run_in_chunks_with_the_same_rows_as_one_pass(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 7, "Chunk")
    for client in made[::2]:
        h.alert(client, "review")
    whole = [(r.display_name, r.score) for r in caseload_for(actor=world.lead_a)]
    Attention.objects.update(stale=True)
    monkeypatch.setattr(attention, "CHUNK", 2)

    chunked = [(r.display_name, r.score) for r in caseload_for(actor=world.lead_a)]

    assert chunked == whole


def test_the_periodic_task_runs_the_daily_refresh(world: World) -> None:
    assert caseload_refresh_task.call_local() == Client.objects.count()
    assert caseload_refresh_task.call_local() == 0


def test_the_refresh_command_recomputes_and_prints_a_count_only(world: World) -> None:
    result = runner.invoke(app, ["caseload", "refresh", "--json"])
    again = runner.invoke(app, ["caseload", "refresh"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"refreshed": Client.objects.count()}
    assert again.stdout == "caseload rows recomputed: 0\n"


def test_rows_computed_by_other_code_are_recomputed(world: World) -> None:
    caseload_for(actor=world.lead_a)
    Attention.objects.filter(client=world.client_a1).update(code_version="older-release")

    assert caseload_summary(actor=world.lead_a).refreshed == 1
    assert stored(world.client_a1).code_version == attention.CODE_VERSION


def test_every_new_client_gets_a_stale_row_from_the_database(world: World) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 3, "Bulk")

    rows = Attention.objects.filter(client__in=made)

    assert [(row.stale, row.practice_id) for row in rows] == [(True, world.practice_a.pk)] * 3


def test_the_backfill_gives_clients_from_before_the_table_a_row(world: World) -> None:
    Attention.objects.filter(client=world.client_a1).delete()

    assert attention.attention_backfill() == 1
    assert stored(world.client_a1).stale
    assert attention.attention_backfill() == 0


def test_a_practitioner_who_is_also_a_client_never_sees_their_own_record(world: World) -> None:
    own = Client.objects.create(
        practice=world.practice_a, given_name="Own", family_name="Record", user=world.lead_a
    )

    names = [row.display_name for row in caseload_for(actor=world.lead_a)]

    assert "Own Record" not in names
    assert stored(own).client_user_id == world.lead_a.pk


def test_an_alert_escalation_does_not_touch_caseload_rows_but_acknowledging_does(
    world: World,
) -> None:
    alert = h.alert(world.client_a1, "urgent")
    caseload_for(actor=world.lead_a)

    Alert.objects.filter(pk=alert.pk).update(escalated_at=h.NOW)
    untouched = stored(world.client_a1).stale
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.ACKNOWLEDGED)

    assert not untouched
    assert stored(world.client_a1).stale


def test_a_client_update_marks_the_row_only_when_a_shown_column_changes(world: World) -> None:
    caseload_for(actor=world.lead_a)

    Client.objects.filter(pk=world.client_a1.pk).update(date_of_birth=dt.date(1990, 1, 1))
    untouched = stored(world.client_a1).stale
    Client.objects.filter(pk=world.client_a1.pk).update(family_name="Renamed")

    assert not untouched
    assert stored(world.client_a1).stale
