"""The caseload page's two reads as plain parameterised SQL (docs/benchmarks.md, "Caseload").

At 2,000 clients the ORM spent several times longer building these two statements than the
database spent running them (~1.8 ms against ~0.4 ms for the counts), and the page's target
is half the throughput of a bare view. They are written once here, for SQLite and
PostgreSQL alike, with every value a bound parameter and every name from the models' own
metadata; `tests/caseload/test_sql.py` checks both against the ORM's
`CaseloadScope.attention()` on each database.
"""

# Names in the SQL come from model metadata and this module's constants; values are bound.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import connection

from ketacare.caseload.models import FLAG_COLUMNS, Attention
from ketacare.clients.models import CareTeamMember, Client

_ORDER_SQL = "a.urgent DESC, a.stop DESC, a.score DESC, a.sort_name, a.client_id"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _scope_sql(
    led: tuple[int, ...], practising: tuple[int, ...], actor_id: int
) -> tuple[str, list[Any]]:  # Any: SQL parameters
    """The WHERE clause of `CaseloadScope.attention()` over alias ``a``, with its parameters."""
    branches: list[str] = []
    params: list[Any] = []  # Any: SQL parameters
    if led:
        branches.append(f"a.practice_id IN ({', '.join(['%s'] * len(led))})")
        params += led
    if practising:
        care_team = _q(CareTeamMember._meta.db_table)
        branches.append(
            f"(a.practice_id IN ({', '.join(['%s'] * len(practising))}) AND a.client_id IN "
            f"(SELECT client_id FROM {care_team} WHERE practitioner_id = %s))"
        )
        params += [*practising, actor_id]
    where = " OR ".join(branches) or "1 = 0"
    params.append(actor_id)
    return f"({where}) AND (a.client_user_id IS NULL OR a.client_user_id <> %s)", params


def count_rows(
    *,
    led: tuple[int, ...],
    practising: tuple[int, ...],
    actor_id: int,
    now: dt.datetime,
    code_version: str,
) -> dict[str, int]:
    """Rows in scope: ``all``, ``stale`` (see `attention.stale_q`) and one count per flag.

    Reads only columns of the covering index ``caseload_attention_counts``.
    """
    where, params = _scope_sql(led, practising, actor_id)
    moment = connection.ops.adapt_datetimefield_value(now)
    flags = ", ".join(f"COUNT(a.practice_id) FILTER (WHERE a.{flag})" for flag in FLAG_COLUMNS)
    sql = (
        "SELECT COUNT(a.practice_id), COUNT(a.practice_id) FILTER (WHERE a.stale OR "
        "a.fresh_until <= %s OR a.computed_at > %s OR a.code_version <> %s), "
        f"{flags} FROM {_q(Attention._meta.db_table)} a WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, moment, code_version, *params])
        found = cursor.fetchone()
    return dict(zip(("all", "stale", *FLAG_COLUMNS), found, strict=True))


def page_rows(
    *,
    led: tuple[int, ...],
    practising: tuple[int, ...],
    actor_id: int,
    flag: str | None,
    offset: int,
    limit: int,
) -> list[tuple[uuid.UUID, str]]:
    """``(client public id, stored row markup)`` of one page, in the caseload's order."""
    where, params = _scope_sql(led, practising, actor_id)
    if flag is not None:
        if flag not in FLAG_COLUMNS:
            raise ValueError(f"unknown caseload flag {flag!r}")
        where += f" AND a.{flag}"
    public_id = Client._meta.get_field("public_id")
    sql = (
        f"SELECT c.public_id, a.row_html FROM {_q(Attention._meta.db_table)} a "
        f"JOIN {_q(Client._meta.db_table)} c ON c.id = a.client_id WHERE {where} "
        f"ORDER BY {_ORDER_SQL} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    return [(public_id.to_python(value), markup) for value, markup in rows]
