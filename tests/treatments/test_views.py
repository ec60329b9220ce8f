"""Treatment pages: planning and check-in for staff, sessions and readiness for the client."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from ketacare.audit.models import AuditEvent
from ketacare.preparation.consent_services import consent_withdraw
from ketacare.preparation.models import ConsentSignature
from ketacare.treatments.exceptions import CONSENT_WITHDRAWN, NOT_APPROVED, OVERRIDE_REQUIRED
from ketacare.treatments.models import Course, DosingSession, SessionStatus
from tests.conftest import World, persona_user, signed_in
from tests.treatments.helpers import consented, decided, planned, user_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _session(world: World) -> DosingSession:
    return planned(world.client_a1, world.practitioner_a).sessions.get(number=1)


def test_client_record_links_the_treatment_section(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.get(f"/clients/{world.client_a1.public_id}/")

    assert f'/treatments/clients/{world.client_a1.public_id}/"' in response.content.decode()


def test_treatment_section_offers_the_protocols_by_name(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.get(f"/treatments/clients/{world.client_a1.public_id}/", headers=HTMX)

    assert response.status_code == 200
    assert response.templates[0].name == "treatments/partials/_client.html"
    body = response.content.decode()
    assert "No course planned yet." in body
    assert escape("Ketamine-assisted psychotherapy, intramuscular") in body


def test_planning_without_approval_shows_the_refusal(world: World) -> None:
    consented(world.client_a1)
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/treatments/clients/{world.client_a1.public_id}/courses/",
        {"protocol_code": "im_kap", "start_on": "2030-01-07"},
    )

    assert response.status_code == 400
    assert escape(NOT_APPROVED) in response.content.decode()
    assert not Course.objects.exists()


def test_planning_creates_the_course_and_shows_its_readiness(world: World) -> None:
    decided(world.client_a1, world.practitioner_a)
    consented(world.client_a1)
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/treatments/clients/{world.client_a1.public_id}/courses/",
        {"protocol_code": "im_kap", "start_on": "2030-01-07"},
    )
    page = http.get(f"/treatments/clients/{world.client_a1.public_id}/")

    assert response.status_code == 302
    course = Course.objects.get(client=world.client_a1)
    assert course.sessions.count() > 0
    assert "0 of 6 confirmed" in page.content.decode()


def test_client_sees_their_sessions_and_confirms_readiness(world: World) -> None:
    session = _session(world)
    items = list(session.readiness_items.order_by("position"))
    http = signed_in(user_of(world.client_a1))

    card = http.get("/treatments/", headers=HTMX)
    page = http.get(f"/treatments/sessions/{session.public_id}/readiness/")
    posted = http.post(
        f"/treatments/sessions/{session.public_id}/readiness/",
        {"item": [str(items[0].public_id), str(items[1].public_id)]},
    )

    assert "Your sessions" in card.content.decode()
    assert "Monday 7 January" in card.content.decode()
    assert escape(items[0].text) in page.content.decode()
    assert posted.status_code == 302
    assert session.readiness_items.filter(confirmed_at__isnull=False).count() == 2
    assert AuditEvent.objects.filter(action="update", object_public_id=items[0].public_id).exists()


def test_home_shows_the_sessions_card(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.get("/")

    assert 'hx-get="/treatments/"' in response.content.decode()


def test_staff_cannot_confirm_readiness(world: World) -> None:
    session = _session(world)
    item = session.readiness_items.first()
    assert item is not None
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/treatments/sessions/{session.public_id}/readiness/", {"item": [str(item.public_id)]}
    )

    assert response.status_code == 403
    assert not session.readiness_items.filter(confirmed_at__isnull=False).exists()


def test_check_in_lists_open_items_and_requires_a_note(world: World) -> None:
    session = _session(world)
    first = session.readiness_items.order_by("position").first()
    assert first is not None
    http = signed_in(world.practitioner_a)
    url = f"/treatments/sessions/{session.public_id}/check-in/"

    page = http.get(url)
    refused = http.post(url, {"override_note": ""})
    done = http.post(url, {"override_note": "Went through the list together."})

    assert "Not confirmed by the client (6)" in page.content.decode()
    assert escape(first.text) in page.content.decode()
    assert refused.status_code == 400
    assert escape(OVERRIDE_REQUIRED) in refused.content.decode()
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CHECKED_IN


def test_check_in_after_withdrawal_shows_the_refusal(world: World) -> None:
    session = _session(world)
    signature = ConsentSignature.objects.get(client=world.client_a1)
    consent_withdraw(actor=user_of(world.client_a1), signature=signature, reason="")
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/treatments/sessions/{session.public_id}/check-in/", {"override_note": "x"}
    )

    assert response.status_code == 400
    assert escape(CONSENT_WITHDRAWN) in response.content.decode()


@pytest.mark.parametrize("persona", ["practitioner_a2", "practitioner_b", "client_a2"])
def test_other_people_cannot_reach_a_session(world: World, persona: str) -> None:
    session = _session(world)
    http = signed_in(persona_user(world, persona))

    check_in = http.post(f"/treatments/sessions/{session.public_id}/check-in/", {"x": "1"})
    ready = http.get(f"/treatments/sessions/{session.public_id}/readiness/")

    assert check_in.status_code == ready.status_code == 404


def test_the_client_sees_their_course_read_only(world: World) -> None:
    session = _session(world)
    http = signed_in(user_of(world.client_a1))

    response = http.get(f"/treatments/clients/{world.client_a1.public_id}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f"/treatments/sessions/{session.public_id}/readiness/" in body
    assert "check-in" not in body
    assert "Plan the course" not in body
