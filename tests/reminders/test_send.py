"""Sending due reminders: once per key, within quiet hours and the daily limit, without PHI."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from huey.contrib.djhuey import HUEY  # type: ignore[import-untyped]

from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.reminders.models import ReminderPreference, ReminderSent
from ketacare.reminders.providers import DueItem
from ketacare.reminders.services import REMINDER_SUBJECT, reminders_send_due
from ketacare.reminders.tasks import reminders_send_due_task
from tests.conftest import World
from tests.reminders.conftest import CaptureOnCommit

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _item(
    client: Client, key: str = "questionnaire:k1:2026-06-01", kind: str = "questionnaire"
) -> DueItem:
    return DueItem(client_id=client.pk, kind=kind, key=key, due_at=NOON, link_path="/measures/due/")


def _prefer(client: Client, **values: object) -> ReminderPreference:
    return ReminderPreference.objects.create(
        practice=client.practice,
        client=client,
        time_zone=str(values.pop("time_zone", "UTC")),
        **values,
    )


def _send(capture: CaptureOnCommit, now: dt.datetime = NOON) -> int:
    with capture(execute=True):
        return reminders_send_due(now=now).sent


def test_a_due_item_is_e_mailed_once_and_logged(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    fake.append(_item(world.client_a1))

    first = _send(django_capture_on_commit_callbacks)
    second = _send(django_capture_on_commit_callbacks, NOON + dt.timedelta(hours=1))

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["client1@a.example"]
    assert mail.outbox[0].subject == REMINDER_SUBJECT
    sent = ReminderSent.objects.get()
    assert (sent.client, sent.key, sent.kind) == (
        world.client_a1,
        "questionnaire:k1:2026-06-01",
        "questionnaire",
    )


def test_the_e_mail_names_no_one_and_links_to_the_page(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    fake.append(_item(world.client_a1))

    _send(django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    text = f"{message.subject}{message.body}"
    assert "You have something due in ketacare: a questionnaire." in message.body
    assert "http://127.0.0.1:8000/measures/due/" in message.body
    assert "http://127.0.0.1:8000/reminders/" in message.body
    for secret in ("ZZ-SENTINEL", "Sentinel", "client1@a.example", "PHQ", "GAD", "Practice A"):
        assert secret not in text


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("journal_prompt", "a journal prompt"),
        ("session_readiness", "getting ready for your next session"),
        ("something_new", "something to do"),
    ],
)
def test_each_kind_is_described_in_generic_words(
    world: World,
    fake: list[DueItem],
    django_capture_on_commit_callbacks: CaptureOnCommit,
    kind: str,
    words: str,
) -> None:
    fake.append(_item(world.client_a1, kind=kind))

    _send(django_capture_on_commit_callbacks)

    assert f"ketacare: {words}." in mail.outbox[0].body


def test_each_send_writes_one_system_audit_record(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    fake.extend([_item(world.client_a1), _item(world.client_b1)])
    before = AuditEvent.objects.count()

    _send(django_capture_on_commit_callbacks)

    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert len(events) == 2
    assert {e.subject_client_public_id for e in events} == {
        world.client_a1.public_id,
        world.client_b1.public_id,
    }
    assert all(e.actor_id is None and e.action == "create" for e in events)
    assert all(e.object_type == "ReminderSent" for e in events)


def test_a_key_already_logged_is_never_sent_again(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    ReminderSent.objects.create(
        practice=world.practice_a,
        client=world.client_a1,
        kind="questionnaire",
        key="k",
        sent_at=NOON,
    )
    fake.append(_item(world.client_a1, key="k"))

    summary_sent = _send(django_capture_on_commit_callbacks)

    assert summary_sent == 0
    assert mail.outbox == []


def test_the_same_key_for_two_clients_is_two_reminders(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    fake.extend([_item(world.client_a1, key="same"), _item(world.client_a2, key="same")])

    assert _send(django_capture_on_commit_callbacks) == 2


def test_the_daily_limit_defers_the_rest_to_the_next_local_day(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _prefer(world.client_a1, max_per_day=2, time_zone="America/New_York")
    fake.extend(_item(world.client_a1, key=f"k{n}") for n in range(4))

    today = _send(django_capture_on_commit_callbacks)
    later_today = _send(django_capture_on_commit_callbacks, NOON + dt.timedelta(hours=8))  # 16:00
    tomorrow = _send(django_capture_on_commit_callbacks, NOON + dt.timedelta(hours=24))

    assert (today, later_today, tomorrow) == (2, 0, 2)
    assert sorted(ReminderSent.objects.values_list("key", flat=True)) == ["k0", "k1", "k2", "k3"]


def test_the_oldest_due_items_go_first_under_the_limit(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _prefer(world.client_a1, max_per_day=1)
    newer = _item(world.client_a1, key="newer")
    older = DueItem(world.client_a1.pk, "questionnaire", "older", NOON - dt.timedelta(days=1), "/")
    fake.extend([newer, older])

    _send(django_capture_on_commit_callbacks)

    assert list(ReminderSent.objects.values_list("key", flat=True)) == ["older"]


def test_a_client_who_turned_e_mail_off_gets_nothing(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _prefer(world.client_a1, email_enabled=False)
    fake.append(_item(world.client_a1))

    summary = reminders_send_due(now=NOON)

    assert summary.sent == 0
    assert summary.not_wanted == 1
    assert not ReminderSent.objects.exists()


def test_daily_check_in_reminders_need_the_clients_opt_in(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _prefer(world.client_a2, daily_check_in_reminder=True)
    fake.extend(
        [
            _item(world.client_a1, key="c1", kind="daily_check_in"),
            _item(world.client_a2, key="c2", kind="daily_check_in"),
        ]
    )

    _send(django_capture_on_commit_callbacks)

    assert mail.outbox[0].to == ["client2@a.example"]
    assert "your daily check-in" in mail.outbox[0].body
    assert list(ReminderSent.objects.values_list("key", flat=True)) == ["c2"]


def test_a_client_without_an_active_account_gets_nothing(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    assert world.client_a1.user is not None
    world.client_a1.user.is_active = False
    world.client_a1.user.save(update_fields=["is_active"])
    fake.append(_item(world.client_a1))

    assert _send(django_capture_on_commit_callbacks) == 0


def test_a_provider_link_must_stay_on_this_site(world: World, fake: list[DueItem]) -> None:
    fake.append(DueItem(world.client_a1.pk, "questionnaire", "k", NOON, "https://evil.example/"))

    with pytest.raises(ValueError, match="path on this site"):
        reminders_send_due(now=NOON)


# Quiet hours 21:00-08:00 (defaults), checked with the clock moved by time-machine.
@pytest.mark.parametrize(
    ("local_now", "sent"),
    [
        ((1, dt.time(20, 59)), 1),
        ((1, dt.time(21, 0)), 0),
        ((2, dt.time(0, 30)), 0),
        ((2, dt.time(7, 59)), 0),
        ((2, dt.time(8, 0)), 1),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/New_York"])
def test_quiet_hours_hold_reminders_in_the_clients_zone(
    world: World,
    fake: list[DueItem],
    django_capture_on_commit_callbacks: CaptureOnCommit,
    local_now: tuple[int, dt.time],
    sent: int,
    zone: str,
) -> None:
    _prefer(world.client_a1, time_zone=zone)
    fake.append(_item(world.client_a1))

    day, wall_clock = local_now
    moment = dt.datetime.combine(dt.date(2026, 6, day), wall_clock, ZoneInfo(zone))

    with time_machine.travel(moment, tick=False):
        count = _send(django_capture_on_commit_callbacks, timezone.now())

    assert count == sent


def test_a_reminder_held_by_quiet_hours_goes_at_the_first_run_after_them(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _prefer(world.client_a1, time_zone="America/New_York")
    fake.append(_item(world.client_a1))
    # Spring-forward day: 08:00 EDT is 12:00 UTC (it would be 13:00 UTC on a winter day).
    runs = [dt.datetime(2026, 3, 8, h, m, tzinfo=dt.UTC) for h, m in ((6, 30), (11, 45), (12, 0))]

    results = []
    for run in runs:
        with time_machine.travel(run, tick=False):
            results.append(_send(django_capture_on_commit_callbacks, timezone.now()))

    assert results == [0, 0, 1]


def test_the_periodic_task_runs_inline_in_immediate_mode(
    world: World, fake: list[DueItem], django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    fake.append(_item(world.client_a1))

    with time_machine.travel(NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        reminders_send_due_task()  # periodic tasks keep no result; the effects show it ran

    assert HUEY.immediate
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(client=world.client_a1).count() == 1
