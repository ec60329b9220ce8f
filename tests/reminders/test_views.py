"""The client's reminder settings page: defaults, saving, errors kept, and who may use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ketacare.audit.models import AuditEvent
from ketacare.core.permissions import NotFound
from ketacare.reminders.models import ReminderPreference
from ketacare.reminders.selectors import reminder_preference_own
from ketacare.reminders.services import ReminderSettings, reminder_preference_update
from tests.conftest import World, signed_in
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db
URL = "/reminders/"
VALID = {
    "email_enabled": "on",
    "time_zone": "Europe/London",
    "quiet_hours_start": "22:30",
    "quiet_hours_end": "07:00",
    "max_per_day": "2",
}


def test_the_page_shows_the_practice_policy_defaults(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="UTC"' in body  # the practice's time zone
    assert 'value="21:00"' in body
    assert 'value="08:00"' in body
    assert "Practice policy default: 3." in body
    assert not ReminderPreference.objects.exists()  # viewing stores nothing


def test_saving_stores_the_preference_and_audits_it(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    before = AuditEvent.objects.count()

    response = http.post(URL, VALID)

    assert response.status_code == 302
    preference = ReminderPreference.objects.get(client=world.client_a1)
    assert preference.email_enabled is True
    assert preference.daily_check_in_reminder is False
    assert preference.time_zone == "Europe/London"
    assert (preference.quiet_hours_start, preference.quiet_hours_end) == (
        dt.time(22, 30),
        dt.time(7, 0),
    )
    assert preference.max_per_day == 2
    actions = list(
        AuditEvent.objects.filter(seq__gt=before, object_type="ReminderPreference").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create"]


def test_an_unknown_time_zone_is_refused_and_what_was_typed_is_kept(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.post(URL, {**VALID, "time_zone": "Mars/Olympus_Mons", "max_per_day": "11"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a time zone from the IANA list" in body
    assert 'value="Mars/Olympus_Mons"' in body
    assert 'value="22:30"' in body
    assert "Please correct the highlighted fields" in body
    assert not ReminderPreference.objects.exists()


def test_staff_have_no_reminder_settings(world: World) -> None:
    response = signed_in(world.practitioner_a).get(URL)

    assert response.status_code == 404


def test_a_client_may_not_read_or_change_another_clients_preference(world: World) -> None:
    other = user_of(world.client_a2)
    values = ReminderSettings(True, False, "UTC", dt.time(21), dt.time(8), 3)

    with pytest.raises(NotFound):
        reminder_preference_own(actor=other, client=world.client_a1)
    with pytest.raises(PermissionDenied):
        reminder_preference_update(actor=other, client=world.client_a1, values=values)
    with pytest.raises(PermissionDenied):
        reminder_preference_update(
            actor=world.practitioner_a, client=world.client_a1, values=values
        )
