"""The lead's integration settings page: defaults and sources shown, input kept, audited."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from ketacare.audit.models import AuditEvent
from ketacare.integration.exceptions import UNKNOWN_INSTRUMENT, IntegrationInvalid
from ketacare.integration.models import IntegrationSettings
from ketacare.integration.services import (
    IntegrationPolicy,
    integration_settings_for,
    integration_settings_update,
)
from tests.conftest import World, signed_in
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db
VALID = {
    "low_mood_threshold": "4",
    "low_mood_days": "2",
    "baseline_drop_points": "3",
    "missed_check_in_days": "5",
    "follow_up_instruments": ["PHQ-9", "WHO-5"],
}


def test_the_page_shows_each_default_with_its_source(world: World) -> None:
    response = signed_in(world.lead_a).get("/integration/settings/")

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Default 3 (platform policy [P])") == 4
    assert "Default PHQ-9, GAD-7 (platform policy [P])" in body
    assert "Issue #6 item 4" in body
    assert re.search(r'value="GAD-7"[^>]*checked', body)
    assert not re.search(r'value="WHO-5"[^>]*checked', body)


def test_a_lead_saves_the_settings_and_the_change_is_audited_by_name(world: World) -> None:
    response = signed_in(world.lead_a).post("/integration/settings/", VALID)

    assert response.status_code == 302
    settings = IntegrationSettings.objects.get(practice=world.practice_a)
    assert (settings.low_mood_threshold, settings.low_mood_days) == (4, 2)
    assert settings.missed_check_in_days == 5
    assert settings.follow_up_instruments == ["PHQ-9", "WHO-5"]
    event = AuditEvent.objects.get(object_public_id=settings.public_id, action="update")
    assert sorted(event.extra["changed"]) == [
        "follow_up_instruments",
        "low_mood_days",
        "low_mood_threshold",
        "missed_check_in_days",
    ]
    # Practice B keeps its defaults.
    assert integration_settings_for(world.practice_b).low_mood_threshold == 3


def test_the_form_keeps_what_was_typed_on_error(world: World) -> None:
    data = {**VALID, "low_mood_days": "30", "follow_up_instruments": []}

    response = signed_in(world.lead_a).post("/integration/settings/", data)

    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="30"' in body
    assert 'value="4"' in body
    assert "Choose at least one questionnaire." in body
    assert not AuditEvent.objects.filter(object_type="IntegrationSettings").exists()


@pytest.mark.parametrize("persona", ["practitioner_a", "client_a1", "operator"])
def test_only_a_lead_may_open_the_page(world: World, persona: str) -> None:
    actor = getattr(world, persona)
    user = user_of(actor) if persona.startswith("client") else actor

    assert signed_in(user).get("/integration/settings/").status_code == 403


def test_the_service_refuses_another_practice_and_bad_values(world: World) -> None:
    good = IntegrationPolicy(3, 3, 3, ("PHQ-9",))
    with pytest.raises(PermissionDenied):
        integration_settings_update(actor=world.lead_b, practice=world.practice_a, values=good)
    with pytest.raises(PermissionDenied):
        integration_settings_update(
            actor=world.practitioner_a, practice=world.practice_a, values=good
        )
    with pytest.raises(IntegrationInvalid, match=UNKNOWN_INSTRUMENT):
        integration_settings_update(
            actor=world.lead_a,
            practice=world.practice_a,
            values=IntegrationPolicy(3, 3, 3, ("NOT-A-CODE",)),
        )
    with pytest.raises(IntegrationInvalid) as caught:
        integration_settings_update(
            actor=world.lead_a, practice=world.practice_a, values=IntegrationPolicy(11, 3, 3, ())
        )
    assert caught.value.field == "low_mood_threshold"


def test_the_lead_home_links_to_the_page_and_a_practitioner_home_does_not(world: World) -> None:
    assert "/integration/settings/" in signed_in(world.lead_a).get("/").content.decode()
    assert "/integration/settings/" not in signed_in(world.practitioner_a).get("/").content.decode()
