"""Overdue questionnaires on the caseload: scoping per persona, constant queries, the section."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.clients.services import care_team_assign
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.measures.selectors import assignments_overdue
from ketacare.measures.services import assignment_create, response_submit
from tests.conftest import World, make_client, persona_user, signed_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
CARE_TEAM = {"client_a1": "practitioner_a", "client_a2": "practitioner_a2"}
CARE_TEAM_B = {"client_b1": "practitioner_b"}


def _assign(world: World, target: str, due_at: dt.datetime) -> QuestionnaireAssignment:
    practitioner = getattr(world, {**CARE_TEAM, **CARE_TEAM_B}[target])
    return assignment_create(
        actor=practitioner,
        client=getattr(world, target),
        instrument_code="PHQ-9",
        due_at=due_at,
        schedule_label="1 week",
    )


def _overdue_everywhere(world: World) -> dict[str, QuestionnaireAssignment]:
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        return {
            target: _assign(world, target, NOW - dt.timedelta(days=3))
            for target in ("client_a1", "client_a2", "client_b1")
        }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead_a", {"client_a1", "client_a2"}),
        ("practitioner_a", {"client_a1"}),
        ("practitioner_a2", {"client_a2"}),
        ("lead_b", {"client_b1"}),
        ("practitioner_b", {"client_b1"}),
        ("operator", set()),
    ],
)
def test_overdue_lists_only_clients_the_actor_may_see(
    world: World, persona: str, expected: set[str]
) -> None:
    assignments = _overdue_everywhere(world)
    actor = persona_user(world, persona)

    with time_machine.travel(NOW, tick=False):
        overdue = assignments_overdue(actor=actor)

    assert {a.pk for a in overdue} == {assignments[t].pk for t in expected}


def test_overdue_leaves_out_future_completed_and_cancelled_assignments(world: World) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        overdue = _assign(world, "client_a1", NOW - dt.timedelta(days=1))
        _assign(world, "client_a1", NOW + dt.timedelta(days=1))
        done = _assign(world, "client_a1", NOW - dt.timedelta(days=2))
        cancelled = _assign(world, "client_a1", NOW - dt.timedelta(days=2))
        response_submit(
            actor=world.practitioner_a,
            client=world.client_a1,
            instrument_code="PHQ-9",
            answers={str(n): 0 for n in range(1, 10)},
            assignment=done,
        )
    QuestionnaireAssignment.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())

    with time_machine.travel(NOW, tick=False):
        shown = assignments_overdue(actor=world.lead_a)

    assert [a.pk for a in shown] == [overdue.pk]


def test_overdue_is_audited_as_a_list_with_the_clients_shown(world: World) -> None:
    _overdue_everywhere(world)
    before = AuditEvent.objects.count()

    with time_machine.travel(NOW, tick=False):
        assignments_overdue(actor=world.practitioner_a)

    event = AuditEvent.objects.filter(seq__gt=before, action="list").get()
    assert event.extra["client_ids"] == [str(world.client_a1.public_id)]


def _clients_with_overdue(world: World, first: int, stop: int) -> None:
    """Clients number ``first``…``stop - 1`` on practitioner_a's care team, each overdue."""
    with time_machine.travel(NOW - dt.timedelta(days=10), tick=False):
        for n in range(first, stop):
            client: Client = make_client(world.practice_a, f"overdue{n}@a.example", f"Overdue{n}")
            care_team_assign(actor=None, client=client, practitioner=world.practitioner_a)
            assignment_create(
                actor=world.practitioner_a,
                client=client,
                instrument_code="GAD-7",
                due_at=NOW - dt.timedelta(days=n + 1),
            )


@pytest.mark.parametrize("persona", ["practitioner_a", "lead_a"])
def test_overdue_section_query_count_does_not_grow_with_clients(
    world: World, persona: str, django_assert_max_num_queries: Any
) -> None:
    http = signed_in(persona_user(world, persona))
    _clients_with_overdue(world, 0, 2)
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(50) as two:
        http.get("/measures/overdue/", headers=HTMX)
    _clients_with_overdue(world, 2, 10)

    with (
        time_machine.travel(NOW, tick=False),
        django_assert_max_num_queries(len(two.captured_queries)),
    ):
        response = http.get("/measures/overdue/", headers=HTMX)

    assert response.content.decode().count("<tr>") == 1 + 10  # the header and one row each


def test_overdue_section_shows_client_instrument_label_and_days(world: World) -> None:
    _overdue_everywhere(world)
    http = signed_in(world.practitioner_a)

    with time_machine.travel(NOW, tick=False):
        response = http.get("/measures/overdue/", headers=HTMX)

    body = response.content.decode()
    assert response.templates[0].name == "measures/partials/_overdue.html"
    assert "ZZ-SENTINEL-A1" in body
    assert "ZZ-SENTINEL-A2" not in body
    assert "PHQ-9" in body
    assert "1 week" in body
    assert "3 days" in body


def test_overdue_without_htmx_is_a_full_page(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.get("/measures/overdue/")

    assert response.templates[0].name == "measures/overdue.html"
    assert "No questionnaires are overdue." in response.content.decode()


def test_staff_home_loads_the_overdue_section_with_a_fallback_link(world: World) -> None:
    http = signed_in(world.practitioner_a)

    body = http.get("/").content.decode()

    assert 'hx-get="/measures/overdue/"' in body
    assert 'href="/measures/overdue/"' in body


def test_clients_may_not_open_the_overdue_list(world: World) -> None:
    assert world.client_a1.user is not None
    http = signed_in(world.client_a1.user)

    assert http.get("/measures/overdue/").status_code == 403
