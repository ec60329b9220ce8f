"""Hand-made synthetic practices for the outcomes tests: courses, sessions given, PHQ-9 scores."""

from __future__ import annotations

import datetime as dt

import time_machine

from ketacare.accounts.models import Practice, User
from ketacare.clients.models import Client
from ketacare.domain.protocols import PROTOCOLS
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.services import response_submit
from ketacare.treatments.models import Course, CourseStatus, DosingSession, SessionStatus
from tests.conftest import make_client

DAY0 = dt.date(2025, 3, 3)  # a Monday in the past (check-ins refuse future days)
CHECK_IN = dt.time(9, 0)


def at(day: dt.date, time: dt.time = dt.time(8, 0)) -> dt.datetime:
    """An aware UTC moment on `day` (the test practices use UTC)."""
    return dt.datetime.combine(day, time, tzinfo=dt.UTC)


def phq9_answers(total: int) -> dict[str, object]:
    """PHQ-9 answers adding up to `total` (0–24), item 9 always 0 so no safety alert."""
    assert 0 <= total <= 24
    answers: dict[str, object] = {}
    left = total
    for item in range(1, 10):
        value = 0 if item == 9 else min(3, left)
        answers[str(item)] = value
        left -= value
    return answers


def score(
    client: Client, total: int, day: dt.date, time: dt.time = dt.time(8, 0)
) -> QuestionnaireResponse:
    """The client's own PHQ-9 with `total`, submitted on `day` at `time` (UTC)."""
    assert client.user is not None
    with time_machine.travel(at(day, time), tick=False):
        return response_submit(
            actor=client.user, client=client, instrument_code="PHQ-9", answers=phq9_answers(total)
        )


def course_given(
    client: Client,
    creator: User,
    *,
    start: dt.date = DAY0,
    session_days: tuple[int, ...] = (0, 2, 4, 7, 9, 11),
    protocol: str = "iv_racemic_series",
    given: int | None = None,
) -> Course:
    """A course whose first `given` sessions (default: all) were completed, on `session_days`."""
    assert protocol in PROTOCOLS
    course = Course.objects.create(
        practice=client.practice,
        client=client,
        protocol_code=protocol,
        start_on=start,
        status=CourseStatus.ACTIVE,
        created_by=creator,
    )
    count = len(session_days) if given is None else given
    for number, offset in enumerate(session_days, start=1):
        day = start + dt.timedelta(days=offset)
        done = number <= count
        DosingSession.objects.create(
            practice=client.practice,
            client=client,
            course=course,
            number=number,
            phase="induction",
            scheduled_on=day,
            status=SessionStatus.COMPLETED if done else SessionStatus.SCHEDULED,
            checked_in_at=at(day, CHECK_IN) if done else None,
        )
    return course


def synthetic_clients(practice: Practice, n: int, prefix: str = "s") -> list[Client]:
    """`n` synthetic clients with accounts in `practice`."""
    return [
        make_client(practice, f"{prefix}{index}@{practice.slug}.example", f"ZZ-SYN-{index}")
        for index in range(n)
    ]
