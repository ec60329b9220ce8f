"""A lead opens a client record and invites the client, who then signs up and sees their arc."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client, ClientStatus
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db(transaction=True)  # the e-mail is sent on commit

NEW_CLIENT = {
    "given_name": "ZZ-SENTINEL-NEW",
    "family_name": "Sentinel",
    "email": "new.client@a.example",
    "date_of_birth": "",
}


def test_lead_opens_a_record_and_the_invitation_email_carries_no_phi(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/clients/new/", {**NEW_CLIENT, "practitioner": str(world.practitioner_a.public_id)}
    )

    client = Client.objects.get(given_name="ZZ-SENTINEL-NEW")
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client.public_id}/"
    assert client.status == ClientStatus.INVITED
    assert client.practice == world.practice_a
    assert [m.practitioner for m in client.care_team_members.all()] == [world.practitioner_a]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.client@a.example"]
    assert "ZZ-SENTINEL" not in f"{message.body} {message.subject}"
    assert "/accounts/invitation/" in message.body
    assert AuditEvent.objects.filter(action="invitation_sent").exists()


def test_invited_client_accepts_and_lands_on_their_own_arc(world: World) -> None:
    signed_in(world.lead_a).post(
        "/clients/new/", {**NEW_CLIENT, "practitioner": str(world.practitioner_a.public_id)}
    )
    match = re.search(r"(/accounts/invitation/[^/\s]+/)", str(mail.outbox[0].body))
    assert match is not None
    invitee = signed_in(None)

    accepted = invitee.post(
        match.group(1),
        {
            "display_name": "New",
            "password1": "a-long-synthetic-passphrase-2",
            "password2": "a-long-synthetic-passphrase-2",
        },
    )
    home = invitee.get("/")

    client = Client.objects.get(given_name="ZZ-SENTINEL-NEW")
    assert accepted.status_code == 302
    assert client.user is not None
    assert client.user.email == "new.client@a.example"
    assert client.status == ClientStatus.PREPARING
    assert b"Hello, ZZ-SENTINEL-NEW" in home.content
    assert b"ZZ-SENTINEL-A1" not in home.content


def test_invalid_client_form_keeps_what_was_typed(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/clients/new/",
        {
            **NEW_CLIENT,
            "email": "not-an-email",
            "practitioner": str(world.practitioner_a.public_id),
        },
    )

    assert response.status_code == 200
    assert b'value="ZZ-SENTINEL-NEW"' in response.content
    assert b'value="not-an-email"' in response.content
    assert not Client.objects.filter(given_name="ZZ-SENTINEL-NEW").exists()
    assert mail.outbox == []


def test_practitioner_of_another_practice_cannot_be_primary(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/clients/new/", {**NEW_CLIENT, "practitioner": str(world.practitioner_b.public_id)}
    )

    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not Client.objects.filter(given_name="ZZ-SENTINEL-NEW").exists()


def test_lead_invites_a_practitioner_from_the_people_page(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/accounts/practice/members/", {"email": "new.staff@a.example", "role": "practitioner"}
    )
    page = http.get("/accounts/practice/members/")

    assert response.status_code == 302
    assert mail.outbox[0].to == ["new.staff@a.example"]
    assert b"practitioner@a.example" in page.content
    assert b"client1@a.example" not in page.content  # clients are not listed here
