"""Sessions (C8–C11): key rotation, idle and absolute timeouts, logout and deactivation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient

from ketacare.accounts.models import ApiToken, User
from ketacare.accounts.services import api_token_create, user_deactivate
from ketacare.audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD, World, persona_user, signed_in

pytestmark = pytest.mark.security

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
EXPIRED_URL = "/accounts/login/?expired=1"
BACKGROUND = {"HTTP_X_KETACARE_BACKGROUND": "1"}
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Time frozen at START; tests move it with ``clock.shift``."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _session_key(http: HttpClient) -> str:
    return http.cookies[settings.SESSION_COOKIE_NAME].value


def _session_row_exists(key: str) -> bool:
    return Session.objects.filter(session_key=key).exists()


def _sessions_of(user: User) -> list[Session]:
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def _actions_of(user: User) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))


def test_session_key_changes_at_login_and_the_old_key_stays_anonymous(world: World) -> None:
    http = HttpClient()
    anonymous = http.session
    anonymous["probe"] = "set before sign-in"
    anonymous.save()
    before = _session_key(http)

    response = http.post(
        "/accounts/login/", {"username": world.practitioner_a.email, "password": PASSWORD}
    )

    after = _session_key(http)
    assert response.status_code == 302
    assert after != before
    assert not _session_row_exists(before)
    fixated = HttpClient()
    fixated.cookies[settings.SESSION_COOKIE_NAME] = before
    assert fixated.get("/").status_code == 302


def test_login_writes_a_login_audit_event_tied_to_the_request(world: World) -> None:
    http = HttpClient()

    response = http.post(
        "/accounts/login/", {"username": world.practitioner_a.email, "password": PASSWORD}
    )

    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == world.practitioner_a
    assert event.channel == "web"
    assert event.request_id == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("persona", "idle_minutes", "still_signed_in"),
    [
        ("practitioner_a", 14, True),
        ("practitioner_a", 16, False),
        ("lead_a", 16, False),
        ("operator", 16, False),
        ("client_a1", 16, True),
        ("client_a1", 29, True),
        ("client_a1", 31, False),
    ],
)
def test_idle_session_expires_after_15_minutes_for_staff_and_30_for_clients(
    world: World,
    clock: time_machine.Traveller,
    persona: str,
    idle_minutes: int,
    still_signed_in: bool,
) -> None:
    user = persona_user(world, persona)
    assert user is not None
    http = signed_in(user)
    key = _session_key(http)
    clock.shift(dt.timedelta(minutes=idle_minutes))

    response = http.get("/")

    if still_signed_in:
        assert response.status_code == 200
        assert _session_row_exists(key)
        assert AuditAction.SESSION_EXPIRED not in _actions_of(user)
    else:
        assert response.status_code == 302
        assert response["Location"] == EXPIRED_URL
        assert not _session_row_exists(key)
        assert _actions_of(user)[-2:] == [AuditAction.SESSION_EXPIRED, AuditAction.LOGOUT]


def test_expired_session_cannot_be_revived_by_replaying_its_cookie(
    world: World, clock: time_machine.Traveller
) -> None:
    http = signed_in(world.practitioner_a)
    key = _session_key(http)
    clock.shift(dt.timedelta(minutes=16))
    http.get("/")
    replay = HttpClient()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key

    response = replay.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_ends_after_12_hours_even_when_active_every_10_minutes(
    world: World, clock: time_machine.Traveller
) -> None:
    http = signed_in(world.practitioner_a)
    key = _session_key(http)
    for _ in range(71):  # up to 11 h 50 min, never idle for more than 10 minutes
        clock.shift(dt.timedelta(minutes=10))
        assert http.get("/healthz").status_code == 200
    at_11h50 = http.get("/")
    clock.shift(dt.timedelta(minutes=11))

    response = http.get("/")

    assert at_11h50.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == EXPIRED_URL
    assert not _session_row_exists(key)


@pytest.mark.parametrize(
    ("headers", "still_signed_in"),
    [(BACKGROUND, False), ({}, True)],
    ids=["background-poll", "user-request"],
)
def test_background_requests_do_not_extend_idle_time(
    world: World,
    clock: time_machine.Traveller,
    headers: dict[str, str],
    still_signed_in: bool,
) -> None:
    http = signed_in(world.practitioner_a)
    clock.shift(dt.timedelta(minutes=10))
    assert http.get("/", **headers).status_code == 200  # type: ignore[arg-type]
    clock.shift(dt.timedelta(minutes=6))

    response = http.get("/")

    assert (response.status_code == 200) is still_signed_in


def test_htmx_polling_every_minute_still_expires_with_an_hx_redirect(
    world: World, clock: time_machine.Traveller
) -> None:
    http = signed_in(world.practitioner_a)
    polls = []
    for _ in range(16):
        clock.shift(dt.timedelta(minutes=1))
        polls.append(http.get("/clients/", **BACKGROUND, **HTMX))  # type: ignore[arg-type]

    assert [p.status_code for p in polls[:15]] == [200] * 15
    assert polls[-1].status_code == 204
    assert polls[-1]["HX-Redirect"] == EXPIRED_URL


def test_htmx_request_on_an_expired_session_gets_hx_redirect_not_a_page(
    world: World, clock: time_machine.Traveller
) -> None:
    http = signed_in(world.lead_a)
    clock.shift(dt.timedelta(minutes=16))

    response = http.get("/clients/", **HTMX)  # type: ignore[arg-type]

    assert response.status_code == 204
    assert response["HX-Redirect"] == EXPIRED_URL
    assert response.content == b""


def test_htmx_request_without_a_session_gets_hx_redirect_to_login(db: None) -> None:
    response = HttpClient().get("/clients/", **HTMX)  # type: ignore[arg-type]

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/"


def test_api_request_on_an_expired_session_gets_401_json(
    world: World, clock: time_machine.Traveller
) -> None:
    http = signed_in(world.practitioner_a)
    clock.shift(dt.timedelta(minutes=16))

    response = http.get("/api/v1/me")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Your session expired.", "code": "session_expired"}
    assert AuditAction.SESSION_EXPIRED in _actions_of(world.practitioner_a)


def test_session_without_login_markers_is_treated_as_expired(world: World) -> None:
    forged = SessionStore()  # an authenticated session our login never created: no markers
    forged[SESSION_KEY] = str(world.lead_a.pk)
    forged[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    forged[HASH_SESSION_KEY] = world.lead_a.get_session_auth_hash()
    forged.save()
    http = HttpClient()
    http.cookies[settings.SESSION_COOKIE_NAME] = str(forged.session_key)

    response = http.get("/")

    assert response.status_code == 302
    assert response["Location"] == EXPIRED_URL


def test_logout_rejects_get(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.get("/accounts/logout/")

    assert response.status_code == 405
    assert http.get("/").status_code == 200


def test_logout_destroys_the_session_and_clears_site_data(world: World) -> None:
    http = signed_in(world.practitioner_a)
    key = _session_key(http)

    response = http.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    clear = {part.strip() for part in response["Clear-Site-Data"].split(",")}
    assert clear == {'"cache"', '"cookies"', '"storage"'}
    assert not _session_row_exists(key)
    assert _actions_of(world.practitioner_a)[-1] == AuditAction.LOGOUT


def test_replaying_the_cookie_after_logout_leads_to_login(world: World) -> None:
    http = signed_in(world.practitioner_a)
    key = _session_key(http)
    http.post("/accounts/logout/")
    replay = HttpClient()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key

    response = replay.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_deactivating_a_user_ends_all_their_sessions_and_api_tokens(world: World) -> None:
    laptop, phone = signed_in(world.practitioner_a), signed_in(world.practitioner_a)
    colleague = signed_in(world.practitioner_a2)
    issued = api_token_create(actor=None, user=world.practitioner_a)
    assert len(_sessions_of(world.practitioner_a)) == 2

    user_deactivate(actor=world.lead_a, user=world.practitioner_a)

    assert _sessions_of(world.practitioner_a) == []
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    api = HttpClient().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert api.status_code == 401
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None
    assert colleague.get("/").status_code == 200


def test_lead_of_another_practice_cannot_deactivate_a_user(world: World) -> None:
    http = signed_in(world.practitioner_a)

    with pytest.raises(PermissionDenied):
        user_deactivate(actor=world.lead_b, user=world.practitioner_a)

    world.practitioner_a.refresh_from_db()
    assert world.practitioner_a.is_active is True
    assert http.get("/").status_code == 200
