"""Alert pages: the staff list and count, one alert, acknowledge and resolve."""

from __future__ import annotations

import uuid

import pytest

from ketacare.alerts.models import Alert, AlertStatus
from ketacare.alerts.services import alert_raise
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _raise(client: Client) -> Alert:
    return alert_raise(
        practice=client.practice,
        client=client,
        source_type="questionnaire_response",
        source_public_id=uuid.uuid4(),
        code="phq9_item9_positive",
        severity="review",
        summary="PHQ-9: item 9 positive",
    )


def test_staff_home_loads_the_open_alert_count(world: World) -> None:
    http = signed_in(world.practitioner_a)

    body = http.get("/").content.decode()

    assert 'hx-get="/alerts/open-count/"' in body


def test_open_count_counts_only_the_actors_alerts(world: World) -> None:
    _raise(world.client_a1)
    _raise(world.client_a2)

    mine = signed_in(world.practitioner_a).get("/alerts/open-count/", headers=HTMX)
    lead = signed_in(world.lead_a).get("/alerts/open-count/", headers=HTMX)
    other = signed_in(world.lead_b).get("/alerts/open-count/", headers=HTMX)

    assert "1 open safety alert<" in mine.content.decode()
    assert "2 open safety alerts" in lead.content.decode()
    assert "No open safety alerts" in other.content.decode()


def test_alert_list_shows_open_alerts_and_is_audited(world: World) -> None:
    alert = _raise(world.client_a1)
    before = AuditEvent.objects.count()

    body = signed_in(world.practitioner_a).get("/alerts/").content.decode()

    assert f"/alerts/{alert.public_id}/" in body
    assert "ZZ-SENTINEL-A1" in body
    listed = AuditEvent.objects.filter(seq__gt=before, action="list").get()
    assert listed.extra["object_type"] == "Alert"
    assert listed.extra["client_ids"] == [str(world.client_a1.public_id)]


def test_alert_list_is_refused_to_clients(world: World) -> None:
    assert world.client_a1.user is not None

    response = signed_in(world.client_a1.user).get("/alerts/")

    assert response.status_code == 403


def test_acknowledge_then_resolve_through_the_pages(world: World) -> None:
    alert = _raise(world.client_a1)
    http = signed_in(world.practitioner_a)
    url = f"/alerts/{alert.public_id}/"

    acknowledged = http.post(f"{url}acknowledge/")
    resolved = http.post(f"{url}resolve/", {"note": "Called the client; safe."})

    assert acknowledged.status_code == resolved.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert alert.resolution_note == "Called the client; safe."
    assert "Called the client; safe." in http.get(url).content.decode()


def test_acknowledging_twice_shows_a_message(world: World) -> None:
    alert = _raise(world.client_a1)
    http = signed_in(world.practitioner_a)
    http.post(f"/alerts/{alert.public_id}/acknowledge/")

    response = http.post(f"/alerts/{alert.public_id}/acknowledge/", follow=True)

    assert "already been handled" in response.content.decode()


def test_resolve_without_a_note_re_renders_the_form(world: World) -> None:
    alert = _raise(world.client_a1)
    http = signed_in(world.practitioner_a)

    response = http.post(f"/alerts/{alert.public_id}/resolve/", {"note": ""})

    assert response.status_code == 400
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_practitioner_outside_care_team_cannot_acknowledge(world: World) -> None:
    alert = _raise(world.client_a1)

    response = signed_in(world.practitioner_a2).post(f"/alerts/{alert.public_id}/acknowledge/")

    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
