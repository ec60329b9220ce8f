"""The API (C13, C16, C29): bearer tokens, scoping, the error shape, OpenAPI and auditing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import TYPE_CHECKING, Any

import pydantic
import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.utils import timezone

from ketacare.accounts.models import ApiToken, User
from ketacare.accounts.services import api_token_create
from ketacare.audit.models import AuditAction, AuditEvent
from ketacare.core.schemas import StrictIn
from tests.conftest import PASSWORD, World, persona_user, signed_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.security

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ME = "/api/v1/me"
CLIENTS = "/api/v1/clients"


@pytest.fixture
def solo(db: None) -> User:
    """One user without a practice: enough for tests about tokens rather than scope."""
    return User.objects.create_user(email="solo@a.example", password=PASSWORD)


def _bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token(user: User | None) -> str:
    assert user is not None
    return api_token_create(actor=user, user=user).secret


def _get(path: str, secret: str, **query: Any) -> Response:
    return HttpClient().get(path, query, **_bearer(secret))


def _error_problems(response: Response, status: int, code: str | None = None) -> list[str]:
    """How a response departs from the one API error shape: ``{"detail": str, "code": str}``."""
    problems = []
    if response.status_code != status:
        problems.append(f"status {response.status_code}")
    if not response.get("Content-Type", "").startswith("application/json"):
        return [*problems, f"content type {response.get('Content-Type')!r}"]
    body = response.json()
    if not isinstance(body, dict) or set(body) != {"detail", "code"}:
        return [*problems, f"body {body!r}"]
    if not (isinstance(body["detail"], str) and body["detail"]):
        problems.append("empty detail")
    if code is not None and body["code"] != code:
        problems.append(f"code {body['code']!r}")
    return problems


def test_me_answers_a_bearer_token(world: World) -> None:
    secret = _token(world.practitioner_a)

    response = _get(ME, secret)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(world.practitioner_a.public_id)
    assert body["email"] == world.practitioner_a.email
    assert [(m["practice_slug"], m["role"]) for m in body["memberships"]] == [
        ("practice-a", "practitioner")
    ]


def test_me_answers_the_signed_in_browser_session(world: World) -> None:
    http = signed_in(world.client_a1.user)

    response = http.get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == "client1@a.example"


def test_request_without_credentials_gets_401_in_the_error_shape(db: None) -> None:
    response = HttpClient().get(ME)

    assert _error_problems(response, 401, "unauthenticated") == []


@pytest.mark.parametrize("parameter", ["token", "access_token", "api_key"])
def test_token_in_the_query_string_is_ignored(solo: User, parameter: str) -> None:
    secret = _token(solo)

    response = HttpClient().get(ME, {parameter: secret})

    assert _error_problems(response, 401, "unauthenticated") == []


@pytest.mark.parametrize("scheme", ["Token", "Basic", ""])
def test_token_with_another_authorization_scheme_is_refused(solo: User, scheme: str) -> None:
    secret = _token(solo)

    response = HttpClient().get(ME, HTTP_AUTHORIZATION=f"{scheme} {secret}".strip())

    assert _error_problems(response, 401) == []


@pytest.mark.parametrize(("days_later", "accepted"), [(89, True), (91, False)])
def test_token_expires_after_90_days(solo: User, days_later: int, accepted: bool) -> None:
    with time_machine.travel(START, tick=False) as clock:
        secret = _token(solo)
        clock.shift(dt.timedelta(days=days_later))

        response = _get(ME, secret)

    assert response.status_code == (200 if accepted else 401)


def test_revoked_token_is_refused(solo: User) -> None:
    issued = api_token_create(actor=None, user=solo)
    ApiToken.objects.filter(pk=issued.token.pk).update(revoked_at=timezone.now())

    response = _get(ME, issued.secret)

    assert _error_problems(response, 401, "unauthenticated") == []


def test_unknown_token_is_refused(solo: User) -> None:
    secret = _token(solo)

    response = _get(ME, secret[:-2] + ("xx" if not secret.endswith("xx") else "yy"))

    assert _error_problems(response, 401, "unauthenticated") == []


def test_only_the_token_hash_is_stored(solo: User) -> None:
    issued = api_token_create(actor=solo, user=solo, name="laptop")

    row = ApiToken.objects.values().get(pk=issued.token.pk)

    assert len(issued.secret) >= len("kc_") + 43  # 32 random bytes, URL-safe base64
    assert not [k for k, v in row.items() if isinstance(v, str) and issued.secret in v]
    assert row["token_hash"] == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert row["prefix"] == issued.secret[:8]
    created = AuditEvent.objects.get(action=AuditAction.TOKEN_CREATED)
    assert issued.secret not in str(created.extra)


def test_user_cannot_create_a_token_for_someone_else(solo: User) -> None:
    other = User.objects.create_user(email="other@a.example", password=PASSWORD)

    with pytest.raises(PermissionDenied):
        api_token_create(actor=solo, user=other)

    assert not ApiToken.objects.exists()


VISIBLE = {
    "client_a1": {"client_a1"},
    "client_b1": {"client_b1"},
    "practitioner_a": {"client_a1"},
    "practitioner_a2": {"client_a2"},
    "lead_a": {"client_a1", "client_a2"},
    "practitioner_b": {"client_b1"},
    "lead_b": {"client_b1"},
    "operator": set(),
}
ALL_CLIENTS = ("client_a1", "client_a2", "client_b1")


def _client_id(world: World, name: str) -> str:
    return str(getattr(world, name).public_id)


def test_client_list_returns_only_what_each_persona_may_see(world: World) -> None:
    tokens = {persona: _token(persona_user(world, persona)) for persona in VISIBLE}

    pages = {persona: _get(CLIENTS, secret) for persona, secret in tokens.items()}

    assert {p: r.status_code for p, r in pages.items()} == dict.fromkeys(VISIBLE, 200)
    seen = {p: {item["id"] for item in r.json()["items"]} for p, r in pages.items()}
    expected = {p: {_client_id(world, name) for name in names} for p, names in VISIBLE.items()}
    assert seen == expected


def test_client_detail_is_404_outside_scope_and_200_inside_for_each_persona(
    world: World,
) -> None:
    tokens = {persona: _token(persona_user(world, persona)) for persona in VISIBLE}

    responses = {
        (persona, name): _get(f"{CLIENTS}/{_client_id(world, name)}", secret)
        for persona, secret in tokens.items()
        for name in ALL_CLIENTS
    }

    readable = {
        persona: {
            name for (p, name), r in responses.items() if p == persona and r.status_code == 200
        }
        for persona in VISIBLE
    }
    assert readable == VISIBLE
    refused = {
        key: problems
        for key, r in responses.items()
        if r.status_code != 200 and (problems := _error_problems(r, 404, "not_found"))
    }
    assert refused == {}


def test_missing_client_is_indistinguishable_from_an_out_of_scope_one(world: World) -> None:
    secret = _token(world.practitioner_a)

    missing = _get(f"{CLIENTS}/{uuid.uuid4()}", secret)
    out_of_scope = _get(f"{CLIENTS}/{world.client_b1.public_id}", secret)

    assert _error_problems(missing, 404, "not_found") == []
    assert missing.json() == out_of_scope.json()


@pytest.mark.parametrize(
    "client_id", ["not-a-uuid", "1", "' OR 1=1 --", "0" * 100], ids=["text", "int", "sqli", "long"]
)
def test_malformed_client_id_is_a_client_error_never_a_500(solo: User, client_id: str) -> None:
    secret = _token(solo)

    response = _get(f"{CLIENTS}/{client_id}", secret)

    assert response.status_code in {404, 422}
    assert _error_problems(response, response.status_code) == []


@pytest.mark.parametrize(
    "query",
    [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"limit": "many"}],
    ids=["limit-above-200", "limit-zero", "negative-offset", "limit-not-a-number"],
)
def test_out_of_range_paging_is_rejected_with_422(solo: User, query: dict[str, Any]) -> None:
    secret = _token(solo)

    response = _get(CLIENTS, secret, **query)

    assert _error_problems(response, 422, "invalid_input") == []


def test_limit_of_200_is_accepted(solo: User) -> None:
    secret = _token(solo)

    response = _get(CLIENTS, secret, limit=200)

    assert response.status_code == 200
    assert response.json()["limit"] == 200


def test_openapi_document_declares_security_on_every_operation(solo: User) -> None:
    http = signed_in(solo)

    response = http.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    operations = {
        f"{method.upper()} {route}": operation.get("security")
        for route, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert {"GET /api/v1/me", "GET /api/v1/clients", "GET /api/v1/clients/{client_id}"} <= set(
        operations
    )
    assert [op for op, security in operations.items() if not security] == []
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerTokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_openapi_document_and_docs_need_a_signed_in_user(db: None) -> None:
    http = HttpClient()

    document = http.get("/api/v1/openapi.json")
    docs = http.get("/api/v1/docs")

    assert document.status_code == 302
    assert docs.status_code == 302


def test_client_detail_writes_a_view_audit_event(world: World) -> None:
    secret = _token(world.practitioner_a)

    response = _get(f"{CLIENTS}/{world.client_a1.public_id}", secret)

    event = AuditEvent.objects.filter(action=AuditAction.VIEW).get()
    assert response.status_code == 200
    assert event.actor == world.practitioner_a
    assert event.object_type == "Client"
    assert event.object_public_id == world.client_a1.public_id
    assert event.subject_client_public_id == world.client_a1.public_id
    assert event.practice_public_id == world.practice_a.public_id
    assert event.channel == "api"
    assert event.request_id == response["X-Request-ID"]


def test_client_list_writes_a_list_audit_event_with_the_ids_shown(world: World) -> None:
    secret = _token(world.lead_a)

    response = _get(CLIENTS, secret)

    event = AuditEvent.objects.filter(action=AuditAction.LIST).get()
    shown = sorted(item["id"] for item in response.json()["items"])
    assert event.actor == world.lead_a
    assert sorted(event.extra["client_ids"]) == shown
    assert event.extra["count"] == 2
    assert event.channel == "api"


def test_refused_client_detail_writes_no_view_event(world: World) -> None:
    secret = _token(world.practitioner_a)

    _get(f"{CLIENTS}/{world.client_b1.public_id}", secret)

    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


class _NoteIn(StrictIn):
    text: str


def test_strict_input_schemas_reject_unknown_fields() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        _NoteIn.model_validate({"text": "fine", "practice_id": 7})

    assert [error["type"] for error in caught.value.errors()] == ["extra_forbidden"]
    assert _NoteIn.model_validate({"text": "fine"}).text == "fine"


def test_bearer_token_request_creates_no_session(solo: User) -> None:
    secret = _token(solo)
    sessions_before = Session.objects.count()

    response = _get(ME, secret)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == sessions_before


def test_bearer_token_request_does_not_sign_the_cookie_jar_in(solo: User) -> None:
    secret = _token(solo)
    http = HttpClient()
    http.get(ME, **_bearer(secret))

    response = http.get(ME)  # same cookie jar, no token

    assert _error_problems(response, 401, "unauthenticated") == []
    decoded = [s.get_decoded() for s in Session.objects.all()]
    assert [d for d in decoded if d.get("_auth_user_id") == str(solo.pk)] == []
