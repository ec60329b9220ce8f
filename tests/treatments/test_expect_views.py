"""The client's "what to expect" page: their course's protocol, in plain words; staff get 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import escape

from ketacare.audit.models import AuditEvent
from ketacare.domain.protocols import PROTOCOLS
from ketacare.treatments.expect import expect_plan
from ketacare.treatments.models import Course, CourseStatus
from tests.conftest import World, persona_user, signed_in
from tests.treatments.helpers import planned, user_of

pytestmark = pytest.mark.django_db


def test_client_without_a_course_gets_a_plain_page(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.get("/treatments/expect/")

    assert response.status_code == 200
    assert "No course is planned yet" in response.content.decode()


def test_client_sees_their_protocol_hour_by_hour(world: World) -> None:
    planned(world.client_a1, world.practitioner_a, "im_kap")
    http = signed_in(user_of(world.client_a1))

    response = http.get("/treatments/expect/")

    body = response.content.decode()
    assert response.status_code == 200
    assert escape("Ketamine-assisted psychotherapy, intramuscular") in body
    assert "Nothing to eat for 4 hours and nothing to drink for 60 minutes" in body
    assert "one injection into a muscle" in body
    assert "a typical adult of 70 kg" in body
    assert "at least 90 minutes" in body
    assert "until the next day, after a restful sleep" in body
    assert 'role="img"' in body
    assert "venous" in body
    assert 'hx-history="false"' in body


def test_spravato_explains_devices_rems_monitoring_and_label_rates(world: World) -> None:
    planned(world.client_a1, world.practitioner_a, "spravato")
    http = signed_in(user_of(world.client_a1))

    body = http.get("/treatments/expect/").content.decode()

    assert "one device every 5 minutes" in body
    assert "at least 2 hours of monitoring" in body
    assert "at least 120 minutes" in body
    assert "about 4 in 10 people" in body
    assert "at least 1 hour before" in body


def test_recorded_weight_replaces_the_typical_adult(world: World) -> None:
    course = planned(world.client_a1, world.practitioner_a, "iv_racemic_series")
    course.sessions.filter(number=1).update(weight_kg=Decimal("82.0"))
    http = signed_in(user_of(world.client_a1))

    body = http.get("/treatments/expect/").content.decode()

    assert "your last session (82 kg)" in body
    assert "41 mg (0.5 mg per kg)" in body
    assert "typical adult of 70 kg" not in body


def test_protocol_parameter_picks_the_open_course(world: World) -> None:
    planned(world.client_a1, world.practitioner_a, "im_kap")
    http = signed_in(user_of(world.client_a1))

    chosen = http.get("/treatments/expect/?protocol=im_kap")
    other = http.get("/treatments/expect/?protocol=spravato")

    assert chosen.status_code == 200
    assert other.status_code == 404


def test_closed_course_is_not_explained(world: World) -> None:
    course = planned(world.client_a1, world.practitioner_a, "im_kap")
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED)
    http = signed_in(user_of(world.client_a1))

    body = http.get("/treatments/expect/").content.decode()

    assert "No course is planned yet" in body


@pytest.mark.parametrize("persona", ["practitioner_a", "lead_a", "operator"])
def test_staff_get_not_found(world: World, persona: str) -> None:
    planned(world.client_a1, world.practitioner_a, "im_kap")
    http = signed_in(persona_user(world, persona))

    response = http.get("/treatments/expect/")

    assert response.status_code == 404


def test_reading_the_page_audits_the_course_list(world: World) -> None:
    planned(world.client_a1, world.practitioner_a, "im_kap")
    http = signed_in(user_of(world.client_a1))
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    http.get("/treatments/expect/")

    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in events] == ["view", "list"]
    assert events[0].subject_client_public_id == world.client_a1.public_id
    assert events[1].extra["object_type"] == "Course"
    assert events[1].extra["client_ids"] == [str(world.client_a1.public_id)]
    assert all(e.actor_id == user_of(world.client_a1).pk for e in events)


def test_sessions_page_links_to_the_guide(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    body = http.get("/treatments/").content.decode()

    assert 'href="/treatments/expect/"' in body


def test_iv_monitoring_counts_from_the_end_of_the_infusion() -> None:
    plan = expect_plan(PROTOCOLS["iv_racemic_series"], 70.0)

    assert plan.earliest_leave_min == 40 + 60
    assert not plan.is_weight_assumed


def test_home_protocol_names_the_guide_and_label_rule_only_for_spravato() -> None:
    home = expect_plan(PROTOCOLS["sublingual_kap"], None)
    spravato = expect_plan(PROTOCOLS["spravato"], None)

    assert home.is_home
    assert "your guide confirms" in home.monitoring_why
    assert "40 minutes matters most" not in home.vitals
    assert "40 minutes matters most" in spravato.vitals
    assert spravato.dose_text == "56 mg (2 devices)"
