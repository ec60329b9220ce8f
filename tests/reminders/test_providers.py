"""The built-in providers: questionnaires due or overdue, and sessions to get ready for."""

from __future__ import annotations

import datetime as dt

import pytest

from ketacare.measures.services import assignment_create, response_submit
from ketacare.reminders.providers import (
    questionnaires_due,
    sessions_to_get_ready_for,
)
from ketacare.treatments.models import ReadinessItem
from ketacare.treatments.services import readiness_confirm
from tests.conftest import World
from tests.treatments.helpers import MONDAY, planned, user_of

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC)


def _assign(world: World, due_at: dt.datetime, code: str = "PHQ-9") -> str:
    assignment = assignment_create(
        actor=world.practitioner_a, client=world.client_a1, instrument_code=code, due_at=due_at
    )
    return str(assignment.public_id)


@pytest.mark.parametrize(
    ("due_in", "listed"),
    [
        (dt.timedelta(days=2), False),  # not due yet
        (dt.timedelta(hours=24), True),  # due within a day
        (dt.timedelta(hours=-1), True),  # overdue
        (dt.timedelta(days=-14), True),
        (dt.timedelta(days=-15), False),  # stale: the care team follows up
    ],
)
def test_questionnaires_are_listed_from_a_day_before_due_until_two_weeks_late(
    world: World, due_in: dt.timedelta, listed: bool
) -> None:
    public_id = _assign(world, NOW + due_in)

    items = list(questionnaires_due(NOW))

    assert bool(items) is listed
    if listed:
        (item,) = items
        due_day = (NOW + due_in).date().isoformat()
        assert item.key == f"questionnaire:{public_id}:{due_day}"
        assert item.client_id == world.client_a1.pk
        assert item.kind == "questionnaire"
        assert item.link_path == f"/measures/assignments/{public_id}/"


def test_clinician_rated_questionnaires_are_not_the_clients_to_do(world: World) -> None:
    _assign(world, NOW, code="MADRS")

    assert list(questionnaires_due(NOW)) == []


def test_answered_questionnaires_are_not_due(world: World) -> None:
    assignment = assignment_create(
        actor=world.practitioner_a, client=world.client_a1, instrument_code="PHQ-2", due_at=NOW
    )
    response_submit(
        actor=user_of(world.client_a1),
        client=world.client_a1,
        instrument_code="PHQ-2",
        answers={"1": 0, "2": 0},
        assignment=assignment,
    )

    assert list(questionnaires_due(NOW)) == []


def test_a_session_tomorrow_with_open_readiness_items_is_listed(world: World) -> None:
    session = planned(world.client_a1, world.practitioner_a).sessions.get(number=1)
    eve = dt.datetime.combine(MONDAY - dt.timedelta(days=1), dt.time(12), dt.UTC)

    (item,) = sessions_to_get_ready_for(eve)

    assert item.kind == "session_readiness"
    assert item.key == f"session-readiness:{session.public_id}"
    assert item.link_path == f"/treatments/sessions/{session.public_id}/readiness/"


def test_a_session_two_days_away_is_not_yet_listed(world: World) -> None:
    planned(world.client_a1, world.practitioner_a)
    two_days_before = dt.datetime.combine(MONDAY - dt.timedelta(days=2), dt.time(12), dt.UTC)

    assert list(sessions_to_get_ready_for(two_days_before)) == []


def test_tomorrow_is_counted_in_the_practice_time_zone(world: World) -> None:
    planned(world.client_a1, world.practitioner_a)
    world.practice_a.timezone = "Pacific/Auckland"  # UTC+13 in January
    world.practice_a.save(update_fields=["timezone"])
    two_days_before_in_utc = dt.datetime.combine(MONDAY - dt.timedelta(days=2), dt.time(12), dt.UTC)

    items = list(sessions_to_get_ready_for(two_days_before_in_utc))

    assert len(items) == 1  # already the eve of the session in Auckland


def test_a_ready_session_needs_no_reminder(world: World) -> None:
    session = planned(world.client_a1, world.practitioner_a).sessions.get(number=1)
    for item in ReadinessItem.objects.filter(session=session):
        readiness_confirm(actor=user_of(world.client_a1), item=item)
    eve = dt.datetime.combine(MONDAY - dt.timedelta(days=1), dt.time(12), dt.UTC)

    assert list(sessions_to_get_ready_for(eve)) == []
