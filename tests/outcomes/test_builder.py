"""The outcomes builder: database rows → the outcomes core's columns, in a fixed query count."""

from __future__ import annotations

import datetime as dt
import math

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketacare.audit.models import AuditEvent
from ketacare.domain.outcomes import EngagementKind
from ketacare.integration.services import DailyValues, daily_check_in_save
from ketacare.journal.services import EntryContent, entry_create
from ketacare.measures.services import response_amend
from ketacare.outcomes.selectors import outcome_data_for_practice
from ketacare.treatments.models import DosingSession, SessionStatus
from tests.conftest import World
from tests.outcomes.helpers import DAY0, at, course_given, phq9_answers, score, synthetic_clients

pytestmark = pytest.mark.django_db


def _day(offset: int) -> dt.date:
    return DAY0 + dt.timedelta(days=offset)


def test_builder_maps_baseline_follow_ups_sessions_and_induction_end(world: World) -> None:
    client = world.client_a1
    course_given(client, world.lead_a)
    score(client, 24, _day(-40))  # older than the 28-day baseline window: not a baseline
    score(client, 20, _day(-3))
    score(client, 18, _day(0), dt.time(8, 0))  # before the 09:00 check-in: the baseline
    score(client, 3, _day(0), dt.time(15, 0))  # after dosing on day 0: neither
    score(client, 9, _day(14))
    score(client, 4, _day(21), dt.time(8, 0))
    score(client, 6, _day(21), dt.time(18, 0))  # the day's later score wins

    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    assert data.n_clients == 1
    assert data.protocol.tolist() == ["iv_racemic_series"]
    assert data.course_start.tolist() == [DAY0.toordinal()]
    assert data.n_sessions.tolist() == [6]
    assert data.induction_end.tolist() == [11]
    assert data.baseline.tolist() == [18.0]
    assert data.m_day.tolist() == [14, 21]
    assert data.m_score.tolist() == [9.0, 6.0]


def test_builder_counts_only_sessions_given_and_uses_the_plan_start_when_none(
    world: World,
) -> None:
    course_given(world.client_a1, world.lead_a, given=3)
    DosingSession.objects.filter(client=world.client_a1, number=3).update(
        status=SessionStatus.STOPPED  # stopped for safety before any dose was recorded
    )
    course_given(world.client_a2, world.lead_a, start=_day(7), given=0)

    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    by_start = dict(zip(data.course_start.tolist(), data.n_sessions.tolist(), strict=True))
    assert by_start == {DAY0.toordinal(): 2, _day(7).toordinal(): 0}
    assert math.isnan(data.baseline[0])
    assert math.isnan(data.baseline[1])


def test_builder_uses_an_amendment_at_the_original_time(world: World) -> None:
    course_given(world.client_a1, world.lead_a)
    score(world.client_a1, 18, _day(-1))
    original = score(world.client_a1, 12, _day(20))
    with time_machine.travel(at(_day(40)), tick=False):
        response_amend(actor=world.practitioner_a, original=original, answers=phq9_answers(8))

    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    assert data.m_day.tolist() == [20]
    assert data.m_score.tolist() == [8.0]


def test_builder_counts_engagement_events_by_date_only(world: World) -> None:
    client = world.client_a1
    assert client.user is not None
    course_given(client, world.lead_a)
    with time_machine.travel(at(_day(12)), tick=False):
        entry_create(actor=client.user, client=client, content=EntryContent(body="Private words"))
    daily_check_in_save(actor=client.user, client=client, values=DailyValues(6, 3, 7), on=_day(13))

    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    events = sorted(zip(data.e_day.tolist(), data.e_kind.tolist(), strict=True))
    assert events == [(12, EngagementKind.JOURNAL), (13, EngagementKind.CHECKIN)]


def test_builder_filters_by_protocol_and_period(world: World) -> None:
    course_given(world.client_a1, world.lead_a)
    course_given(world.client_a2, world.lead_a, start=_day(35), protocol="im_kap")

    by_protocol = outcome_data_for_practice(
        actor=world.lead_a, practice=world.practice_a, protocol="im_kap"
    )
    by_period = outcome_data_for_practice(
        actor=world.lead_a, practice=world.practice_a, period=(DAY0, _day(30))
    )

    assert by_protocol.course_start.tolist() == [_day(35).toordinal()]
    assert by_period.course_start.tolist() == [DAY0.toordinal()]


def test_builder_leaves_out_other_practices(world: World) -> None:
    course_given(world.client_b1, world.lead_b)

    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    assert data.n_clients == 0


@pytest.mark.parametrize("persona", ["practitioner_a", "lead_b", "operator"])
def test_builder_refuses_anyone_but_a_lead_of_the_practice(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        outcome_data_for_practice(actor=getattr(world, persona), practice=world.practice_a)


def test_builder_writes_one_aggregate_audit_event_with_counts_only(world: World) -> None:
    course_given(world.client_a1, world.lead_a)
    score(world.client_a1, 18, _day(-1))
    before = AuditEvent.objects.count()

    outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)

    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None
    assert event.action == "view"
    assert event.subject_client_public_id is None
    assert event.extra == {
        "object_type": "PracticeOutcomes",
        "instrument": "PHQ-9",
        "courses": 1,
        "measurements": 0,
        "events": 0,
    }


def _practice_of(world: World, n: int) -> int:
    clients = synthetic_clients(world.practice_a, n, prefix=f"q{n}-")
    for index, client in enumerate(clients):
        course_given(client, world.lead_a)
        score(client, 15 + index % 5, _day(-1))
        score(client, 6, _day(20))
        assert client.user is not None
        daily_check_in_save(
            actor=client.user, client=client, values=DailyValues(5, 5, 5), on=_day(12)
        )
    with CaptureQueriesContext(connection) as queries:
        data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)
    assert data.n_clients >= n  # earlier calls add to the same practice
    return len(queries)


def test_builder_query_count_does_not_grow_with_the_number_of_clients(world: World) -> None:
    few = _practice_of(world, 3)

    many = _practice_of(world, 12)

    assert few == many
