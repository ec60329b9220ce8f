"""Helpers for journal tests: a client's entry, and a session the client has checked in for."""

from __future__ import annotations

from django.utils import timezone

from ketacare.clients.models import Client
from ketacare.journal.models import Entry
from ketacare.journal.services import EntryContent, entry_create
from ketacare.treatments.models import DosingSession, SessionStatus
from tests.conftest import World
from tests.treatments.helpers import planned, user_of

SECRET = "ZZ-PLAINTEXT-journal: the lake was very still today"


def entry_of(client: Client, body: str = SECRET, *, shared: bool = False) -> Entry:
    return entry_create(
        actor=user_of(client),
        client=client,
        content=EntryContent(body=body, themes="stillness, lake"),
        shared_with_care_team=shared,
    )


def checked_in_session(world: World) -> DosingSession:
    """Session 1 of client_a1's course, marked checked in now (check-in is tested apart)."""
    session = planned(world.client_a1, world.practitioner_a).sessions.get(number=1)
    DosingSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.CHECKED_IN, checked_in_at=timezone.now()
    )
    session.refresh_from_db()
    return session
