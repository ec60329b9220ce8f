"""Authentication (C1, C2, C3, C7): hashing, password policy, lockout and no seeded accounts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.test import override_settings

from ketacare.accounts.forms import EmailAuthenticationForm
from ketacare.accounts.models import User
from ketacare.audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.security

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "/accounts/login/"
INVALID_LOGIN = EmailAuthenticationForm.error_messages["invalid_login"]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _sign_in(http: HttpClient, email: str, password: str, ip: str = "127.0.0.1") -> HttpClient:
    http.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)
    return http


def _is_signed_in(http: HttpClient) -> bool:
    return http.get("/").status_code == 200


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_new_password_is_hashed_with_argon2id(db: None) -> None:
    user = User.objects.create_user(email="new@a.example", password=PASSWORD)

    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_legacy_pbkdf2_hash_is_upgraded_to_argon2id_at_login(db: None) -> None:
    legacy = PBKDF2PasswordHasher().encode(PASSWORD, "legacysalt", iterations=1000)  # fast
    user = User.objects.create_user(email="legacy@a.example")
    user.password = legacy
    user.save(update_fields=["password"])
    http = HttpClient()

    response = http.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)


POLICY_USER = User(email="sam.rivers@a.example", display_name="Sam Rivers")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("elevenchars", "password_too_short"),
        ("qwerty123456", "password_too_common"),
        ("QWERTY123456", "password_too_common"),
        ("ketacare2024!", "password_context_word"),
        ("MyKetamine#12", "password_context_word"),
        ("sam.rivers@a.example", "password_too_similar"),
    ],
    ids=["too-short", "common", "common-uppercased", "product-name", "medicine", "own-email"],
)
def test_password_policy_rejects_weak_passwords(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, POLICY_USER)

    assert code in [error.code for error in caught.value.error_list]


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",
        "quiet river under the old stone bridge at dawn with herons waiting",
        "x" * 40 + " a very long passphrase beyond sixty-four characters in total",
        "my first ketacare session felt like a long walk home",
    ],
    ids=["exactly-12-lowercase", "long-lowercase-passphrase", "over-64-chars", "word-in-sentence"],
)
def test_password_policy_accepts_long_passphrases_without_composition_rules(
    password: str,
) -> None:
    validate_password(password, POLICY_USER)  # raises on rejection

    assert len(password) >= 12


def test_five_failures_lock_the_account_for_that_ip_even_with_the_right_password(
    world: World,
) -> None:
    email = world.practitioner_a.email
    http = HttpClient()
    for attempt in range(5):
        _sign_in(http, email, f"wrong password {attempt}")

    response = http.post(LOGIN_URL, {"username": email, "password": PASSWORD})

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert b"Sign-in paused" in response.content
    assert not _is_signed_in(http)
    assert AccessAttempt.objects.get(username=email).failures_since_start >= 5
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count(AuditAction.LOGIN_FAILED) >= 5
    assert AuditAction.LOCKOUT in actions
    assert AuditAction.LOGIN not in actions


def test_lockout_is_per_email_and_ip_and_lifts_after_15_minutes(world: World) -> None:
    email = world.practitioner_a.email
    with time_machine.travel(START, tick=False) as clock:
        for attempt in range(5):
            _sign_in(HttpClient(), email, f"wrong password {attempt}")
        other_ip = _is_signed_in(_sign_in(HttpClient(), email, PASSWORD, ip="10.0.0.2"))
        other_user = _is_signed_in(_sign_in(HttpClient(), world.practitioner_a2.email, PASSWORD))
        still_locked = not _is_signed_in(_sign_in(HttpClient(), email, PASSWORD))
        clock.shift(dt.timedelta(minutes=16))

        after_cooloff = _is_signed_in(_sign_in(HttpClient(), email, PASSWORD))

    assert other_ip
    assert other_user
    assert still_locked
    assert after_cooloff


def _normalised(body: bytes, email: str) -> bytes:
    """The page without the per-response CSRF token and the echoed e-mail address."""
    body = re.sub(rb"[A-Za-z0-9]{64}", b"<csrf>", body)
    return body.replace(email.encode(), b"<email>")


def test_unknown_email_and_wrong_password_get_the_same_answer(world: World) -> None:
    known, unknown = world.practitioner_a.email, "nobody@a.example"

    wrong_password = HttpClient().post(LOGIN_URL, {"username": known, "password": "not it at all"})
    no_account = HttpClient().post(LOGIN_URL, {"username": unknown, "password": "not it at all"})

    assert wrong_password.status_code == no_account.status_code == 200
    assert wrong_password.context["form"].errors == no_account.context["form"].errors
    assert wrong_password.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert _normalised(wrong_password.content, known) == _normalised(no_account.content, unknown)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert [(e.actor_id, e.outcome) for e in failed] == [(None, "failure")] * 2


def test_inactive_account_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    world.practitioner_a.is_active = False
    world.practitioner_a.save(update_fields=["is_active"])
    http = HttpClient()

    response = http.post(LOGIN_URL, {"username": world.practitioner_a.email, "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [INVALID_LOGIN]
    assert not _is_signed_in(http)


def test_migrated_database_has_no_accounts_at_all(db: None) -> None:
    count = User.objects.count()

    assert count == 0
