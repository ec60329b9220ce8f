"""A lead sets the practice's crisis resources and alert escalation time (platform defaults)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from typer.testing import CliRunner

from ketacare.accounts.services import practice_settings_update
from ketacare.alerts.models import Alert, AlertSeverity
from ketacare.alerts.services import alert_raise
from ketacare.audit.models import AuditEvent
from ketacare.cli import app
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def test_defaults_are_the_platform_policy(world: World) -> None:
    assert world.practice_a.alert_escalation_minutes == 30
    assert "988" in world.practice_a.crisis_resources


def test_lead_changes_settings_and_the_change_is_audited_by_field_name(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/accounts/practice/settings/",
        {
            "crisis_resources": "Call the clinic line 555-0100 or 112.",
            "alert_escalation_minutes": 15,
        },
    )

    world.practice_a.refresh_from_db()
    assert response.status_code == 302
    assert world.practice_a.alert_escalation_minutes == 15
    assert world.practice_a.crisis_resources == "Call the clinic line 555-0100 or 112."
    event = AuditEvent.objects.filter(action="update", object_type="Practice").latest("seq")
    assert event.extra == {"fields": ["crisis_resources", "alert_escalation_minutes"]}


def test_out_of_range_minutes_keep_what_was_typed(world: World) -> None:
    response = signed_in(world.lead_a).post(
        "/accounts/practice/settings/",
        {"crisis_resources": "Typed text stays", "alert_escalation_minutes": 2},
    )

    world.practice_a.refresh_from_db()
    assert response.status_code == 200
    assert b"Typed text stays" in response.content
    assert b"greater than or equal to 5" in response.content
    assert world.practice_a.alert_escalation_minutes == 30


def test_only_the_practices_own_lead_may_change_it(world: World) -> None:
    with pytest.raises(PermissionDenied):
        practice_settings_update(
            actor=world.lead_b,
            practice=world.practice_a,
            crisis_resources="x",
            alert_escalation_minutes=10,
        )


def test_cli_escalate_uses_each_practices_limit(world: World) -> None:
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        alert = alert_raise(
            practice=world.practice_a,
            client=world.client_a1,
            source_type="test",
            source_public_id=world.client_a1.public_id,
            code="test_flag",
            severity=AlertSeverity.URGENT,
            summary="test",
        )
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        early = CliRunner().invoke(app, ["alerts", "escalate"])
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        late = CliRunner().invoke(app, ["alerts", "escalate"])

    assert "escalated 0 alert(s)" in early.output
    assert "escalated 1 alert(s)" in late.output
    assert Alert.objects.get(pk=alert.pk).escalated_at is not None
