"""The caseload's two plain-SQL reads agree with the ORM's scope and order, on each database."""

from __future__ import annotations

import datetime as dt

import pytest

from ketacare.accounts.models import User
from ketacare.caseload import sql
from ketacare.caseload.attention import CODE_VERSION
from ketacare.caseload.models import FLAG_COLUMNS
from ketacare.caseload.selectors import (
    SHOW,
    caseload_page,
    caseload_rows,
    caseload_scope_for,
    caseload_summary,
)
from ketacare.clients.models import Client
from tests.caseload import helpers as h
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _busy(world: World) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 12, "Sql")
    for i, client in enumerate(made):
        if i % 3 == 0:
            h.alert(client, "urgent" if i % 2 else "review")
        if i % 4 == 0:
            h.follow_up(client, h.days_ago(i))
        if i % 5 == 0:
            h.session(client, world.practitioner_a, h.days_ago(2), drug="esketamine")
    # A client in another practice, and the lead's own client record: never on the caseload.
    h.alert(world.client_b1, "urgent")
    Client.objects.create(
        practice=world.practice_a, given_name="Own", family_name="Record", user=world.lead_a
    )


@pytest.mark.parametrize("persona", ["lead_a", "practitioner_a", "practitioner_a2"])
@pytest.mark.parametrize("show", list(SHOW))
def test_the_page_query_returns_the_orm_rows_in_the_orm_order(
    world: World, persona: str, show: str
) -> None:
    _busy(world)
    actor: User = getattr(world, persona)
    scope = caseload_summary(actor=actor).scope

    expected = [row.client_public_id for row in caseload_rows(scope=scope, show=show)]
    page = caseload_page(scope=scope, show=show, limit=1000)

    assert [public_id for public_id, _ in page] == expected
    assert all(markup.startswith("<tr>") for _, markup in page)
    assert [p for p, _ in caseload_page(scope=scope, show=show, offset=2, limit=3)] == (
        expected[2:5]
    )


@pytest.mark.parametrize("persona", ["lead_a", "practitioner_a"])
def test_the_counts_query_counts_what_the_orm_scope_holds(world: World, persona: str) -> None:
    _busy(world)
    actor: User = getattr(world, persona)
    scope = caseload_summary(actor=actor).scope
    rows = scope.attention()

    found = sql.count_rows(
        led=scope.led,
        practising=scope.practising,
        actor_id=scope.actor_id,
        now=h.NOW,
        code_version="a-different-release",
    )

    assert found["all"] == rows.count()
    assert found["stale"] == rows.count()  # every row was computed by "other code"
    for flag in FLAG_COLUMNS:
        assert found[flag] == rows.filter(**{flag: True}).count(), flag


def test_a_row_expiring_now_counts_as_stale(world: World) -> None:
    scope = caseload_summary(actor=world.lead_a).scope
    later = h.NOW + dt.timedelta(days=1)

    found = sql.count_rows(
        led=scope.led,
        practising=scope.practising,
        actor_id=scope.actor_id,
        now=later,
        code_version=CODE_VERSION,
    )

    assert found["stale"] == found["all"] == scope.attention().count()


def test_an_unknown_flag_is_refused(world: World) -> None:
    scope = caseload_scope_for(world.lead_a)

    with pytest.raises(ValueError, match="unknown caseload flag"):
        sql.page_rows(
            led=scope.led,
            practising=scope.practising,
            actor_id=scope.actor_id,
            flag="1=1; --",
            offset=0,
            limit=1,
        )
