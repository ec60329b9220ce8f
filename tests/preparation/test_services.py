"""Intake steps, submission with its alerts, and signed screening decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ketacare.alerts.models import Alert
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.preparation.exceptions import (
    ABSOLUTE_NOT_APPROVABLE,
    AMENDS_NOT_LATEST,
    CONDITIONS_REQUIRED,
    DecisionInvalid,
    IntakeInvalid,
    RecordImmutable,
)
from ketacare.preparation.models import Intake, ScreeningDecision, ScreeningResult
from ketacare.preparation.services import (
    intake_save_step,
    intake_start_or_resume,
    intake_submit,
    screening_decision_record,
)
from tests.conftest import World, persona_user
from tests.preparation.helpers import ABSOLUTE, NOT_ABSOLUTE, STEP_DATA

pytestmark = pytest.mark.django_db


def filled(client: Client, **overrides: object) -> Intake:
    """An intake of ``client`` with every step saved, with ``overrides`` on top."""
    assert client.user is not None
    intake = intake_start_or_resume(actor=client.user, client=client)
    for step, data in STEP_DATA.items():
        mine = {**data, **{k: v for k, v in overrides.items() if k in data}}
        intake = intake_save_step(actor=client.user, intake=intake, step=step, data=mine)
    return intake


def submitted(world: World, **overrides: object) -> ScreeningResult:
    client = world.client_a1
    assert client.user is not None
    return intake_submit(actor=client.user, intake=filled(client, **overrides))


def test_start_or_resume_returns_the_intake_in_progress(world: World) -> None:
    user = world.client_a1.user
    assert user is not None

    first = intake_start_or_resume(actor=user, client=world.client_a1)
    again = intake_start_or_resume(actor=world.practitioner_a, client=world.client_a1)

    assert first.pk == again.pk


@pytest.mark.parametrize("persona", ["client_a2", "practitioner_a2", "practitioner_b", "lead_b"])
def test_start_refuses_anyone_but_the_client_and_their_care_team(
    world: World, persona: str
) -> None:
    actor = persona_user(world, persona)
    assert actor is not None

    with pytest.raises(PermissionDenied):
        intake_start_or_resume(actor=actor, client=world.client_a1)


def test_saving_a_step_keeps_the_answers_of_other_steps(world: World) -> None:
    intake = filled(world.client_a1)
    user = world.client_a1.user
    assert user is not None

    intake = intake_save_step(actor=user, intake=intake, step=1, data={"age": 41})

    assert intake.data["age"] == 41
    assert intake.data["planned_route"] == "im"
    assert intake.data["suicidality"] == "none"


def test_saving_refuses_a_field_of_another_step(world: World) -> None:
    user = world.client_a1.user
    assert user is not None
    intake = intake_start_or_resume(actor=user, client=world.client_a1)

    with pytest.raises(IntakeInvalid) as caught:
        intake_save_step(actor=user, intake=intake, step=1, data={"suicidality": "none"})

    assert caught.value.field == "suicidality"


def test_save_step_refuses_another_client(world: World) -> None:
    intake = filled(world.client_a1)
    other = world.client_a2.user
    assert other is not None

    with pytest.raises(PermissionDenied):
        intake_save_step(actor=other, intake=intake, step=1, data={"age": 30})


def test_submit_with_a_missing_answer_names_its_step_and_keeps_every_answer(world: World) -> None:
    user = world.client_a1.user
    assert user is not None
    intake = filled(world.client_a1)
    data = dict(intake.data)
    del data["suicidality"]
    Intake.objects.filter(pk=intake.pk).update(data=data)
    intake.refresh_from_db()

    with pytest.raises(IntakeInvalid) as caught:
        intake_submit(actor=user, intake=intake)

    assert caught.value.step == 5
    assert "suicidality" in caught.value.message
    intake.refresh_from_db()
    assert intake.data == data
    assert intake.submitted_at is None
    assert not ScreeningResult.objects.exists()


def test_submit_stores_an_eligible_result_without_alerts(world: World) -> None:
    result = submitted(world)

    assert result.eligibility == "yes"
    assert result.flags == []
    assert result.policy["bp_severe_sbp_mmhg"] == 180
    assert result.intake.submitted_at is not None
    assert not Alert.objects.exists()


@pytest.mark.parametrize(("condition", "code"), sorted(ABSOLUTE.items()))
def test_submit_raises_a_review_alert_for_an_absolute_flag(
    world: World, condition: str, code: str
) -> None:
    result = submitted(world, conditions=[condition])

    alerts = list(Alert.objects.all())
    assert result.eligibility == "no"
    assert [(a.code, a.severity, a.summary) for a in alerts] == [
        (code, "review", f"Screening: {code}")
    ]
    assert alerts[0].source_public_id == result.public_id
    assert alerts[0].client_id == world.client_a1.pk


def test_submit_raises_one_alert_per_absolute_flag(world: World) -> None:
    submitted(world, conditions=list(ABSOLUTE))

    codes = sorted(Alert.objects.values_list("code", flat=True))

    assert codes == sorted(ABSOLUTE.values())
    for alert in Alert.objects.all():
        assert "SENTINEL" not in alert.summary


@pytest.mark.parametrize("condition", NOT_ABSOLUTE)
def test_submit_raises_no_alert_for_relative_or_caution_flags(world: World, condition: str) -> None:
    result = submitted(world, conditions=[condition])

    assert result.flags
    assert not Alert.objects.exists()


def test_a_submitted_intake_cannot_be_changed_or_submitted_again(world: World) -> None:
    result = submitted(world)
    user = world.client_a1.user
    assert user is not None

    with pytest.raises(IntakeInvalid):
        intake_save_step(actor=user, intake=result.intake, step=1, data={"age": 50})
    with pytest.raises(IntakeInvalid):
        intake_submit(actor=user, intake=result.intake)


def test_result_is_immutable(world: World) -> None:
    result = submitted(world)

    with pytest.raises(RecordImmutable):
        result.save()
    with pytest.raises(RecordImmutable):
        result.delete()


def test_an_absolute_result_cannot_be_approved(world: World) -> None:
    result = submitted(world, conditions=["current_mania"])

    for decision in ("approve", "approve_with_conditions"):
        with pytest.raises(DecisionInvalid, match=ABSOLUTE_NOT_APPROVABLE):
            screening_decision_record(
                actor=world.practitioner_a, result=result, decision=decision, conditions="x"
            )
    declined = screening_decision_record(
        actor=world.practitioner_a, result=result, decision="decline"
    )
    assert declined.decision == "decline"


def test_decision_is_signed_audited_and_immutable(world: World) -> None:
    result = submitted(world)

    decision = screening_decision_record(
        actor=world.practitioner_a, result=result, decision="approve", note="synthetic note"
    )

    assert decision.signed_at is not None
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "sign"
    assert event.object_public_id == decision.public_id
    with pytest.raises(RecordImmutable):
        decision.save()
    with pytest.raises(RecordImmutable):
        decision.delete()


def test_approve_with_conditions_requires_conditions(world: World) -> None:
    result = submitted(world, conditions=["bipolar_i"])

    with pytest.raises(DecisionInvalid, match=CONDITIONS_REQUIRED):
        screening_decision_record(
            actor=world.lead_a, result=result, decision="approve_with_conditions"
        )


def test_a_correction_is_an_amendment_of_the_latest_decision(world: World) -> None:
    result = submitted(world)
    first = screening_decision_record(actor=world.practitioner_a, result=result, decision="approve")

    with pytest.raises(DecisionInvalid, match=AMENDS_NOT_LATEST):
        screening_decision_record(actor=world.practitioner_a, result=result, decision="decline")
    second = screening_decision_record(
        actor=world.lead_a, result=result, decision="decline", amends=first
    )
    with pytest.raises(DecisionInvalid, match=AMENDS_NOT_LATEST):
        screening_decision_record(
            actor=world.lead_a, result=result, decision="approve", amends=first
        )

    assert second.amends_id == first.pk
    assert ScreeningDecision.objects.count() == 2
    first.refresh_from_db()
    assert first.decision == "approve"


@pytest.mark.parametrize("persona", ["practitioner_a2", "practitioner_b", "lead_b", "client_a1"])
def test_decision_refuses_anyone_but_the_care_team_or_a_lead(world: World, persona: str) -> None:
    result = submitted(world)
    actor = persona_user(world, persona)
    assert actor is not None

    with pytest.raises(PermissionDenied):
        screening_decision_record(actor=actor, result=result, decision="approve")
