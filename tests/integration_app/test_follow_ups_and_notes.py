"""Follow-ups after discharge (signal and generator) and signed, immutable DAP notes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction

from ketacare.core.permissions import NotFound
from ketacare.integration.coaching import DapNote, coaching_note_sign
from ketacare.integration.exceptions import NOTE_REQUIRED, IntegrationInvalid, NoteImmutable
from ketacare.integration.follow_ups import follow_up_complete, follow_ups_generate
from ketacare.integration.models import CoachingSession, FollowUp
from ketacare.integration.selectors import coaching_dates_for, coaching_notes_for, follow_ups_due
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.treatments.models import DosingSession
from ketacare.treatments.signals import session_discharged
from tests.conftest import World
from tests.integration_app.helpers import commitment
from tests.treatments.helpers import planned, user_of

pytestmark = pytest.mark.django_db
DISCHARGED = dt.datetime(2030, 1, 7, 15, tzinfo=dt.UTC)


def _discharged(world: World, number: int = 1) -> DosingSession:
    course = planned(world.client_a1, world.practitioner_a)
    DosingSession.objects.filter(course=course, number=number).update(discharged_at=DISCHARGED)
    return course.sessions.get(number=number)


def _plan(kinds: list[FollowUp]) -> list[tuple[str, str, int]]:
    return sorted((f.kind, f.phase, (f.due_on - DISCHARGED.date()).days) for f in kinds)


@time_machine.travel(DISCHARGED, tick=False)
def test_the_discharge_signal_generates_prompts_and_a_suggested_session(world: World) -> None:
    session = _discharged(world)

    session_discharged.send(sender=DosingSession, session=session)

    assert _plan(list(FollowUp.objects.all())) == [
        ("integration_session", "48h", 2),
        ("journal_prompt", "1w", 7),
        ("journal_prompt", "24h", 1),
        ("journal_prompt", "72h", 3),
    ]
    assert not QuestionnaireAssignment.objects.exists()


@time_machine.travel(DISCHARGED, tick=False)
def test_the_last_session_also_assigns_questionnaires_by_the_course_schedule(
    world: World,
) -> None:
    course = planned(world.client_a1, world.practitioner_a)
    last = course.sessions.order_by("-number").first()
    assert last is not None
    DosingSession.objects.filter(pk=last.pk).update(discharged_at=DISCHARGED)

    created = follow_ups_generate(session=last)

    phases = {(f.kind, f.phase) for f in created}
    assert {("questionnaire", p) for p in ("1w", "2w", "1m", "3m", "6m")} <= phases
    assert {("integration_session", "1w"), ("integration_session", "2w")} <= phases
    labels = set(
        QuestionnaireAssignment.objects.filter(client=world.client_a1).values_list(
            "instrument_code", "schedule_label"
        )
    )
    assert ("PHQ-9", "6 months") in labels
    assert ("GAD-7", "1 week") in labels
    assert len(labels) == 10


@time_machine.travel(DISCHARGED, tick=False)
def test_generating_twice_creates_nothing_new(world: World) -> None:
    session = _discharged(world)
    follow_ups_generate(session=session)

    assert follow_ups_generate(session=session) == []
    assert FollowUp.objects.count() == 4
    first = FollowUp.objects.first()
    assert first is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            practice=first.practice,
            client=first.client,
            kind=first.kind,
            phase=first.phase,
            due_on=first.due_on,
            source_session_public_id=first.source_session_public_id,
            source_course_public_id=first.source_course_public_id,
        )


@time_machine.travel(DISCHARGED, tick=False)
def test_client_marks_a_prompt_done_and_it_leaves_the_due_list(world: World) -> None:
    follow_ups_generate(session=_discharged(world))
    actor = user_of(world.client_a1)
    due = follow_ups_due(actor=actor, client=world.client_a1)

    follow_up_complete(actor=actor, follow_up=due[0])

    assert len(follow_ups_due(actor=actor, client=world.client_a1)) == len(due) - 1


@time_machine.travel(DISCHARGED, tick=False)
def test_another_client_may_not_complete_a_follow_up(world: World) -> None:
    follow_ups_generate(session=_discharged(world))

    with pytest.raises(PermissionDenied):
        follow_up_complete(actor=user_of(world.client_a2), follow_up=FollowUp.objects.first())  # type: ignore[arg-type]


def _note(**overrides: object) -> DapNote:
    values: dict[str, object] = {
        "held_at": DISCHARGED + dt.timedelta(days=2),
        "kind": "integration_session",
        "data": "Synthetic data",
        "assessment": "Synthetic assessment",
        "plan": "Synthetic plan",
    }
    values.update(overrides)
    return DapNote(**values)  # type: ignore[arg-type]


@time_machine.travel(DISCHARGED + dt.timedelta(days=3), tick=False)
def test_signed_note_links_commitments_completes_the_suggested_session_and_is_immutable(
    world: World,
) -> None:
    follow_ups_generate(session=_discharged(world))
    item = commitment(world.client_a1)

    note = coaching_note_sign(
        actor=world.practitioner_a,
        client=world.client_a1,
        note=_note(commitments=[item], reviewed_plan=True),
    )

    assert list(note.commitments.all()) == [item]
    assert FollowUp.objects.get(kind="integration_session").done_at is not None
    with pytest.raises(NoteImmutable):
        note.save()
    with pytest.raises(NoteImmutable):
        note.delete()
    # The append-only trigger: IntegrityError on SQLite, ProgrammingError on PostgreSQL.
    with pytest.raises(DatabaseError), transaction.atomic():
        CoachingSession.objects.filter(pk=note.pk).update(plan="changed")


@time_machine.travel(DISCHARGED + dt.timedelta(days=3), tick=False)
def test_an_amendment_is_a_new_row_and_the_original_stays(world: World) -> None:
    original = coaching_note_sign(actor=world.practitioner_a, client=world.client_a1, note=_note())

    amendment = coaching_note_sign(
        actor=world.practitioner_a,
        client=world.client_a1,
        note=_note(plan="Corrected plan"),
        amends=original,
    )

    assert amendment.amends == original
    assert CoachingSession.objects.get(pk=original.pk).plan == "Synthetic plan"


def test_note_needs_text_and_a_care_team_author(world: World) -> None:
    with pytest.raises(IntegrationInvalid, match=NOTE_REQUIRED):
        coaching_note_sign(
            actor=world.practitioner_a,
            client=world.client_a1,
            note=_note(held_at=DISCHARGED, data="", assessment=" ", plan=""),
        )
    for actor in (world.practitioner_a2, world.lead_a, user_of(world.client_a1)):
        with pytest.raises(PermissionDenied):
            coaching_note_sign(actor=actor, client=world.client_a1, note=_note(held_at=DISCHARGED))


@time_machine.travel(DISCHARGED + dt.timedelta(days=3), tick=False)
def test_the_client_sees_only_the_date_never_the_note(world: World) -> None:
    coaching_note_sign(actor=world.practitioner_a, client=world.client_a1, note=_note())
    actor = user_of(world.client_a1)

    assert coaching_dates_for(actor=actor, client=world.client_a1) == [
        ("Integration session", DISCHARGED + dt.timedelta(days=2))
    ]
    with pytest.raises(NotFound):
        coaching_notes_for(actor=actor, client=world.client_a1)
    assert len(coaching_notes_for(actor=world.lead_a, client=world.client_a1)) == 1


@time_machine.travel(DISCHARGED, tick=False)
def test_note_refuses_unknown_kind_future_time_foreign_commitment_and_foreign_amendment(
    world: World,
) -> None:
    foreign = commitment(world.client_a2)
    other_note = coaching_note_sign(
        actor=world.practitioner_a2, client=world.client_a2, note=_note(held_at=DISCHARGED)
    )
    cases = [
        (_note(held_at=DISCHARGED, kind="therapy"), None, "kind"),
        (_note(), None, "held_at"),  # two days ahead of the frozen clock
        (_note(held_at=DISCHARGED, commitments=[foreign]), None, "commitments"),
        (_note(held_at=DISCHARGED), other_note, "amends"),
    ]

    for note, amends, field in cases:
        with pytest.raises(IntegrationInvalid) as caught:
            coaching_note_sign(
                actor=world.practitioner_a, client=world.client_a1, note=note, amends=amends
            )
        assert caught.value.field == field


@time_machine.travel(DISCHARGED, tick=False)
def test_completing_twice_keeps_the_first_time(world: World) -> None:
    follow_ups_generate(session=_discharged(world))
    follow_up = FollowUp.objects.first()
    assert follow_up is not None
    first = follow_up_complete(actor=world.practitioner_a, follow_up=follow_up).done_at

    with time_machine.travel(DISCHARGED + dt.timedelta(hours=1), tick=False):
        again = follow_up_complete(actor=user_of(world.client_a1), follow_up=follow_up)

    assert again.done_at == first
