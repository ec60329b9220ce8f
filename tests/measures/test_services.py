"""Measures services: assigning, submitting (scored, immutable, audited), safety alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert, AlertSeverity
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.measures.exceptions import (
    CLINICIAN_RATED,
    AssignmentNotOpen,
    ResponseImmutable,
    ResponseInvalid,
)
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
from ketacare.measures.selectors import assignments_due, response_get, response_list
from ketacare.measures.services import (
    SOURCE_TYPE,
    assignment_create,
    response_amend,
    response_submit,
)
from tests.conftest import World, persona_user
from tests.measures.helpers import SAFETY_CASES, TRIGGERS, triggering_answers

pytestmark = pytest.mark.django_db

PHQ9_ZEROES: dict[str, object] = {str(n): 0 for n in range(1, 10)}


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _assign(world: World, code: str = "PHQ-9") -> QuestionnaireAssignment:
    return assignment_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code=code,
        due_at=timezone.now() + dt.timedelta(days=2),
        schedule_label="baseline",
    )


def test_response_submit_stores_the_score_snapshot(world: World) -> None:
    answers = {**PHQ9_ZEROES, "1": 3, "2": 3, "3": 2}

    response = response_submit(
        actor=_user(world.client_a1),
        client=world.client_a1,
        instrument_code="phq9",
        answers=answers,
    )

    response.refresh_from_db()
    assert response.instrument_code == "PHQ-9"
    assert response.instrument_version == INSTRUMENTS["PHQ-9"].version
    assert response.answers == answers
    assert response.score == INSTRUMENTS["PHQ-9"].score(answers).as_dict()
    assert response.total == 8
    assert response.band == response.score["band"]
    assert response.flags == []
    assert response.submitted_by == world.client_a1.user
    assert response.practice == world.practice_a


def test_response_is_immutable(world: World) -> None:
    response = response_submit(
        actor=_user(world.client_a1),
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=PHQ9_ZEROES,
    )
    response.band = "tampered"

    with pytest.raises(ResponseImmutable):
        response.save()
    with pytest.raises(ResponseImmutable):
        response.delete()
    response.refresh_from_db()
    assert response.band != "tampered"


def test_response_amend_stores_a_new_row_pointing_at_the_original(world: World) -> None:
    original = response_submit(
        actor=_user(world.client_a1),
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=PHQ9_ZEROES,
    )

    amendment = response_amend(
        actor=world.practitioner_a, original=original, answers={**PHQ9_ZEROES, "1": 1}
    )

    assert amendment.amends == original
    assert amendment.total == 1
    assert QuestionnaireResponse.objects.get(pk=original.pk).total == 0
    assert AuditEvent.objects.filter(action="amend", object_public_id=amendment.public_id).exists()


def test_response_submit_is_audited(world: World) -> None:
    before = AuditEvent.objects.count()

    response = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="GAD-7",
        answers={str(n): 1 for n in range(1, 8)},
    )

    event = AuditEvent.objects.filter(seq__gt=before, action="create").get()
    assert event.object_public_id == response.public_id
    assert event.subject_client_public_id == world.client_a1.public_id
    assert event.extra == {"instrument": "GAD-7", "flag_count": 0}


def test_invalid_answers_raise_an_error_naming_the_item(world: World) -> None:
    with pytest.raises(ResponseInvalid) as caught:
        response_submit(
            actor=_user(world.client_a1),
            client=world.client_a1,
            instrument_code="PHQ-9",
            answers={**PHQ9_ZEROES, "4": 7},
        )

    assert caught.value.item == "4"
    assert "item 4" in caught.value.message
    assert not QuestionnaireResponse.objects.exists()


def test_unknown_instrument_is_a_service_error(world: World) -> None:
    with pytest.raises(ResponseInvalid) as caught:
        response_submit(
            actor=world.practitioner_a, client=world.client_a1, instrument_code="XYZ", answers={}
        )

    assert caught.value.code == "unknown_instrument"


@pytest.mark.parametrize("persona", ["client_a2", "practitioner_a2", "lead_a", "practitioner_b"])
def test_response_submit_rejects_the_wrong_actor(world: World, persona: str) -> None:
    actor = persona_user(world, persona)
    assert actor is not None

    with pytest.raises(PermissionDenied):
        response_submit(
            actor=actor, client=world.client_a1, instrument_code="PHQ-9", answers=PHQ9_ZEROES
        )


def test_client_cannot_submit_a_clinician_rated_instrument(world: World) -> None:
    with pytest.raises(PermissionDenied, match=CLINICIAN_RATED):
        response_submit(
            actor=_user(world.client_a1),
            client=world.client_a1,
            instrument_code="MADRS",
            answers={str(n): 0 for n in range(1, 11)},
        )


def test_care_team_practitioner_may_submit_a_clinician_rated_instrument(world: World) -> None:
    response = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="MADRS",
        answers={str(n): 0 for n in range(1, 11)},
    )

    assert response.submitted_by == world.practitioner_a


def test_every_safety_flag_has_a_trigger() -> None:
    assert set(SAFETY_CASES) == set(TRIGGERS)


@pytest.mark.parametrize(("code", "flag"), SAFETY_CASES)
def test_every_safety_flag_raises_an_alert_in_the_same_transaction(
    world: World, code: str, flag: str
) -> None:
    response = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code=code,
        answers=triggering_answers(code, flag),
    )

    alert = Alert.objects.get(
        source_type=SOURCE_TYPE, source_public_id=response.public_id, code=flag
    )
    assert alert.client == world.client_a1
    assert alert.severity == AlertSeverity(INSTRUMENTS[code].flag(flag).severity.value)
    assert flag in response.flags


def test_a_failed_alert_rolls_back_the_response(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(**kwargs: object) -> None:
        raise RuntimeError

    monkeypatch.setattr("ketacare.measures.services.alert_raise", boom)

    with pytest.raises(RuntimeError):
        response_submit(
            actor=world.practitioner_a,
            client=world.client_a1,
            instrument_code="PHQ-9",
            answers={**PHQ9_ZEROES, "9": 1},
        )

    assert not QuestionnaireResponse.objects.exists()


def test_assignment_create_rejects_the_wrong_actor(world: World) -> None:
    for actor in (world.practitioner_a2, world.practitioner_b, world.lead_b, world.client_a1.user):
        with pytest.raises(PermissionDenied):
            assignment_create(
                actor=actor,  # type: ignore[arg-type]
                client=world.client_a1,
                instrument_code="PHQ-9",
                due_at=timezone.now(),
                schedule_label="",
            )


def test_lead_may_assign(world: World) -> None:
    assignment = assignment_create(
        actor=world.lead_a,
        client=world.client_a2,
        instrument_code="gad 7",
        due_at=timezone.now(),
        schedule_label="week 4",
    )

    assert assignment.instrument_code == "GAD-7"


def test_submitting_an_assignment_completes_it_once(world: World) -> None:
    assignment = _assign(world)
    actor = _user(world.client_a1)

    response = response_submit(
        actor=actor,
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=PHQ9_ZEROES,
        assignment=assignment,
    )

    assignment.refresh_from_db()
    assert assignment.response == response
    assert assignments_due(actor=actor) == []
    with pytest.raises(AssignmentNotOpen):
        response_submit(
            actor=actor,
            client=world.client_a1,
            instrument_code="PHQ-9",
            answers=PHQ9_ZEROES,
            assignment=assignment,
        )


def test_assignment_of_another_instrument_is_refused(world: World) -> None:
    assignment = _assign(world, "GAD-7")

    with pytest.raises(AssignmentNotOpen):
        response_submit(
            actor=_user(world.client_a1),
            client=world.client_a1,
            instrument_code="PHQ-9",
            answers=PHQ9_ZEROES,
            assignment=assignment,
        )


def test_assignments_due_lists_only_the_clients_own_self_report(world: World) -> None:
    mine = _assign(world)
    _assign(world, "MADRS")

    assert assignments_due(actor=_user(world.client_a1)) == [mine]
    assert assignments_due(actor=_user(world.client_a2)) == []
    assert assignments_due(actor=world.practitioner_a) == []


def test_response_list_and_get_are_scoped(world: World) -> None:
    response = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=PHQ9_ZEROES,
    )

    assert response_list(actor=world.lead_a, client=world.client_a1) == [response]
    assert response_get(actor=_user(world.client_a1), public_id=response.public_id) == response
    for actor in (world.practitioner_a2, world.lead_b, _user(world.client_a2), world.operator):
        with pytest.raises(NotFound):
            response_list(actor=actor, client=world.client_a1)
        with pytest.raises(NotFound):
            response_get(actor=actor, public_id=response.public_id)


def test_database_refuses_to_change_or_delete_a_stored_response(world: World) -> None:
    response = response_submit(
        actor=world.client_a1.user,  # type: ignore[arg-type]
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=triggering_answers("PHQ-9", "phq9_item9_positive"),
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        QuestionnaireResponse.objects.filter(pk=response.pk).update(band="none-minimal")
    with pytest.raises(DatabaseError), transaction.atomic():
        QuestionnaireResponse.objects.filter(pk=response.pk).delete()
