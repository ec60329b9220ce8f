"""Client and care-team pages: the acceptance journey on the web, one-tap check-ins, DAP notes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from ketacare.audit.models import AuditEvent
from ketacare.integration.models import (
    CoachingSession,
    Commitment,
    CommitmentCheckIn,
    DailyCheckIn,
    FollowUp,
    Insight,
)
from ketacare.journal.models import Entry
from ketacare.treatments.session_record_services import in_session_note_add
from tests.conftest import World, signed_in
from tests.integration_app.helpers import commitment
from tests.treatments.helpers import user_of
from tests.treatments.session_helpers import dosing

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2030, 3, 20, 12, tzinfo=dt.UTC)


@time_machine.travel(NOON, tick=False)
def test_client_turns_an_insight_into_a_commitment_and_checks_in_for_weeks(
    world: World,
) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.post(
        "/integration/insights/new/", {"text": "I rush meals", "source_kind": "journal_entry"}
    )
    insight = Insight.objects.get()
    assert response["Location"] == f"/integration/commitments/new/?insight={insight.public_id}"
    response = http.post(
        "/integration/commitments/new/",
        {
            "insight": str(insight.public_id),
            "domain": "behaviour",
            "next_step": "Eat lunch away from the desk",
            "cadence": "daily",
            "start_on": "2030-03-20",
            "review_on": "2030-04-17",
        },
    )
    item = Commitment.objects.get()
    assert response["Location"] == f"/integration/commitments/{item.public_id}/"
    assert item.insight == insight
    for day in range(14):  # a fresh sign-in each day: idle sessions end (docs/security.md)
        with time_machine.travel(NOON + dt.timedelta(days=day), tick=False):
            outcome = "done" if day % 3 else "partly"
            daily = signed_in(user_of(world.client_a1))
            daily.post(f"/integration/commitments/{item.public_id}/", {"outcome": outcome})
            page = daily.get("/integration/").content.decode()

    assert CommitmentCheckIn.objects.count() == 14
    assert "You kept this 9 of 14 times in the last 4 weeks, and partly 5 times." in page


@time_machine.travel(NOON, tick=False)
def test_daily_check_in_is_one_tap_with_yesterdays_values_prefilled(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    item = commitment(world.client_a1)
    with time_machine.travel(NOON - dt.timedelta(days=1), tick=False):
        signed_in(user_of(world.client_a1)).post(
            "/integration/check-in/",
            {"mood": "7", "anxiety": "2", "sleep_quality": "8", "practices": [str(item.public_id)]},
        )

    form = http.get("/integration/check-in/").content.decode()
    response = http.post(
        "/integration/check-in/", {"mood": "7", "anxiety": "2", "sleep_quality": "8"}
    )

    assert re.search(r'value="7"[^>]*id="id_mood_7" checked', form)
    assert response.status_code == 302
    assert DailyCheckIn.objects.filter(client=world.client_a1).count() == 2
    assert AuditEvent.objects.filter(object_type="DailyCheckIn", action="create").count() == 2


def test_daily_check_in_keeps_what_was_typed_on_error(world: World) -> None:
    http = signed_in(user_of(world.client_a1))

    response = http.post(
        "/integration/check-in/", {"mood": "4", "anxiety": "12", "sleep_quality": "5", "note": "ok"}
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing you typed has been lost" in body
    assert 'value="ok"' in body
    assert not DailyCheckIn.objects.exists()


def test_client_home_shows_the_today_section_with_a_fallback_link(world: World) -> None:
    body = signed_in(user_of(world.client_a1)).get("/").content.decode()

    assert 'hx-get="/integration/card/"' in body
    assert 'href="/integration/check-in/"' in body


def test_card_invites_a_check_in_until_done_today(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    before = http.get("/integration/card/", HTTP_HX_REQUEST="true").content.decode()

    http.post("/integration/check-in/", {"mood": "6", "anxiety": "3", "sleep_quality": "7"})
    after = http.get("/integration/card/", HTTP_HX_REQUEST="true").content.decode()

    assert "Today: check in" in before
    assert "You checked in today" in after


def test_care_team_sees_the_trend_but_cannot_check_in_for_the_client(world: World) -> None:
    item = commitment(world.client_a1)
    http = signed_in(world.practitioner_a)

    page = http.get(f"/integration/clients/{world.client_a1.public_id}/")
    posted = http.post(f"/integration/commitments/{item.public_id}/", {"outcome": "done"})

    assert "Daily check-ins, last 4 weeks" in page.content.decode()
    assert posted.status_code == 403
    assert not CommitmentCheckIn.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_practitioner_signs_and_amends_a_dap_note_the_client_never_sees_it(
    world: World,
) -> None:
    item = commitment(world.client_a1)
    http = signed_in(world.practitioner_a)
    form = {
        "held_at": "2030-03-20T10:00",
        "kind": "integration_session",
        "dap_data": "Synthetic data",
        "assessment": "Synthetic assessment",
        "plan": "Synthetic plan",
        "commitments": [str(item.public_id)],
        "reviewed_plan": "on",
    }

    response = http.post(f"/integration/clients/{world.client_a1.public_id}/notes/new/", form)
    note = CoachingSession.objects.get()
    amended = http.post(
        f"/integration/notes/{note.public_id}/amend/", {**form, "plan": "Corrected plan"}
    )
    client_http = signed_in(user_of(world.client_a1))

    assert response["Location"] == f"/integration/notes/{note.public_id}/"
    assert amended.status_code == 302
    assert CoachingSession.objects.get(amends=note).plan == "Corrected plan"
    assert client_http.get(f"/integration/notes/{note.public_id}/").status_code == 404
    plan_page = client_http.get("/integration/").content.decode()
    assert "Integration session on 20 Mar 2030" in plan_page
    assert "Synthetic assessment" not in plan_page
    assert "Corrected plan" not in plan_page


def test_empty_dap_note_is_refused_and_keeps_the_form(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/integration/clients/{world.client_a1.public_id}/notes/new/",
        {"held_at": "2030-01-01T10:00", "kind": "coaching", "dap_data": " "},
    )

    assert response.status_code == 400
    assert "Write at least one of data, assessment or plan." in response.content.decode()


def test_an_insight_keeps_its_journal_source_and_links_back(world: World) -> None:
    http = signed_in(user_of(world.client_a1))
    entry = Entry.objects.create(
        practice=world.practice_a, client=world.client_a1, phase="preparation", body="Mine"
    )
    source = str(entry.public_id)

    form = http.get(f"/integration/insights/new/?source_kind=journal_entry&source={source}")
    http.post(
        "/integration/insights/new/",
        {"text": "Synthetic", "source_kind": "journal_entry", "source_public_id": source},
    )
    page = http.get("/integration/").content.decode()

    assert f'value="{source}"' in form.content.decode()
    assert str(Insight.objects.get().source_public_id) == source
    assert f'href="/journal/entries/{source}/"' in page


def test_an_insight_pointing_at_someone_elses_entry_is_refused_and_keeps_the_text(
    world: World,
) -> None:
    theirs = Entry.objects.create(
        practice=world.practice_a, client=world.client_a2, phase="preparation", body="Theirs"
    )
    http = signed_in(user_of(world.client_a1))

    response = http.post(
        "/integration/insights/new/",
        {
            "text": "Synthetic words I typed",
            "source_kind": "journal_entry",
            "source_public_id": str(theirs.public_id),
        },
    )

    assert response.status_code == 400
    assert "not found among your own" in response.content.decode()
    assert "Synthetic words I typed" in response.content.decode()
    assert not Insight.objects.exists()


def test_caseload_lists_due_follow_ups_of_visible_clients_only(world: World) -> None:
    for client in (world.client_a1, world.client_a2):
        FollowUp.objects.create(
            practice=client.practice,
            client=client,
            kind="journal_prompt",
            phase="24h",
            due_on=dt.date(2020, 1, 1),
            source_session_public_id=client.public_id,
            source_course_public_id=client.public_id,
        )

    body = signed_in(world.practitioner_a).get("/integration/caseload/").content.decode()

    assert "ZZ-SENTINEL-A1" in body
    assert "ZZ-SENTINEL-A2" not in body


def test_client_pauses_and_resumes_a_commitment_but_the_care_team_cannot(world: World) -> None:
    item = commitment(world.client_a1)
    path = f"/integration/commitments/{item.public_id}/status/"

    staff = signed_in(world.practitioner_a).post(path, {"status": "dropped"})
    signed_in(user_of(world.client_a1)).post(path, {"status": "paused"})
    paused = Commitment.objects.get().status
    signed_in(user_of(world.client_a1)).post(path, {"status": "active"})

    assert staff.status_code == 403
    assert (paused, Commitment.objects.get().status) == ("paused", "active")


def test_in_session_notes_feed_the_care_teams_integration_page(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    in_session_note_add(
        actor=world.practitioner_a, session=session, body="ZZ-SENTINEL-A1 named grief early on"
    )

    page = signed_in(world.practitioner_a).get(f"/integration/clients/{world.client_a1.public_id}/")
    other = signed_in(world.practitioner_a2).get(
        f"/integration/clients/{world.client_a1.public_id}/"
    )

    assert page.status_code == 200
    assert "ZZ-SENTINEL-A1 named grief early on" in page.content.decode()
    assert f"/treatments/sessions/{session.public_id}/" in page.content.decode()
    assert other.status_code == 404
    assert AuditEvent.objects.filter(
        action="list", extra__object_type="InSessionNote", actor=world.practitioner_a
    ).exists()
