"""Intentions for the course and each session: history kept on edit, visible to the care team."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ketacare.accounts.models import User
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.preparation.consent_exceptions import (
    INTENTION_EMPTY,
    LABEL_REQUIRED,
    SUPERSEDES_NOT_LATEST,
    IntentionInvalid,
)
from ketacare.preparation.consent_selectors import intention_history, intention_list
from ketacare.preparation.consent_services import intention_write
from ketacare.preparation.exceptions import RecordImmutable
from ketacare.preparation.models import Intention
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _write(world: World, body: str = "Be curious", **kwargs: object) -> Intention:
    return intention_write(
        actor=_user(world.client_a1),
        client=world.client_a1,
        scope=str(kwargs.pop("scope", "course")),
        body=body,
        **kwargs,  # type: ignore[arg-type]
    )


def test_client_writes_a_course_and_a_session_intention(world: World) -> None:
    course = _write(world)
    session = _write(world, "Stay with the music", scope="session", session_label=" Session  2 ")

    assert (course.scope, course.session_label) == ("course", "")
    assert (session.scope, session.session_label) == ("session", "Session 2")
    assert Intention.objects.get(pk=session.pk).body == "Stay with the music"
    assert AuditEvent.objects.filter(action="create", object_public_id=course.public_id).exists()


def test_a_session_intention_needs_a_label_and_any_intention_needs_words(world: World) -> None:
    with pytest.raises(IntentionInvalid, match=re.escape(LABEL_REQUIRED)):
        _write(world, scope="session")
    with pytest.raises(IntentionInvalid, match=re.escape(INTENTION_EMPTY)):
        _write(world, "   ")


def test_the_database_refuses_a_session_intention_without_a_label(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Intention.objects.create(
            practice=world.practice_a, client=world.client_a1, scope="session", body="x"
        )


def test_editing_keeps_the_earlier_wording_as_history(world: World) -> None:
    first = _write(world, "First")
    second = _write(world, "Second", supersedes=first)
    third = _write(world, "Third", supersedes=second)

    current = intention_list(actor=world.practitioner_a, client=world.client_a1)
    history = intention_history(actor=_user(world.client_a1), intention=third)

    assert current == [third]
    assert [i.body for i in history] == ["Second", "First"]
    assert AuditEvent.objects.filter(action="amend", object_public_id=third.public_id).exists()


def test_only_the_latest_wording_can_be_edited(world: World) -> None:
    first = _write(world, "First")
    _write(world, "Second", supersedes=first)

    with pytest.raises(IntentionInvalid, match=re.escape(SUPERSEDES_NOT_LATEST)):
        _write(world, "Fork", supersedes=first)


def test_a_stored_intention_never_changes(world: World) -> None:
    intention = _write(world)
    intention.body = "changed"

    with pytest.raises(RecordImmutable):
        intention.save()
    with pytest.raises(RecordImmutable):
        intention.delete()


def test_only_the_client_writes_their_intentions(world: World) -> None:
    for actor in (world.practitioner_a, world.lead_a, _user(world.client_a2)):
        with pytest.raises(PermissionDenied):
            intention_write(actor=actor, client=world.client_a1, scope="course", body="x")


def test_the_client_and_their_care_team_see_intentions_and_no_one_else(world: World) -> None:
    intention = _write(world)

    for actor in (_user(world.client_a1), world.practitioner_a, world.lead_a):
        assert intention_list(actor=actor, client=world.client_a1) == [intention]
    for actor in (_user(world.client_a2), world.practitioner_a2, world.lead_b):
        with pytest.raises(NotFound):
            intention_list(actor=actor, client=world.client_a1)


def test_client_writes_and_edits_on_the_page(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    refused = http.post("/preparation/intentions/", {"scope": "session", "body": "Kept text"})
    saved = http.post(
        "/preparation/intentions/",
        {"scope": "session", "session_label": "Session 1", "body": "Kept text"},
    )
    intention = Intention.objects.get(client=world.client_a1)
    edited = http.post(
        f"/preparation/intentions/{intention.public_id}/edit/", {"body": "Better words"}
    )

    assert refused.status_code == 400
    assert "Kept text" in refused.content.decode()
    assert saved.status_code == edited.status_code == 302
    page = http.get("/preparation/intentions/").content.decode()
    assert "Better words" in page
    assert "(edited)" in page


def test_the_care_team_sees_intentions_on_the_client_record(world: World) -> None:
    _write(world, "Meet the fear kindly")
    http = signed_in(world.practitioner_a)

    section = http.get(
        f"/preparation/intentions/clients/{world.client_a1.public_id}/",
        headers={"HX-Request": "true"},
    )

    assert "Meet the fear kindly" in section.content.decode()
