"""Invitations: a lead invites; the signed, single-use, 72-hour link creates the account."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.utils import timezone

from ketacare.accounts.exceptions import INVITATION_INVALID
from ketacare.accounts.models import Invitation, Membership, Role, User
from ketacare.accounts.services import IssuedInvitation, invitation_create
from ketacare.audit.models import AuditAction, AuditEvent
from ketacare.clients.models import Client, ClientStatus
from ketacare.clients.services import client_create
from tests.conftest import World

NEW_EMAIL = "newcomer@a.example"
GOOD_PASSWORD = "lanterns over the quiet harbour"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _link(issued: IssuedInvitation) -> str:
    return f"/accounts/invitation/{issued.token}/"


def _accept(
    http: HttpClient, link: str, name: str = "Robin", password: str = GOOD_PASSWORD
) -> HttpClient:
    http.post(link, {"display_name": name, "password1": password, "password2": password})
    return http


def _invite(
    world: World, role: Role = Role.PRACTITIONER, email: str = NEW_EMAIL
) -> IssuedInvitation:
    return invitation_create(actor=world.lead_a, practice=world.practice_a, email=email, role=role)


def _assert_invalid_link_page(http: HttpClient, link: str) -> None:
    response = http.get(link)
    assert response.status_code == 404
    assert "accounts/invitation_invalid.html" in [t.name for t in response.templates]
    assert INVITATION_INVALID.encode() in response.content


def test_invitation_link_shows_the_acceptance_form(world: World) -> None:
    issued = _invite(world)

    response = HttpClient().get(_link(issued))

    assert response.status_code == 200
    assert "accounts/invitation_accept.html" in [t.name for t in response.templates]
    assert b"Welcome to Practice A" in response.content
    assert b'name="password1"' in response.content


def test_invitation_stores_only_a_hash_of_its_nonce_and_is_audited(world: World) -> None:
    with time_machine.travel(START, tick=False):
        issued = _invite(world)

    invitation = Invitation.objects.get(pk=issued.invitation.pk)

    nonce = signing.loads(issued.token, salt="ketacare.accounts.invitation")["n"]
    stored = [str(value) for value in Invitation.objects.values().get(pk=invitation.pk).values()]
    assert not [value for value in stored if nonce in value]
    assert invitation.nonce_hash == hashlib.sha256(nonce.encode()).hexdigest()
    assert invitation.expires_at == START + dt.timedelta(hours=72)
    sent = AuditEvent.objects.get(action=AuditAction.INVITATION_SENT)
    assert (sent.actor, sent.object_public_id) == (world.lead_a, invitation.public_id)


def test_accepting_creates_account_and_membership_signs_in_and_goes_home(world: World) -> None:
    issued = _invite(world)
    http = HttpClient()

    response = http.post(
        _link(issued),
        {"display_name": "Robin", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )

    user = User.objects.get(email=NEW_EMAIL)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert user.display_name == "Robin"
    assert user.check_password(GOOD_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.practice, membership.role) == (world.practice_a, Role.PRACTITIONER)
    assert http.session[SESSION_KEY] == str(user.pk)
    assert http.get("/").status_code == 200
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert invitation.accepted_user == user
    assert invitation.accepted_at is not None
    actions = list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert AuditAction.INVITATION_ACCEPTED in actions
    assert AuditAction.LOGIN in actions


def test_accepting_a_client_invitation_links_the_waiting_client_record(world: World) -> None:
    record = client_create(
        actor=world.lead_a,
        practice=world.practice_a,
        given_name="ZZ-SENTINEL-Invitee",
        family_name="Sentinel",
        status=ClientStatus.INVITED,
    )
    issued = _invite(world, role=Role.CLIENT)
    issued.invitation.client_public_id = record.public_id
    issued.invitation.save(update_fields=["client_public_id"])
    http = HttpClient()

    _accept(http, _link(issued))

    record.refresh_from_db()
    user = User.objects.get(email=NEW_EMAIL)
    assert record.user == user
    assert record.status == ClientStatus.PREPARING
    home = http.get("/")
    assert home.status_code == 200
    assert b"ZZ-SENTINEL-Invitee" in home.content


def test_accepting_a_client_invitation_without_a_record_links_nothing(world: World) -> None:
    issued = _invite(world, role=Role.CLIENT)
    unlinked_before = set(Client.objects.filter(user=None).values_list("pk", flat=True))

    _accept(HttpClient(), _link(issued))

    user = User.objects.get(email=NEW_EMAIL)
    assert not Client.objects.filter(user=user).exists()
    assert set(Client.objects.filter(user=None).values_list("pk", flat=True)) == unlinked_before


def test_invitation_link_works_only_once(world: World) -> None:
    issued = _invite(world)
    _accept(HttpClient(), _link(issued))
    second = HttpClient()

    response = second.post(
        _link(issued),
        {"display_name": "Mallory", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )

    assert response.status_code == 404
    assert INVITATION_INVALID.encode() in response.content
    assert SESSION_KEY not in second.session
    assert User.objects.get(email=NEW_EMAIL).display_name == "Robin"
    _assert_invalid_link_page(second, _link(issued))


@pytest.mark.parametrize(
    ("hours_later", "usable"),
    [(71.9, True), (72.1, False)],
    ids=["just-before-72h", "just-after-72h"],
)
def test_invitation_link_expires_after_72_hours(
    world: World, hours_later: float, usable: bool
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        issued = _invite(world)
        clock.shift(dt.timedelta(hours=hours_later))

        response = HttpClient().get(_link(issued))

    assert response.status_code == (200 if usable else 404)


def test_expired_invitation_cannot_be_accepted(world: World) -> None:
    with time_machine.travel(START, tick=False) as clock:
        issued = _invite(world)
        clock.shift(dt.timedelta(hours=73))

        http = _accept(HttpClient(), _link(issued))
        _assert_invalid_link_page(http, _link(issued))

    assert not User.objects.filter(email=NEW_EMAIL).exists()


@pytest.mark.parametrize("change", ["edit-payload", "edit-signature", "swap-payload", "garbage"])
def test_tampered_invitation_link_is_invalid(world: World, change: str) -> None:
    issued = _invite(world)
    other = _invite(world, email="someone.else@a.example")
    token = issued.token
    if change == "edit-payload":
        token = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    elif change == "edit-signature":
        token = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    elif change == "swap-payload":  # one invitation's payload with another's signature
        token = issued.token.split(":", 1)[0] + ":" + other.token.split(":", 1)[1]
    else:
        token = "not-a-signed-token"
    http = HttpClient()

    _accept(http, f"/accounts/invitation/{token}/")

    _assert_invalid_link_page(http, f"/accounts/invitation/{token}/")
    assert not User.objects.filter(email=NEW_EMAIL).exists()


def test_revoked_invitation_is_invalid(world: World) -> None:
    issued = _invite(world)
    Invitation.objects.filter(pk=issued.invitation.pk).update(revoked_at=timezone.now())

    http = HttpClient()

    _assert_invalid_link_page(http, _link(issued))


@pytest.mark.parametrize(
    ("password1", "password2", "field"),
    [
        ("short", "short", "password1"),
        ("qwerty123456", "qwerty123456", "password1"),
        (GOOD_PASSWORD, GOOD_PASSWORD + "!", "password2"),
    ],
    ids=["too-short", "common", "mismatch"],
)
def test_rejected_password_rerenders_the_form_keeping_the_display_name(
    world: World, password1: str, password2: str, field: str
) -> None:
    issued = _invite(world)
    http = HttpClient()

    response = http.post(
        _link(issued),
        {"display_name": "ZZ-Robin Typed", "password1": password1, "password2": password2},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert b'value="ZZ-Robin Typed"' in response.content
    assert b"Nothing you typed has been lost" in response.content
    assert not User.objects.filter(email=NEW_EMAIL).exists()
    assert SESSION_KEY not in http.session
    assert http.get(_link(issued)).status_code == 200  # the link is still usable


@pytest.mark.parametrize(
    ("actor", "practice"),
    [("practitioner_a", "practice_a"), ("client_a1", "practice_a"), ("lead_b", "practice_a")],
)
def test_only_a_lead_of_the_practice_can_invite(world: World, actor: str, practice: str) -> None:
    user = getattr(world, actor)
    actor_user = user.user if isinstance(user, Client) else user

    with pytest.raises(PermissionDenied):
        invitation_create(
            actor=actor_user,
            practice=getattr(world, practice),
            email=NEW_EMAIL,
            role=Role.PRACTITIONER,
        )

    assert not Invitation.objects.filter(email=NEW_EMAIL).exists()


@pytest.mark.security
def test_invitation_for_an_existing_account_does_not_sign_the_link_holder_into_it(
    world: World,
) -> None:
    issued = invitation_create(
        actor=world.lead_b, practice=world.practice_b, email=world.lead_a.email, role=Role.CLIENT
    )
    http = HttpClient()  # whoever holds the link: here the inviting lead of another practice

    _accept(http, _link(issued), name="Anyone", password="any long password at all")

    assert http.session.get(SESSION_KEY) != str(world.lead_a.pk)
    assert http.get(f"/clients/{world.client_a1.public_id}/").status_code != 200
