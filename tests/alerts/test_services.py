"""Alert services: raise (with a PHI-free e-mail), acknowledge, resolve, escalate."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction

from ketacare.alerts.exceptions import AlertAlreadyHandled, ResolutionNoteRequired
from ketacare.alerts.models import Alert, AlertStatus
from ketacare.alerts.selectors import alert_get, alert_list, alert_open_count
from ketacare.alerts.services import (
    ALERT_SUBJECT,
    ESCALATION_SUBJECT,
    alert_acknowledge,
    alert_raise,
    alert_resolve,
    alerts_escalate_overdue,
)
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from tests.conftest import World

pytestmark = pytest.mark.django_db
# pytest-django's django_capture_on_commit_callbacks fixture.
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _raise(client: Client, *, code: str = "phq9_item9_positive", severity: str = "review") -> Alert:
    return alert_raise(
        practice=client.practice,
        client=client,
        source_type="questionnaire_response",
        source_public_id=uuid.uuid4(),
        code=code,
        severity=severity,
        summary="PHQ-9: item 9 positive",
    )


def _assert_no_phi(message: mail.EmailMessage) -> None:
    text = f"{message.subject}\n{message.body}"
    assert "ZZ-SENTINEL" not in text
    assert "Sentinel" not in text
    assert "PHQ" not in text


def test_alert_raise_stores_an_open_alert_and_audits_it(world: World) -> None:
    before = AuditEvent.objects.count()

    alert = _raise(world.client_a1)

    assert alert.status == AlertStatus.OPEN
    created = AuditEvent.objects.filter(seq__gt=before, action="create").get()
    assert created.object_public_id == alert.public_id
    assert created.subject_client_public_id == world.client_a1.public_id


def test_alert_raise_rejects_a_practice_that_is_not_the_clients(world: World) -> None:
    with pytest.raises(ValueError, match="practice"):
        alert_raise(
            practice=world.practice_b,
            client=world.client_a1,
            source_type="questionnaire_response",
            source_public_id=uuid.uuid4(),
            code="x",
            severity="urgent",
            summary="x",
        )


def test_alert_email_goes_to_the_care_team_on_commit_without_client_name(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        alert = _raise(world.client_a1)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.practitioner_a.email]
    assert message.subject == ALERT_SUBJECT
    assert f"/alerts/{alert.public_id}/" in message.body
    _assert_no_phi(message)


def test_alert_email_is_not_sent_when_the_source_transaction_rolls_back(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    def raise_then_fail() -> None:
        with transaction.atomic():
            _raise(world.client_a1)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        raise_then_fail()

    assert mail.outbox == []
    assert not Alert.objects.exists()


def test_alert_list_is_scoped_to_care_team_and_leads(world: World) -> None:
    mine = _raise(world.client_a1)
    _raise(world.client_a2)
    _raise(world.client_b1)

    assert [a.pk for a in alert_list(actor=world.practitioner_a)] == [mine.pk]
    assert len(alert_list(actor=world.lead_a)) == 2
    assert alert_list(actor=world.client_a1.user) == []
    assert alert_list(actor=world.operator) == []
    assert alert_open_count(actor=world.lead_b) == 1


def test_alert_get_outside_scope_is_not_found(world: World) -> None:
    alert = _raise(world.client_a1)

    for actor in (world.practitioner_a2, world.lead_b, world.client_a1.user, world.operator):
        with pytest.raises(NotFound):
            alert_get(actor=actor, public_id=alert.public_id)


def test_alert_acknowledge_then_resolve_records_who_and_when(world: World) -> None:
    alert = _raise(world.client_a1)

    with time_machine.travel(START, tick=False):
        alert = alert_acknowledge(actor=world.practitioner_a, alert=alert)
    alert = alert_resolve(actor=world.lead_a, alert=alert, note="Called; safety plan reviewed.")

    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert alert.acknowledged_by == world.practitioner_a
    assert alert.acknowledged_at == START
    assert alert.resolved_by == world.lead_a
    assert alert.resolution_note == "Called; safety plan reviewed."


def test_alert_acknowledge_twice_is_refused(world: World) -> None:
    alert = alert_acknowledge(actor=world.practitioner_a, alert=_raise(world.client_a1))

    with pytest.raises(AlertAlreadyHandled):
        alert_acknowledge(actor=world.practitioner_a, alert=alert)


def test_alert_resolve_needs_a_note(world: World) -> None:
    alert = _raise(world.client_a1)

    with pytest.raises(ResolutionNoteRequired):
        alert_resolve(actor=world.practitioner_a, alert=alert, note="   ")


def test_alert_resolve_twice_is_refused(world: World) -> None:
    alert = alert_resolve(actor=world.practitioner_a, alert=_raise(world.client_a1), note="ok")

    with pytest.raises(AlertAlreadyHandled):
        alert_resolve(actor=world.practitioner_a, alert=alert, note="again")


@pytest.mark.parametrize("persona", ["practitioner_a2", "lead_b", "practitioner_b", "operator"])
def test_alert_handling_rejects_the_wrong_actor(world: World, persona: str) -> None:
    alert = _raise(world.client_a1)
    actor = getattr(world, persona)

    with pytest.raises(PermissionDenied):
        alert_acknowledge(actor=actor, alert=alert)
    with pytest.raises(PermissionDenied):
        alert_resolve(actor=actor, alert=alert, note="not mine")


def test_alert_handling_rejects_the_client_themself(world: World) -> None:
    alert = _raise(world.client_a1)
    assert world.client_a1.user is not None

    with pytest.raises(PermissionDenied):
        alert_acknowledge(actor=world.client_a1.user, alert=alert)


def test_escalation_marks_overdue_open_alerts_and_emails_leads_without_phi(
    world: World, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with time_machine.travel(START, tick=False):
        overdue = _raise(world.client_a1)
        acknowledged = alert_acknowledge(actor=world.practitioner_a2, alert=_raise(world.client_a2))
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        recent = _raise(world.client_a1, code="other")
    now = START + dt.timedelta(minutes=31)

    with django_capture_on_commit_callbacks(execute=True):
        escalated = alerts_escalate_overdue(now=now)

    assert [a.pk for a in escalated] == [overdue.pk]
    overdue.refresh_from_db()
    recent.refresh_from_db()
    acknowledged.refresh_from_db()
    assert overdue.escalated_at == now
    assert recent.escalated_at is None
    assert acknowledged.escalated_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.lead_a.email]
    assert mail.outbox[0].subject == ESCALATION_SUBJECT
    _assert_no_phi(mail.outbox[0])


def test_escalation_happens_once_per_alert(world: World) -> None:
    with time_machine.travel(START, tick=False):
        _raise(world.client_a1)
    later = START + dt.timedelta(hours=1)

    first = alerts_escalate_overdue(now=later)
    second = alerts_escalate_overdue(now=later + dt.timedelta(hours=1))

    assert len(first) == 1
    assert second == []


def test_escalation_respects_the_practice_setting(world: World) -> None:
    world.practice_a.alert_escalation_minutes = 120
    world.practice_a.save()
    with time_machine.travel(START, tick=False):
        _raise(world.client_a1)

    assert alerts_escalate_overdue(now=START + dt.timedelta(hours=1)) == []
    assert len(alerts_escalate_overdue(now=START + dt.timedelta(hours=2))) == 1


def test_escalate_command_runs_one_pass(world: World) -> None:
    with time_machine.travel(START, tick=False):
        _raise(world.client_a1)
    out = io.StringIO()

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        call_command("alerts_escalate", stdout=out)

    assert out.getvalue().strip() == "escalated 1 alert(s)"
