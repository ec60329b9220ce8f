"""Shared persona fixtures (STYLE §12): two practices, their people, and anonymous."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient

from ketacare.accounts.models import Practice, Role, User
from ketacare.accounts.services import membership_add, practice_create
from ketacare.clients.models import Client
from ketacare.clients.services import care_team_assign, client_create

PASSWORD = "a-long-synthetic-passphrase"
# SQLite trigger definitions suspended around a flush, by name, to restore afterwards.
_SUSPENDED_SQLITE_TRIGGERS: dict[str, str] = {}
_APPEND_ONLY_PATTERN = ("%\\_no\\_update", "%\\_no\\_delete")


def _append_only_triggers(*, enabled: bool) -> None:
    """Switch every append-only trigger (core.append_only naming) on or off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%\\_no\\_update\\_delete'"
            )
            for (table,) in cursor.fetchall():
                state = "ENABLE" if enabled else "DISABLE"
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} {state} TRIGGER USER"
                )
            return
        if enabled:
            for sql in _SUSPENDED_SQLITE_TRIGGERS.values():
                cursor.execute(sql)
            _SUSPENDED_SQLITE_TRIGGERS.clear()
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND (name LIKE %s ESCAPE '\\' OR name LIKE %s ESCAPE '\\')",
            list(_APPEND_ONLY_PATTERN),
        )
        for name, sql in cursor.fetchall():
            _SUSPENDED_SQLITE_TRIGGERS[name] = sql
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")


@pytest.fixture(scope="session", autouse=True)
def _close_lingering_connections(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """On PostgreSQL, end connections left by the live server's request threads.

    The browser tests' server answers requests in daemon threads; one still finishing when
    the session ends keeps the test database open and PostgreSQL refuses to drop it.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _audit_triggers_around_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush, which append-only triggers would refuse.

    The triggers are switched off just for that flush and on again before the next test, so
    every test runs against an append-only audit table.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        "transactional_db" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction", False))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    _append_only_triggers(enabled=True)
    yield
    _append_only_triggers(enabled=False)


def make_user(email: str, name: str) -> User:
    """A user with the shared test password."""
    return User.objects.create_user(email=email, password=PASSWORD, display_name=name)


def make_member(practice: Practice, email: str, role: Role) -> User:
    """A user with ``role`` in ``practice``."""
    user = make_user(email, email.split("@", maxsplit=1)[0].title())
    membership_add(actor=None, user=user, practice=practice, role=role)
    return user


def make_client(practice: Practice, email: str, given: str) -> Client:
    """A client with an account and a client record."""
    user = make_member(practice, email, Role.CLIENT)
    return client_create(
        actor=None, practice=practice, given_name=given, family_name="Sentinel", user=user
    )


@dataclass(frozen=True)
class World:
    """Every persona of the authorization matrix."""

    practice_a: Practice
    practice_b: Practice
    lead_a: User
    practitioner_a: User
    practitioner_a2: User
    client_a1: Client
    client_a2: Client
    lead_b: User
    practitioner_b: User
    client_b1: Client
    operator: User


@pytest.fixture
def world(db: None) -> World:
    """Practice A (a lead, two practitioners, two clients) and practice B, plus an operator.

    practitioner_a cares for client_a1 only; practitioner_a2 cares for client_a2 only.
    """
    practice_a = practice_create(name="Practice A", slug="practice-a")
    practice_b = practice_create(name="Practice B", slug="practice-b")
    lead_a = make_member(practice_a, "lead@a.example", Role.LEAD)
    practitioner_a = make_member(practice_a, "practitioner@a.example", Role.PRACTITIONER)
    practitioner_a2 = make_member(practice_a, "practitioner2@a.example", Role.PRACTITIONER)
    client_a1 = make_client(practice_a, "client1@a.example", "ZZ-SENTINEL-A1")
    client_a2 = make_client(practice_a, "client2@a.example", "ZZ-SENTINEL-A2")
    care_team_assign(actor=None, client=client_a1, practitioner=practitioner_a, is_primary=True)
    care_team_assign(actor=None, client=client_a2, practitioner=practitioner_a2, is_primary=True)
    lead_b = make_member(practice_b, "lead@b.example", Role.LEAD)
    practitioner_b = make_member(practice_b, "practitioner@b.example", Role.PRACTITIONER)
    client_b1 = make_client(practice_b, "client1@b.example", "ZZ-SENTINEL-B1")
    care_team_assign(actor=None, client=client_b1, practitioner=practitioner_b)
    operator = User.objects.create_user(
        email="operator@ketacare.example", password=PASSWORD, is_staff=True
    )
    return World(
        practice_a,
        practice_b,
        lead_a,
        practitioner_a,
        practitioner_a2,
        client_a1,
        client_a2,
        lead_b,
        practitioner_b,
        client_b1,
        operator,
    )


def signed_in(user: User | None) -> HttpClient:
    """A test client signed in through the real login form (sets the session markers)."""
    http = HttpClient()
    if user is not None:
        response = http.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
    return http


PERSONAS = (
    "anonymous",
    "operator",
    "lead_a",
    "practitioner_a",
    "practitioner_a2",
    "client_a1",
    "client_a2",
    "lead_b",
    "practitioner_b",
    "client_b1",
)


def persona_user(world: World, persona: str) -> User | None:
    """The user behind a persona name (client personas resolve to their account)."""
    if persona == "anonymous":
        return None
    value = getattr(world, persona)
    return value.user if isinstance(value, Client) else value
