"""The caseload page, its home section and the client timeline, through HTTP."""

from __future__ import annotations

import pytest

from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from tests.caseload import helpers as h
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db


def test_the_caseload_page_shows_reasons_as_words_and_links_each_row(world: World) -> None:
    h.alert(world.client_a1, "urgent")
    h.follow_up(world.client_a1, h.TODAY)
    http = signed_in(world.practitioner_a)

    response = http.get("/caseload/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Urgent:</span> 1 urgent alert" in body
    assert "Low:</span> 1 follow-up due" in body
    assert f'href="/clients/{world.client_a1.public_id}/"' in body
    assert f'href="/caseload/clients/{world.client_a1.public_id}/timeline/"' in body
    assert "platform default" in body


def test_filter_chips_narrow_the_list(world: World) -> None:
    h.session(world.client_a2, world.practitioner_a2, h.days_ago(2), drug="esketamine")
    http = signed_in(world.lead_a)

    rems = http.get("/caseload/?show=rems").content.decode()
    relapse = http.get("/caseload/?show=relapse").content.decode()
    unknown = http.get("/caseload/?show=nonsense").content.decode()

    assert "ZZ-SENTINEL-A2" in rems
    assert "ZZ-SENTINEL-A1" not in rems
    assert 'aria-current="page">REMS due' in rems
    assert "No clients match this filter." in relapse
    assert "ZZ-SENTINEL-A1" in unknown
    assert "ZZ-SENTINEL-A2" in unknown


def test_a_large_caseload_is_paginated_attention_first(world: World) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 100, "Many")
    h.alert(made[-1], "urgent")
    http = signed_in(world.practitioner_a)

    first = http.get("/caseload/").content.decode()
    second = http.get("/caseload/?show=all&page=2").content.decode()

    assert "Many099 Synthetic" in first
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert second.count("<tr>") == 1 + 1  # the header row and the one row left


def test_the_home_section_lists_the_top_five_who_need_attention(world: World) -> None:
    made = h.bulk_clients(world.practitioner_a, world.client_a1, 7, "Top")
    for client in made:
        h.follow_up(client, h.TODAY)
    http = signed_in(world.practitioner_a)

    response = http.get("/caseload/top/", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert body.count("1 follow-up due") == 5
    assert "ZZ-SENTINEL-A1" not in body
    assert 'hx-get="/caseload/top/"' in http.get("/").content.decode()


def test_the_home_section_says_when_nobody_needs_attention(world: World) -> None:
    response = signed_in(world.lead_a).get("/caseload/top/")

    assert "Nobody needs attention right now." in response.content.decode()
    assert "<html" in response.content.decode()


def test_clients_may_not_open_the_caseload(world: World) -> None:
    assert world.client_a1.user is not None
    http = signed_in(world.client_a1.user)

    assert http.get("/caseload/").status_code == 403
    assert http.get("/caseload/top/").status_code == 403


def test_the_timeline_shows_shared_journal_entries_only(world: World) -> None:
    shared = h.journal_entry(world.client_a1, shared=True)
    private = h.journal_entry(world.client_a1, shared=False)
    http = signed_in(world.practitioner_a)

    body = http.get(f"/caseload/clients/{world.client_a1.public_id}/timeline/").content.decode()

    assert f"/journal/entries/{shared.public_id}/" in body
    assert str(private.public_id) not in body
    assert body.count("Journal entry shared") == 1
    assert "A synthetic entry" not in body


def test_the_timeline_puts_everything_in_order_newest_first(world: World) -> None:
    by = world.practitioner_a
    h.phq9(world.client_a1, by, {h.days_ago(30): 20, h.days_ago(3): 8})
    h.session(world.client_a1, by, h.days_ago(20))
    h.check_in(world.client_a1, h.days_ago(10))
    h.follow_up(world.client_a1, h.days_ago(1))
    h.alert(world.client_a1, "review")
    http = signed_in(by)

    body = http.get(f"/caseload/clients/{world.client_a1.public_id}/timeline/").content.decode()

    titles = ["Review alert: Synthetic alert", "Follow-up: journal prompt (1w)", "PHQ-9 8",
              "Daily check-in", "Dosing session 1", "PHQ-9 20", "Course: "]  # fmt: skip
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)


def test_the_timeline_read_is_audited_once(world: World) -> None:
    h.follow_up(world.client_a1, h.TODAY)
    before = AuditEvent.objects.count()

    signed_in(world.lead_a).get(f"/caseload/clients/{world.client_a1.public_id}/timeline/")

    (event,) = AuditEvent.objects.filter(seq__gt=before, action="view")
    assert event.subject_client_public_id == world.client_a1.public_id
    assert event.extra == {"object_type": "ClientTimeline", "counts": {"follow-up": 1}}


def test_the_timeline_is_not_for_clients_nor_other_care_teams(world: World) -> None:
    path = f"/caseload/clients/{world.client_a1.public_id}/timeline/"
    assert world.client_a1.user is not None

    assert signed_in(world.client_a1.user).get(path).status_code == 404
    assert signed_in(world.practitioner_a2).get(path).status_code == 404
    assert signed_in(world.lead_b).get(path).status_code == 404


def test_the_client_record_links_to_the_timeline(world: World) -> None:
    body = signed_in(world.practitioner_a).get(f"/clients/{world.client_a1.public_id}/")

    assert f"/caseload/clients/{world.client_a1.public_id}/timeline/" in body.content.decode()


def test_stored_row_markup_escapes_what_people_typed(world: World) -> None:
    Client.objects.filter(pk=world.client_a1.pk).update(
        preferred_name='<img src=x onerror="alert(1)">'
    )
    h.follow_up(world.client_a1, h.TODAY)

    body = signed_in(world.practitioner_a).get("/caseload/").content.decode()

    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
