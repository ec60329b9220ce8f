"""The follow-up and daily check-in providers, their e-mails (no PHI) and the opt-in time."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from ketacare.integration.follow_ups import follow_up_complete, follow_ups_generate
from ketacare.integration.models import FollowUp
from ketacare.integration.services import DailyValues, daily_check_in_save
from ketacare.reminders.exceptions import CHECK_IN_TIME_IN_QUIET_HOURS
from ketacare.reminders.models import ReminderPreference, ReminderSent
from ketacare.reminders.providers import daily_check_ins_due, follow_ups_due
from ketacare.reminders.services import reminders_send_due
from ketacare.treatments.models import DosingSession
from tests.conftest import World, signed_in
from tests.reminders.conftest import CaptureOnCommit
from tests.treatments.helpers import planned, user_of

pytestmark = pytest.mark.django_db
DISCHARGED = dt.datetime(2030, 1, 7, 15, tzinfo=dt.UTC)
PROVIDERS = [
    "ketacare.reminders.providers.follow_ups_due",
    "ketacare.reminders.providers.daily_check_ins_due",
]


def _discharged(world: World) -> DosingSession:
    course = planned(world.client_a1, world.practitioner_a)
    DosingSession.objects.filter(course=course, number=1).update(discharged_at=DISCHARGED)
    session = course.sessions.get(number=1)
    follow_ups_generate(session=session)
    return session


def _all() -> list[FollowUp]:
    return list(FollowUp.objects.all())


def _at(days: int, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(
        DISCHARGED.date() + dt.timedelta(days=days), dt.time(hour), tzinfo=dt.UTC
    )


S48, P24, P72, P1W = (
    ("integration_session", "48h"),
    ("journal_prompt", "24h"),
    ("journal_prompt", "72h"),
    ("journal_prompt", "1w"),
)


@pytest.mark.parametrize(
    ("days", "phases"),
    [
        (0, []),  # nothing is due on the discharge day
        (1, [P24]),
        (2, [S48, P24]),
        (8, [S48, P1W, P24, P72]),
        (9, [S48, P1W, P72]),  # the 24 h prompt is a week late: the care team follows up
        (15, []),
    ],
)
def test_follow_ups_are_listed_from_their_due_day_until_a_week_late(
    world: World, days: int, phases: list[tuple[str, str]]
) -> None:
    _discharged(world)

    items = list(follow_ups_due(_at(days)))

    by_key = {f"follow-up:{f.public_id}": (f.kind, f.phase) for f in _all()}
    assert sorted(by_key[item.key] for item in items) == sorted(phases)
    for item in items:
        assert item.client_id == world.client_a1.pk
        assert item.link_path in {"/journal/new/", "/integration/"}
        assert item.kind in {"journal_prompt", "integration_session"}


def test_done_follow_ups_and_questionnaire_rows_are_not_reminded(world: World) -> None:
    _discharged(world)
    for follow_up in _all():
        follow_up_complete(actor=user_of(world.client_a1), follow_up=follow_up)

    assert list(follow_ups_due(_at(2))) == []


def _opt_in(world: World, **values: object) -> ReminderPreference:
    return ReminderPreference.objects.create(
        practice=world.practice_a,
        client=world.client_a1,
        time_zone=str(values.pop("time_zone", "UTC")),
        daily_check_in_reminder=bool(values.pop("daily_check_in_reminder", True)),
        **values,
    )


def test_the_daily_check_in_is_reminded_only_on_opt_in_from_the_chosen_time(
    world: World,
) -> None:
    evening = dt.datetime(2030, 3, 20, 18, 0, tzinfo=dt.UTC)
    assert list(daily_check_ins_due(evening)) == []  # no preference: off by default
    preference = _opt_in(world)

    assert list(daily_check_ins_due(evening - dt.timedelta(minutes=1))) == []
    (item,) = daily_check_ins_due(evening)
    assert item.key == f"daily-check-in:{world.client_a1.public_id}:2030-03-20"
    assert item.kind == "daily_check_in"
    assert item.link_path == "/integration/check-in/"

    preference.daily_check_in_reminder = False
    preference.save()
    assert list(daily_check_ins_due(evening)) == []


def test_no_daily_reminder_once_the_client_checked_in_that_day(world: World) -> None:
    _opt_in(world, time_zone="America/New_York", daily_check_in_at=dt.time(19, 30))
    local_evening = dt.datetime(2030, 3, 20, 23, 45, tzinfo=dt.UTC)  # 19:45 in New York
    assert len(list(daily_check_ins_due(local_evening))) == 1

    with time_machine.travel(dt.datetime(2030, 3, 20, 14, tzinfo=dt.UTC), tick=False):
        daily_check_in_save(
            actor=user_of(world.client_a1),
            client=world.client_a1,
            values=DailyValues(mood=6, anxiety=3, sleep_quality=7),
        )

    assert list(daily_check_ins_due(local_evening)) == []


@override_settings(KETACARE_REMINDER_PROVIDERS=PROVIDERS)
def test_the_e_mails_say_only_what_is_due_and_link_to_it(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _discharged(world)
    _opt_in(world, max_per_day=10)

    with django_capture_on_commit_callbacks(execute=True):
        summary = reminders_send_due(now=_at(2, hour=18))

    assert summary.sent == 3  # 24 h prompt, suggested session, daily check-in
    bodies = "\n".join(str(message.body) for message in mail.outbox)
    assert "a journal prompt" in bodies
    assert "arranging an integration session" in bodies
    assert "your daily check-in" in bodies
    assert "/journal/new/" in bodies
    assert "/integration/check-in/" in bodies
    for secret in ("ZZ-SENTINEL-A1", "Sentinel", "Practice A", "client1@a.example"):
        assert secret not in bodies
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_send_due(now=_at(2, hour=18) + dt.timedelta(minutes=15))
    assert (again.sent, again.already_sent) == (0, 3)
    assert ReminderSent.objects.count() == 3


def test_the_settings_page_saves_the_time_and_refuses_one_in_quiet_hours(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    data = {
        "email_enabled": "on",
        "daily_check_in_reminder": "on",
        "time_zone": "UTC",
        "quiet_hours_start": "21:00",
        "quiet_hours_end": "08:00",
        "max_per_day": "3",
        "daily_check_in_at": "22:15",
    }

    refused = http.post("/reminders/", data)
    assert refused.status_code == 200
    assert CHECK_IN_TIME_IN_QUIET_HOURS in refused.content.decode()
    assert 'value="22:15"' in refused.content.decode()

    assert http.post("/reminders/", {**data, "daily_check_in_at": "19:30"}).status_code == 302
    preference = ReminderPreference.objects.get(client=world.client_a1)
    assert preference.daily_check_in_at == dt.time(19, 30)
    assert http.post("/reminders/", {**data, "daily_check_in_at": ""}).status_code == 302
    preference.refresh_from_db()
    assert preference.daily_check_in_at == dt.time(18, 0)  # empty: the platform default
