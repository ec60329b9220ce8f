"""Plan services: insights, commitments, check-ins and the daily check-in with its drop rule."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from ketacare.alerts.models import Alert, AlertStatus
from ketacare.alerts.services import alert_resolve
from ketacare.audit.models import AuditEvent
from ketacare.integration.exceptions import (
    CHECK_IN_IN_FUTURE,
    COMMITMENT_NOT_ACTIVE,
    REVIEW_BEFORE_START,
    IntegrationInvalid,
)
from ketacare.integration.models import (
    CommitmentCheckIn,
    DailyCheckIn,
    Insight,
    IntegrationSettings,
)
from ketacare.integration.services import (
    CommitmentValues,
    DailyValues,
    commitment_check_in,
    commitment_create,
    commitment_status_set,
    daily_check_in_save,
    insight_create,
)
from ketacare.journal.models import Entry
from tests.conftest import World
from tests.integration_app.helpers import START, commitment
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2030, 3, 20, 12, tzinfo=dt.UTC)


def _day(world: World, offset: int, mood: int) -> list[Alert]:
    client = world.client_a1
    _, alerts = daily_check_in_save(
        actor=user_of(client),
        client=client,
        values=DailyValues(mood=mood, anxiety=4, sleep_quality=6),
        on=NOON.date() - dt.timedelta(days=offset),
    )
    return alerts


def test_insight_is_encrypted_and_audited(world: World) -> None:
    insight = insight_create(
        actor=user_of(world.client_a1), client=world.client_a1, text="  I can rest  "
    )

    assert insight.text == "I can rest"
    assert AuditEvent.objects.filter(object_public_id=insight.public_id, action="create").exists()


def test_insight_rejects_the_care_team_and_other_clients(world: World) -> None:
    for actor in (world.practitioner_a, user_of(world.client_a2)):
        with pytest.raises(PermissionDenied):
            insight_create(actor=actor, client=world.client_a1, text="x")


def test_insight_rejects_an_unknown_source(world: World) -> None:
    with pytest.raises(IntegrationInvalid, match="source kind"):
        insight_create(
            actor=user_of(world.client_a1), client=world.client_a1, text="x", source_kind="dream"
        )


def test_insight_keeps_its_source_only_when_it_is_the_clients_own_entry(world: World) -> None:
    own = Entry.objects.create(
        practice=world.practice_a, client=world.client_a1, phase="preparation", body="Mine"
    )
    theirs = Entry.objects.create(
        practice=world.practice_a, client=world.client_a2, phase="preparation", body="Theirs"
    )
    me = user_of(world.client_a1)

    kept = insight_create(
        actor=me, client=world.client_a1, text="x", source_kind="journal_entry",
        source_public_id=own.public_id,
    )  # fmt: skip
    with pytest.raises(IntegrationInvalid, match="not found among your own"):
        insight_create(
            actor=me, client=world.client_a1, text="x", source_kind="journal_entry",
            source_public_id=theirs.public_id,
        )  # fmt: skip
    with pytest.raises(IntegrationInvalid, match="not found among your own"):
        insight_create(
            actor=me, client=world.client_a1, text="x", source_kind="coaching_session",
            source_public_id=own.public_id,
        )  # fmt: skip

    assert kept.source_public_id == own.public_id
    assert Insight.objects.filter(client=world.client_a1).count() == 1


def test_commitment_rejects_review_before_start(world: World) -> None:
    values = CommitmentValues("beliefs", "Notice it", "weekly", START, START - dt.timedelta(1))

    with pytest.raises(IntegrationInvalid, match=REVIEW_BEFORE_START):
        commitment_create(actor=user_of(world.client_a1), client=world.client_a1, values=values)


def test_commitment_rejects_a_fifth_domain(world: World) -> None:
    values = CommitmentValues("finances", "Save", "weekly", START, START)

    with pytest.raises(IntegrationInvalid, match="domain"):
        commitment_create(actor=user_of(world.client_a1), client=world.client_a1, values=values)


def test_commitment_rejects_another_clients_insight(world: World) -> None:
    other = insight_create(actor=user_of(world.client_a2), client=world.client_a2, text="x")
    values = CommitmentValues("beliefs", "Notice it", "weekly", START, START)

    with pytest.raises(IntegrationInvalid, match="own insights"):
        commitment_create(
            actor=user_of(world.client_a1), client=world.client_a1, values=values, insight=other
        )


@time_machine.travel(NOON, tick=False)
def test_a_second_check_in_the_same_day_updates_the_first(world: World) -> None:
    item = commitment(world.client_a1)
    actor = user_of(world.client_a1)

    _, first = commitment_check_in(actor=actor, commitment=item, outcome="not_yet")
    check_in, second = commitment_check_in(actor=actor, commitment=item, outcome="done", note="ok")

    assert (first, second) == (True, False)
    assert CommitmentCheckIn.objects.get().outcome == "done"
    assert check_in.note == "ok"


@time_machine.travel(NOON, tick=False)
def test_check_in_rejects_a_future_day_and_a_paused_commitment(world: World) -> None:
    item = commitment(world.client_a1)
    actor = user_of(world.client_a1)

    with pytest.raises(IntegrationInvalid, match=CHECK_IN_IN_FUTURE):
        commitment_check_in(
            actor=actor, commitment=item, outcome="done", on=NOON.date() + dt.timedelta(1)
        )
    commitment_status_set(actor=actor, commitment=item, status="paused")
    with pytest.raises(IntegrationInvalid, match=COMMITMENT_NOT_ACTIVE):
        commitment_check_in(actor=actor, commitment=item, outcome="done")


def test_check_in_rejects_the_care_team(world: World) -> None:
    item = commitment(world.client_a1)

    with pytest.raises(PermissionDenied):
        commitment_check_in(actor=world.practitioner_a, commitment=item, outcome="done")


@time_machine.travel(NOON, tick=False)
def test_daily_check_in_resubmitted_the_same_day_updates_it(world: World) -> None:
    item = commitment(world.client_a1)
    actor = user_of(world.client_a1)

    daily_check_in_save(
        actor=actor, client=world.client_a1, values=DailyValues(5, 5, 5, [item], "fine")
    )
    saved, _ = daily_check_in_save(
        actor=actor, client=world.client_a1, values=DailyValues(6, 2, 7, [], "better")
    )

    assert DailyCheckIn.objects.count() == 1
    assert (saved.mood, saved.note, list(saved.practices_done.all())) == (6, "better", [])


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (DailyValues(11, 0, 0), "mood"),
        (DailyValues(0, -1, 0), "anxiety"),
        (DailyValues(0, 0, 12), "sleep_quality"),
        (DailyValues(5, 5, 5, note="x" * 141), "note"),
    ],
)
def test_daily_check_in_rejects_invalid_values(
    world: World, values: DailyValues, field: str
) -> None:
    with pytest.raises(IntegrationInvalid) as caught:
        daily_check_in_save(actor=user_of(world.client_a1), client=world.client_a1, values=values)

    assert caught.value.field == field


def test_daily_check_in_rejects_another_clients_commitment(world: World) -> None:
    other = commitment(world.client_a2)

    with pytest.raises(IntegrationInvalid, match="active commitments"):
        daily_check_in_save(
            actor=user_of(world.client_a1),
            client=world.client_a1,
            values=DailyValues(5, 5, 5, [other]),
        )


def test_daily_check_in_rejects_the_care_team(world: World) -> None:
    with pytest.raises(PermissionDenied):
        daily_check_in_save(
            actor=world.practitioner_a, client=world.client_a1, values=DailyValues(5, 5, 5)
        )


# The drop rule, evaluated inside the save, with frozen time (issue #6 item 4).
@time_machine.travel(NOON, tick=False)
def test_two_low_days_raise_nothing_and_the_third_raises_one_attention_alert(
    world: World,
) -> None:
    assert _day(world, 2, 3) == []
    assert _day(world, 1, 3) == []

    (alert,) = _day(world, 0, 3)

    assert (alert.severity, alert.code, alert.source_type) == (
        "attention",
        "sustained_mood_drop",
        "daily_check_in",
    )
    assert "note" not in alert.summary.lower()


@time_machine.travel(NOON, tick=False)
def test_no_duplicate_alert_while_one_is_open_and_again_after_it_is_resolved(
    world: World,
) -> None:
    for offset in (3, 2, 1):
        _day(world, offset, 2)
    assert _day(world, 0, 2) == []  # still open (or acknowledged): no duplicate

    alert_resolve(actor=world.practitioner_a, alert=Alert.objects.get(), note="Called")

    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        (again,) = _day(world, -1, 2)
    assert again.status == AlertStatus.OPEN
    assert Alert.objects.count() == 2


@time_machine.travel(NOON, tick=False)
def test_a_drop_of_three_from_baseline_raises_and_of_two_does_not(world: World) -> None:
    for offset in range(10, 5, -1):
        _day(world, offset, 8)
    assert _day(world, 5, 6) == []
    assert _day(world, 4, 5) == []
    assert _day(world, 3, 5) == []  # window 6, 5, 5: drops of 2 and 3 only

    (alert,) = _day(world, 2, 5)

    assert alert.code == "mood_below_baseline"
    assert "baseline (8)" in alert.summary


@time_machine.travel(NOON, tick=False)
def test_too_few_baseline_days_raise_nothing(world: World) -> None:
    for offset in range(6, 2, -1):
        _day(world, offset, 9)

    assert [_day(world, offset, 5) for offset in (2, 1, 0)] == [[], [], []]


@time_machine.travel(NOON, tick=False)
def test_practice_policy_changes_the_rule(world: World) -> None:
    IntegrationSettings.objects.create(practice=world.practice_a, low_mood_days=2)

    _day(world, 1, 3)
    (alert,) = _day(world, 0, 3)

    assert "last 2 check-ins" in alert.summary
