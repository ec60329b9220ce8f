"""Caseload ordering, scope, audit and a query count that does not grow with the caseload."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketacare.accounts.models import User
from ketacare.audit.models import AuditEvent
from ketacare.caseload.selectors import (
    caseload_for,
    caseload_rows,
    caseload_shown_audit,
    caseload_summary,
)
from ketacare.clients.models import Client
from tests.caseload import helpers as h
from tests.conftest import World

pytestmark = pytest.mark.django_db


def names(actor: User) -> list[str]:
    return [row.display_name for row in caseload_for(actor=actor)]


def test_urgent_alerts_come_first_then_stop_level_then_score_then_name(world: World) -> None:
    quiet_b, quiet_a, review, stop, urgent, rems = h.bulk_clients(
        world.practitioner_a, world.client_a1, 6, "Order"
    )
    h.alert(review, "review")
    h.alert(stop, "urgent", code="bp_stop")
    h.alert(urgent, "urgent")
    h.alert(urgent, "urgent", code="second")  # a higher score than `stop`, still after it
    h.session(rems, world.practitioner_a, h.days_ago(10), drug="esketamine")  # 40 > 30
    Client.objects.filter(pk=quiet_b.pk).update(given_name="Zed")
    Client.objects.filter(pk=quiet_a.pk).update(given_name="Abe")

    assert names(world.practitioner_a) == [
        "Order003 Synthetic",  # urgent + stop-level
        "Order004 Synthetic",  # urgent, two alerts
        "Order005 Synthetic",  # overdue REMS form: 40 points
        "Order002 Synthetic",  # an alert to review: 30 points
        "Abe Synthetic",  # no signals: by name, ignoring case
        "Zed Synthetic",
        "ZZ-SENTINEL-A1 Sentinel",
    ]


def test_a_practitioner_sees_only_the_clients_on_their_care_team(world: World) -> None:
    assert names(world.practitioner_a) == ["ZZ-SENTINEL-A1 Sentinel"]
    assert names(world.practitioner_a2) == ["ZZ-SENTINEL-A2 Sentinel"]


def test_a_lead_sees_the_whole_practice_and_no_other(world: World) -> None:
    h.alert(world.client_b1, "urgent")

    assert names(world.lead_a) == ["ZZ-SENTINEL-A1 Sentinel", "ZZ-SENTINEL-A2 Sentinel"]
    assert names(world.lead_b) == ["ZZ-SENTINEL-B1 Sentinel"]


@pytest.mark.parametrize("persona", ["client_a1", "operator"])
def test_clients_and_operators_have_no_caseload(world: World, persona: str) -> None:
    value = getattr(world, persona)
    actor = value.user if isinstance(value, Client) else value

    with pytest.raises(PermissionDenied):
        caseload_for(actor=actor)


def test_the_caseload_audits_the_client_ids_it_shows_with_signal_counts(world: World) -> None:
    h.alert(world.client_a1, "urgent")
    h.follow_up(world.client_a2, h.TODAY)
    summary = caseload_summary(actor=world.lead_a)
    rows = caseload_rows(scope=summary.scope)
    before = AuditEvent.objects.count()

    caseload_shown_audit(actor=world.lead_a, summary=summary, shown=[rows[0].client_public_id])

    (event,) = AuditEvent.objects.filter(seq__gt=before)
    assert event.action == "list"
    assert event.practice_public_id == world.practice_a.public_id
    assert event.extra == {
        "object_type": "Caseload",
        "count": 1,
        "client_ids": [str(world.client_a1.public_id)],
        "caseload": 2,
        "needs_attention": 2,
        "signals": {"follow_up": 1, "urgent_alert": 1},
    }


def _with_every_signal(world: World, count: int) -> None:
    by = world.practitioner_a
    for client in h.bulk_clients(by, world.client_a1, count, "Busy"):
        h.alert(client, "urgent")
        h.assignment(client, by, h.NOW - dt.timedelta(days=2))
        h.follow_up(client, h.days_ago(1))
        h.session(client, by, h.days_ago(9), drug="esketamine")
        h.session(client, by, h.TODAY + dt.timedelta(days=3), "scheduled")
        h.check_in(client, h.days_ago(6))
        h.phq9(client, by, {h.days_ago(60): 20, h.days_ago(40): 8, h.days_ago(30): 12,
                            h.days_ago(20): 13})  # fmt: skip


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        rows = caseload_for(actor=world.practitioner_a)
    assert all(len(row.reasons) == 6 for row in rows if row.display_name.startswith("Busy"))
    return len(captured.captured_queries)


def test_a_fresh_caseload_reads_in_the_same_queries_at_3_and_at_30_clients(
    world: World, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    _with_every_signal(world, 3)
    caseload_for(actor=world.practitioner_a)  # computes the rows, warms per-user caches
    at_three = _queries(world)
    _with_every_signal(world, 27)
    caseload_for(actor=world.practitioner_a)

    with django_assert_num_queries(at_three):  # type: ignore[operator]
        rows = caseload_for(actor=world.practitioner_a)

    assert len(rows) == 31
    assert at_three == 2  # the counts (every row fresh), the page; memberships are cached


def test_recomputing_stale_rows_costs_the_same_queries_at_3_and_at_30_clients(
    world: World,
) -> None:
    caseload_for(actor=world.practitioner_a)  # warm per-user caches
    _with_every_signal(world, 3)
    at_three = _queries(world)  # the 3 new clients have no row yet
    _with_every_signal(world, 27)
    at_thirty = _queries(world)

    assert at_thirty == at_three
    assert at_three > 2
