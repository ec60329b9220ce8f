"""Planning behind the screening and consent gates, readiness, and check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ketacare.audit.models import AuditEvent
from ketacare.domain.protocols import plan_sessions, protocol_get
from ketacare.preparation.consent_services import consent_withdraw
from ketacare.preparation.models import ConsentSignature
from ketacare.treatments.exceptions import (
    CONSENT_WITHDRAWN,
    COURSE_OPEN,
    NO_CONSENT,
    NOT_APPROVED,
    NOT_SCHEDULED,
    OVERRIDE_REQUIRED,
    READINESS_CLOSED,
    UNKNOWN_PROTOCOL,
    WEEKEND_START,
    TreatmentRefused,
)
from ketacare.treatments.models import Course, CourseStatus, DosingSession, SessionStatus
from ketacare.treatments.services import course_plan, readiness_confirm, session_check_in
from tests.conftest import World, persona_user
from tests.treatments.helpers import MONDAY, consented, decided, planned, screened, user_of

pytestmark = pytest.mark.django_db


def _plan(world: World, code: str = "im_kap", start: dt.date = MONDAY) -> Course:
    return course_plan(
        actor=world.practitioner_a, client=world.client_a1, protocol_code=code, start_on=start
    )


def _refusal(world: World, **kwargs: object) -> str:
    with pytest.raises(TreatmentRefused) as caught:
        _plan(world, **kwargs)  # type: ignore[arg-type]
    return caught.value.message


def test_planning_is_refused_without_a_screening_decision(world: World) -> None:
    screened(world.client_a1)
    consented(world.client_a1)

    assert _refusal(world) == NOT_APPROVED


def test_planning_is_refused_after_a_decline(world: World) -> None:
    decided(world.client_a1, world.practitioner_a, "decline")
    consented(world.client_a1)

    assert _refusal(world) == NOT_APPROVED


def test_planning_follows_amendments_to_the_newest_decision(world: World) -> None:
    first = decided(world.client_a1, world.practitioner_a, "approve")
    decided(world.client_a1, world.practitioner_a, "decline", amends=first)
    consented(world.client_a1)

    assert _refusal(world) == NOT_APPROVED


def test_planning_is_allowed_after_an_approval_with_conditions(world: World) -> None:
    first = decided(world.client_a1, world.practitioner_a, "decline")
    decided(world.client_a1, world.practitioner_a, "approve_with_conditions", amends=first)
    consented(world.client_a1)

    course = _plan(world)

    assert course.status == CourseStatus.PLANNED


def test_planning_is_refused_without_consent(world: World) -> None:
    decided(world.client_a1, world.practitioner_a)

    assert _refusal(world) == NO_CONSENT


def test_planning_is_refused_after_consent_is_withdrawn(world: World) -> None:
    decided(world.client_a1, world.practitioner_a)
    signature = consented(world.client_a1)
    consent_withdraw(actor=user_of(world.client_a1), signature=signature, reason="")

    assert _refusal(world) == NO_CONSENT


def test_planning_refuses_unknown_protocols_weekend_starts_and_a_second_course(
    world: World,
) -> None:
    decided(world.client_a1, world.practitioner_a)
    consented(world.client_a1)

    assert _refusal(world, code="nope") == UNKNOWN_PROTOCOL
    assert _refusal(world, start=dt.date(2030, 1, 5)) == WEEKEND_START
    _plan(world)
    assert _refusal(world) == COURSE_OPEN


def test_planning_creates_the_sessions_and_checklists_of_the_template(world: World) -> None:
    template = protocol_get("iv_racemic_series")
    decided(world.client_a1, world.practitioner_a)
    consented(world.client_a1)

    course = _plan(world, code="iv_racemic_series")

    sessions = list(course.sessions.order_by("number"))
    expected = plan_sessions(template, MONDAY)
    assert [(s.number, s.phase, s.scheduled_on) for s in sessions] == [
        (p.number, p.phase, p.on) for p in expected
    ]
    for session in sessions:
        items = list(session.readiness_items.order_by("position"))
        assert [(i.code, i.text, i.source) for i in items] == [
            (c.code, c.text, c.source) for c in template.checklist
        ]
        assert all(i.confirmed_at is None for i in items)
    assert AuditEvent.objects.filter(action="create", object_public_id=course.public_id).exists()


@pytest.mark.parametrize("persona", ["practitioner_a2", "practitioner_b", "lead_b", "client_a1"])
def test_planning_refuses_anyone_but_the_care_team_or_a_lead(world: World, persona: str) -> None:
    decided(world.client_a1, world.practitioner_a)
    consented(world.client_a1)

    with pytest.raises(PermissionDenied):
        course_plan(
            actor=persona_user(world, persona),  # type: ignore[arg-type]
            client=world.client_a1,
            protocol_code="im_kap",
            start_on=MONDAY,
        )


def test_a_lead_of_the_practice_may_plan(world: World) -> None:
    decided(world.client_a1, world.practitioner_a)
    consented(world.client_a1)

    course = course_plan(
        actor=world.lead_a, client=world.client_a1, protocol_code="im_kap", start_on=MONDAY
    )

    assert course.created_by == world.lead_a


def _first_session(world: World) -> DosingSession:
    course = planned(world.client_a1, world.practitioner_a)
    return course.sessions.get(number=1)


def test_the_client_confirms_their_readiness_once(world: World) -> None:
    item = _first_session(world).readiness_items.first()
    assert item is not None

    confirmed = readiness_confirm(actor=user_of(world.client_a1), item=item)
    again = readiness_confirm(actor=user_of(world.client_a1), item=item)

    assert confirmed.confirmed_by == user_of(world.client_a1)
    assert again.confirmed_at == confirmed.confirmed_at
    assert AuditEvent.objects.filter(action="update", object_public_id=item.public_id).count() == 1


@pytest.mark.parametrize("persona", ["practitioner_a", "lead_a", "client_a2", "client_b1"])
def test_only_the_client_confirms_readiness(world: World, persona: str) -> None:
    item = _first_session(world).readiness_items.first()
    assert item is not None

    with pytest.raises(PermissionDenied):
        readiness_confirm(actor=persona_user(world, persona), item=item)  # type: ignore[arg-type]


def test_check_in_without_open_items_needs_no_note(world: World) -> None:
    session = _first_session(world)
    for item in session.readiness_items.all():
        readiness_confirm(actor=user_of(world.client_a1), item=item)

    done = session_check_in(actor=world.practitioner_a, session=session)

    assert done.open_items == ()
    assert done.session.status == SessionStatus.CHECKED_IN
    assert done.session.course.status == CourseStatus.ACTIVE


def test_check_in_with_open_items_requires_an_override_note(world: World) -> None:
    session = _first_session(world)
    first = session.readiness_items.order_by("position").first()
    assert first is not None
    readiness_confirm(actor=user_of(world.client_a1), item=first)

    with pytest.raises(TreatmentRefused) as caught:
        session_check_in(actor=world.practitioner_a, session=session, override_note="  ")
    done = session_check_in(
        actor=world.practitioner_a, session=session, override_note="Fasting checked in person."
    )

    assert caught.value.message == OVERRIDE_REQUIRED
    total = session.readiness_items.count()
    assert len(done.open_items) == total - 1
    assert first.pk not in {item.pk for item in done.open_items}
    session.refresh_from_db()
    assert session.override_note == "Fasting checked in person."
    event = AuditEvent.objects.get(action="update", object_public_id=session.public_id)
    assert event.extra["open_items"] == total - 1


def test_check_in_is_refused_after_consent_is_withdrawn(world: World) -> None:
    session = _first_session(world)
    signature = ConsentSignature.objects.get(client=world.client_a1)
    consent_withdraw(actor=user_of(world.client_a1), signature=signature, reason="")

    with pytest.raises(TreatmentRefused) as caught:
        session_check_in(actor=world.practitioner_a, session=session, override_note="x")

    assert caught.value.message == CONSENT_WITHDRAWN
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_readiness_closes_and_check_in_happens_once(world: World) -> None:
    session = _first_session(world)
    item = session.readiness_items.first()
    assert item is not None
    session_check_in(actor=world.practitioner_a, session=session, override_note="Reviewed.")

    with pytest.raises(TreatmentRefused) as closed:
        readiness_confirm(actor=user_of(world.client_a1), item=item)
    with pytest.raises(TreatmentRefused) as twice:
        session_check_in(actor=world.practitioner_a, session=session, override_note="Again.")

    assert closed.value.message == READINESS_CLOSED
    assert twice.value.message == NOT_SCHEDULED


@pytest.mark.parametrize("persona", ["practitioner_a2", "practitioner_b", "client_a1", "lead_b"])
def test_check_in_refuses_anyone_but_the_care_team_or_a_lead(world: World, persona: str) -> None:
    session = _first_session(world)

    with pytest.raises(PermissionDenied):
        session_check_in(
            actor=persona_user(world, persona),  # type: ignore[arg-type]
            session=session,
            override_note="x",
        )
