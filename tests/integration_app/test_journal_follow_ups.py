"""A new journal entry completes the journal-prompt follow-ups that are due (issue #6 item 6).

Journal sits below integration: it sends ``journal.signals.entry_saved`` on commit and the
integration receiver completes the follow-ups.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from ketacare.audit.models import AuditEvent
from ketacare.integration.follow_ups import follow_ups_generate, journal_follow_ups_complete
from ketacare.integration.models import FollowUp
from ketacare.journal.models import Prompt
from ketacare.journal.services import entry_update, reflection_write
from ketacare.journal.signals import entry_saved
from ketacare.treatments.models import DosingSession
from tests.conftest import World
from tests.journal.helpers import entry_of
from tests.reminders.conftest import CaptureOnCommit
from tests.treatments.helpers import planned, user_of

pytestmark = pytest.mark.django_db
DISCHARGED = dt.datetime(2030, 1, 7, 15, tzinfo=dt.UTC)


def _follow_ups(world: World) -> DosingSession:
    course = planned(world.client_a1, world.practitioner_a)
    DosingSession.objects.filter(course=course, number=1).update(discharged_at=DISCHARGED)
    session = course.sessions.get(number=1)
    follow_ups_generate(session=session)
    return session


def _open_prompts() -> list[str]:
    return sorted(
        FollowUp.objects.filter(kind="journal_prompt", done_at__isnull=True).values_list(
            "phase", flat=True
        )
    )


@pytest.mark.parametrize(
    ("days_after", "still_open"),
    [
        (0, ["1w", "24h", "72h"]),  # the session day: the 24 h prompt is not due yet
        (1, ["1w", "72h"]),  # 24 h done
        (3, ["1w"]),  # a late entry closes the missed 24 h prompt and the 72 h one
        (8, []),
    ],
)
def test_an_entry_completes_the_journal_prompts_due_by_its_day(
    world: World,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    days_after: int,
    still_open: list[str],
) -> None:
    _follow_ups(world)

    with (
        time_machine.travel(DISCHARGED + dt.timedelta(days=days_after), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        entry_of(world.client_a1)

    assert _open_prompts() == still_open
    # The suggested integration session is not a journal prompt: it stays open.
    assert FollowUp.objects.get(kind="integration_session").done_at is None


def test_completion_is_audited_as_the_client_and_happens_only_on_commit(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    _follow_ups(world)

    with (
        time_machine.travel(DISCHARGED + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        entry_of(world.client_a1)
    assert _open_prompts() == ["1w", "24h", "72h"]  # nothing before the commit
    with time_machine.travel(DISCHARGED + dt.timedelta(days=1), tick=False):
        for callback in callbacks:
            callback()

    done = FollowUp.objects.get(phase="24h")
    event = AuditEvent.objects.get(object_public_id=done.public_id, action="update")
    assert event.actor_id == user_of(world.client_a1).pk
    assert event.extra == {"done": True, "by": "journal_entry"}


def test_an_edit_sends_no_signal_and_completes_nothing(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    entry = entry_of(world.client_a1)
    _follow_ups(world)
    received: list[object] = []

    def listener(sender: object, **kwargs: object) -> None:
        received.append(kwargs["entry"])

    entry_saved.connect(listener)
    try:
        with (
            time_machine.travel(DISCHARGED + dt.timedelta(days=2), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            entry_update(actor=user_of(world.client_a1), entry=entry, body="Changed", themes="")
    finally:
        entry_saved.disconnect(listener)

    assert received == []
    assert _open_prompts() == ["1w", "24h", "72h"]


def test_a_session_reflection_counts_as_an_entry(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    session = _follow_ups(world)
    prompt = Prompt.objects.filter(for_reflection=True).first()
    assert prompt is not None

    with (
        time_machine.travel(DISCHARGED + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reflection_write(
            actor=user_of(world.client_a1),
            session=session,
            answers=[(prompt, "Calm")],
            shared=False,
        )

    assert _open_prompts() == ["1w", "72h"]


def test_other_clients_follow_ups_are_untouched_and_only_the_client_completes(
    world: World,
) -> None:
    _follow_ups(world)
    day = DISCHARGED.date() + dt.timedelta(days=30)

    assert (
        journal_follow_ups_complete(actor=user_of(world.client_a2), client=world.client_a2, day=day)
        == []
    )
    with pytest.raises(PermissionDenied):
        journal_follow_ups_complete(actor=world.practitioner_a, client=world.client_a1, day=day)
    assert _open_prompts() == ["1w", "24h", "72h"]
