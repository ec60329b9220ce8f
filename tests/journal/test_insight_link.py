"""The entry page's "Turn this into an insight" link keeps the entry as the insight's source."""

from __future__ import annotations

import html

import pytest

from ketacare.integration.models import Insight
from ketacare.journal.models import Prompt
from ketacare.journal.services import reflection_write
from tests.conftest import World, signed_in
from tests.journal.helpers import checked_in_session, entry_of
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db
LINK_TEXT = "Turn this into an insight"


def _link(body: str) -> str:
    start = body.index("/integration/insights/new/?")
    return html.unescape(body[start : body.index('"', start)])


def test_the_author_follows_the_link_and_the_insight_keeps_the_entry(world: World) -> None:
    entry = entry_of(world.client_a1)
    http = signed_in(user_of(world.client_a1))

    link = _link(http.get(f"/journal/entries/{entry.public_id}/").content.decode())
    assert link == (
        f"/integration/insights/new/?source_kind=journal_entry&source={entry.public_id}"
    )
    form = http.get(link).content.decode()
    assert f'value="{entry.public_id}"' in form
    response = http.post(
        link,
        {
            "text": "I notice stillness",
            "source_kind": "journal_entry",
            "source_public_id": str(entry.public_id),
        },
    )

    assert response.status_code == 302
    insight = Insight.objects.get()
    assert (insight.source_kind, insight.source_public_id) == ("journal_entry", entry.public_id)
    plan = http.get("/integration/").content.decode()
    assert f"/journal/entries/{entry.public_id}/" in plan


def test_a_reflection_links_as_a_session_reflection(world: World) -> None:
    session = checked_in_session(world)
    prompt = Prompt.objects.filter(for_reflection=True).first()
    assert prompt is not None
    entry = reflection_write(
        actor=user_of(world.client_a1), session=session, answers=[(prompt, "Calm")], shared=False
    )

    body = signed_in(user_of(world.client_a1)).get(f"/journal/entries/{entry.public_id}/")

    assert "source_kind=session_reflection" in _link(body.content.decode())


def test_the_care_team_reading_a_shared_entry_sees_no_link(world: World) -> None:
    entry = entry_of(world.client_a1, shared=True)

    body = signed_in(world.practitioner_a).get(f"/journal/entries/{entry.public_id}/")

    assert body.status_code == 200
    assert LINK_TEXT not in body.content.decode()
