"""Course schedules: points and due dates from the anchor, idempotency, actors, the web form."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils.html import escape

from ketacare.audit.models import AuditEvent
from ketacare.measures.exceptions import SCHEDULE_NO_POINTS, ScheduleInvalid
from ketacare.measures.forms import ANCHOR_REQUIRED
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.measures.schedules import SCHEDULE_LABELS
from ketacare.measures.services import assignment_schedule_create
from tests.conftest import World, persona_user, signed_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
ANCHOR = dt.date(2026, 11, 27)  # the planned dosing session, tomorrow
EXPECTED_DUE_DAYS = {
    "baseline": dt.date(2026, 11, 26),
    "24 hours": dt.date(2026, 11, 28),
    "1 week": dt.date(2026, 12, 4),
    "2 weeks": dt.date(2026, 12, 11),
    "1 month": dt.date(2026, 12, 27),
    "3 months": dt.date(2027, 2, 26),
    "6 months": dt.date(2027, 5, 28),
}


def _due_days(world: World) -> dict[str, dt.date]:
    return {
        a.schedule_label: a.due_at.date()
        for a in QuestionnaireAssignment.objects.filter(client=world.client_a1)
    }


@time_machine.travel(NOW, tick=False)
def test_schedule_creates_one_assignment_per_point_due_after_the_anchor(world: World) -> None:
    result = assignment_schedule_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="phq9",
        anchor_date=ANCHOR,
    )

    assert [a.schedule_label for a in result.created] == list(SCHEDULE_LABELS)
    assert _due_days(world) == EXPECTED_DUE_DAYS
    assert all(a.due_at.time() == dt.time(23, 59) for a in result.created)
    assert {a.schedule_anchor for a in result.created} == {ANCHOR}
    assert {a.instrument_code for a in result.created} == {"PHQ-9"}


@time_machine.travel(NOW, tick=False)
def test_schedule_creates_only_the_ticked_points(world: World) -> None:
    result = assignment_schedule_create(
        actor=world.lead_a,
        client=world.client_a1,
        instrument_code="GAD-7",
        anchor_date=ANCHOR,
        points=["1 month", "baseline"],
    )

    assert [a.schedule_label for a in result.created] == ["baseline", "1 month"]


@time_machine.travel(NOW, tick=False)
def test_scheduling_twice_creates_no_duplicates(world: World) -> None:
    first = assignment_schedule_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        anchor_date=ANCHOR,
        points=["baseline", "1 week"],
    )

    again = assignment_schedule_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        anchor_date=ANCHOR,
    )

    assert len(first.created) == 2
    assert again.existing == ("baseline", "1 week")
    assert len(again.created) == len(SCHEDULE_LABELS) - 2
    assert QuestionnaireAssignment.objects.filter(client=world.client_a1).count() == len(
        SCHEDULE_LABELS
    )


@time_machine.travel(NOW, tick=False)
def test_schedule_skips_points_whose_day_has_passed(world: World) -> None:
    three_weeks_ago = dt.date(2026, 11, 5)

    result = assignment_schedule_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        anchor_date=three_weeks_ago,
    )

    assert result.past == ("24 hours", "1 week", "2 weeks")
    assert [a.schedule_label for a in result.created] == [
        "baseline",
        "1 month",
        "3 months",
        "6 months",
    ]


@time_machine.travel(NOW, tick=False)
def test_schedule_writes_one_create_audit_event_per_assignment(world: World) -> None:
    before = AuditEvent.objects.count()

    result = assignment_schedule_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        anchor_date=ANCHOR,
    )

    events = AuditEvent.objects.filter(seq__gt=before, action="create")
    assert {e.object_public_id for e in events} == {a.public_id for a in result.created}


@pytest.mark.parametrize("persona", ["practitioner_a2", "practitioner_b", "client_a1", "operator"])
def test_schedule_refuses_an_actor_who_may_not_assign(world: World, persona: str) -> None:
    actor = persona_user(world, persona)
    assert actor is not None

    with pytest.raises(PermissionDenied):
        assignment_schedule_create(
            actor=actor, client=world.client_a1, instrument_code="PHQ-9", anchor_date=ANCHOR
        )

    assert not QuestionnaireAssignment.objects.exists()


@pytest.mark.parametrize(("points", "message"), [([], SCHEDULE_NO_POINTS), (["week 5"], "week 5")])
def test_schedule_rejects_no_or_unknown_points(
    world: World, points: list[str], message: str
) -> None:
    with pytest.raises(ScheduleInvalid, match=message):
        assignment_schedule_create(
            actor=world.practitioner_a,
            client=world.client_a1,
            instrument_code="PHQ-9",
            anchor_date=ANCHOR,
            points=points,
        )


def test_client_measures_offers_once_or_the_course_schedule(world: World) -> None:
    http = signed_in(world.practitioner_a)

    body = http.get(f"/measures/clients/{world.client_a1.public_id}/").content.decode()

    assert "Once, by a due date" in body
    assert "On the course schedule" in body
    assert 'name="anchor_on"' in body
    assert body.count('name="points"') == len(SCHEDULE_LABELS)


@time_machine.travel(NOW, tick=False)
def test_posting_the_schedule_form_creates_the_ticked_points(world: World) -> None:
    http = signed_in(world.practitioner_a)
    data = {
        "instrument": "WHO-5",
        "mode": "schedule",
        "anchor_on": "2026-11-27",
        "points": ["baseline", "24 hours"],
    }

    response = http.post(f"/measures/clients/{world.client_a1.public_id}/assign/", data)

    assert response.status_code == 302
    assert _due_days(world) == {
        "baseline": EXPECTED_DUE_DAYS["baseline"],
        "24 hours": EXPECTED_DUE_DAYS["24 hours"],
    }


def test_schedule_form_without_an_anchor_is_refused(world: World) -> None:
    http = signed_in(world.practitioner_a)
    data = {"instrument": "WHO-5", "mode": "schedule", "points": ["baseline"]}

    response = http.post(f"/measures/clients/{world.client_a1.public_id}/assign/", data)

    assert response.status_code == 400
    assert escape(ANCHOR_REQUIRED) in response.content.decode()
    assert not QuestionnaireAssignment.objects.exists()


def test_once_form_without_a_due_date_is_refused(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/measures/clients/{world.client_a1.public_id}/assign/", {"instrument": "WHO-5"}
    )

    assert response.status_code == 400
    assert not QuestionnaireAssignment.objects.exists()
