"""Journal pages: writing, autosave, sharing, reflection, prompts, and a clear key error."""

from __future__ import annotations

import base64

import pytest
from django.test import override_settings

from ketacare.audit.models import AuditEvent
from ketacare.journal.models import Entry, EntryDraft, Prompt
from tests.conftest import World, signed_in
from tests.journal.helpers import SECRET, checked_in_session, entry_of
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db

OTHER_KEY = "other:" + base64.b64encode(bytes([9]) * 32).decode("ascii")


def test_client_writes_an_entry_with_a_prompt_of_their_phase(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    page = http.get("/journal/new/")
    prompt = Prompt.objects.get(code="prep-hope")

    response = http.post(
        "/journal/new/",
        {"body": "ZZ-written", "prompt": str(prompt.public_id), "phase": "preparation"},
    )

    assert page.status_code == 200
    assert prompt.text in page.content.decode()
    entry = Entry.objects.get(client=world.client_a1)
    assert response.status_code == 302
    assert response["Location"] == f"/journal/entries/{entry.public_id}/?saved=new"
    assert (entry.body, entry.prompt, entry.shared_with_care_team) == ("ZZ-written", prompt, False)


def test_form_keeps_what_was_typed_on_error(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.post("/journal/new/", {"body": "ZZ-kept", "phase": "nonsense"})

    assert response.status_code == 200
    assert "ZZ-kept" in response.content.decode()
    assert "form-errors" in response.content.decode()


def test_htmx_autosave_stores_the_draft_and_the_page_restores_it(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.post(
        "/journal/drafts/new/", {"field": "body", "body": "ZZ-typing"}, HTTP_HX_REQUEST="true"
    )
    page = http.get("/journal/new/")

    assert response.status_code == 200
    assert "Draft saved" in response.content.decode()
    assert EntryDraft.objects.get(client=world.client_a1, slot="new").body == "ZZ-typing"
    assert "ZZ-typing" in page.content.decode()
    assert 'data-autosave-slot="new"' in page.content.decode()
    assert "journal/autosave.js" in page.content.decode()


def test_autosave_after_sign_out_answers_hx_redirect_and_stores_nothing(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    http.post("/accounts/logout/")

    response = http.post("/journal/drafts/new/", {"body": "ZZ-late"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/")
    assert not EntryDraft.objects.exists()


def test_staff_cannot_autosave_into_a_clients_journal(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.post("/journal/drafts/new/", {"body": "x"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 404


def test_client_edits_and_the_history_shows_the_earlier_version(world: World) -> None:
    entry = entry_of(world.client_a1)
    http = signed_in(user_of(world.client_a1))

    http.post(f"/journal/entries/{entry.public_id}/edit/", {"body": "ZZ-edited", "themes": ""})
    page = http.get(f"/journal/entries/{entry.public_id}/").content.decode()

    assert "ZZ-edited" in page
    assert "Version 1" in page
    assert SECRET in page


def test_sharing_toggle_controls_what_the_care_team_reads_and_reads_are_audited(
    world: World,
) -> None:
    entry = entry_of(world.client_a1)
    client_http = signed_in(user_of(world.client_a1))
    staff_http = signed_in(world.practitioner_a)
    url = f"/journal/entries/{entry.public_id}/"
    assert staff_http.get(url).status_code == 404

    client_http.post(f"{url}share/", {"shared": "1"})
    before = AuditEvent.objects.count()
    shared_page = staff_http.get(url)
    listing = staff_http.get("/journal/").content.decode()
    client_http.post(f"{url}share/", {"shared": "0"})

    assert shared_page.status_code == 200
    assert SECRET in shared_page.content.decode()
    assert SECRET[:40] in listing
    views = AuditEvent.objects.filter(seq__gt=before, action="view", object_type="Entry")
    assert views.filter(actor_id=world.practitioner_a.pk).count() == 1
    assert staff_http.get(url).status_code == 404
    assert staff_http.post(f"{url}share/", {"shared": "1"}).status_code == 404


def test_reflection_from_a_checked_in_session_becomes_a_session_day_entry(world: World) -> None:
    session = checked_in_session(world)
    http = signed_in(user_of(world.client_a1))
    prompts = Prompt.objects.filter(for_reflection=True)
    url = f"/journal/reflect/{session.public_id}/"
    index = http.get("/journal/").content.decode()

    page = http.get(url, HTTP_USER_AGENT="Mobile")
    response = http.post(
        url, {prompts[0].code: "ZZ-fresh reflection", "shared_with_care_team": "on"}
    )

    assert url in index
    assert page.status_code == 200
    assert all(p.text in page.content.decode() for p in prompts)
    entry = Entry.objects.get(dosing_session=session)
    assert response.status_code == 302
    assert entry.phase == "session_day"
    assert "ZZ-fresh reflection" in entry.body
    assert entry.shared_with_care_team
    assert http.get(url)["Location"] == f"/journal/entries/{entry.public_id}/"


def test_reflection_needs_at_least_one_answer_and_a_started_session(world: World) -> None:
    session = checked_in_session(world)
    http = signed_in(user_of(world.client_a1))
    empty = http.post(f"/journal/reflect/{session.public_id}/", {})
    later = session.course.sessions.get(number=2)

    assert empty.status_code == 200
    assert "Write at least one answer" in empty.content.decode()
    assert http.get(f"/journal/reflect/{later.public_id}/").status_code == 404
    assert (
        signed_in(world.practitioner_a).get(f"/journal/reflect/{session.public_id}/").status_code
        == 404
    )


def test_missing_key_shows_a_clear_message_not_garbage(world: World) -> None:
    entry = entry_of(world.client_a1)
    http = signed_in(user_of(world.client_a1))

    with override_settings(FIELD_ENCRYPTION_KEYS=[OTHER_KEY]):
        page = http.get(f"/journal/entries/{entry.public_id}/")
        listing = http.get("/journal/")

    assert page.status_code == listing.status_code == 503
    assert "cannot be opened" in page.content.decode()
    assert "v1:" not in page.content.decode()


def test_staff_add_and_retire_practice_prompts(world: World) -> None:
    http = signed_in(world.practitioner_a)

    http.post("/journal/prompts/", {"text": "ZZ our prompt", "phase": "1m", "domain": "body"})
    prompt = Prompt.objects.get(practice=world.practice_a)
    foreign = signed_in(world.lead_b).post(f"/journal/prompts/{prompt.public_id}/retire/")
    http.post(f"/journal/prompts/{prompt.public_id}/retire/")

    assert foreign.status_code == 404
    prompt.refresh_from_db()
    assert prompt.retired_at is not None
    assert signed_in(user_of(world.client_a1)).get("/journal/prompts/").status_code == 403


def test_client_home_links_to_the_journal(world: World) -> None:
    page = signed_in(user_of(world.client_a1)).get("/").content.decode()

    assert 'href="/journal/"' in page
