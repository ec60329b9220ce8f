"""The synthetic demo: two practices with leads, practitioners and clients (no real people)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ketacare.accounts.models import Practice, Role, User
from ketacare.accounts.services import membership_add, practice_create
from ketacare.clients.models import Client
from ketacare.clients.services import care_team_assign, client_create
from ketacare.preparation.consent_services import consent_defaults_publish

DEFAULT_DEMO_PASSWORD = "calm-river-stone-42"  # noqa: S105  (printed demo credential, synthetic data)
CLIENTS_PER_PRACTICE = 6
# Obviously synthetic names: tree names and the family name "Demo".
GIVEN_NAMES = ("Alder", "Birch", "Cedar", "Hazel", "Juniper", "Linden", "Maple", "Rowan")
PRACTICES = (
    ("Demo Practice", "demo-practice", "demo.example"),
    ("Other Practice", "other-practice", "other.example"),
)


@dataclass(frozen=True)
class DemoLogin:
    """One printed sign-in line."""

    practice: str
    role: str
    email: str


@dataclass(frozen=True)
class DemoSummary:
    """Every demo sign-in, in print order."""

    logins: list[DemoLogin]


def _user(email: str, display_name: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, display_name=display_name)
    return user


def _seed_practice(name: str, slug: str, domain: str, password: str) -> list[DemoLogin]:
    practice = Practice.objects.filter(slug=slug).first() or practice_create(name=name, slug=slug)
    consent_defaults_publish(practice=practice)  # templates the practice must review
    logins = []
    lead = _user(f"lead@{domain}", f"{name} Lead", password)
    membership_add(actor=None, user=lead, practice=practice, role=Role.LEAD)
    logins.append(DemoLogin(name, "lead", lead.email))
    practitioners = []
    for number in (1, 2):
        person = _user(f"practitioner{number}@{domain}", f"Practitioner {number}", password)
        membership_add(actor=None, user=person, practice=practice, role=Role.PRACTITIONER)
        practitioners.append(person)
        logins.append(DemoLogin(name, "practitioner", person.email))
    for number in range(1, CLIENTS_PER_PRACTICE + 1):
        given = GIVEN_NAMES[(number - 1) % len(GIVEN_NAMES)]
        person = _user(f"client{number}@{domain}", given, password)
        membership_add(actor=None, user=person, practice=practice, role=Role.CLIENT)
        client = Client.objects.filter(user=person).first() or client_create(
            actor=None, practice=practice, given_name=given, family_name="Demo", user=person
        )
        # Practitioner 1 cares for clients 1–3, practitioner 2 for clients 4–6.
        care_team_assign(
            actor=None,
            client=client,
            practitioner=practitioners[(number - 1) // 3 % 2],
            is_primary=True,
        )
        logins.append(DemoLogin(name, "client", person.email))
    return logins


def demo_seed(*, password: str) -> DemoSummary:
    """Create (or complete) both demo practices; safe to run any number of times.

    Raises:
        ValueError: the password fails the password policy.
    """
    try:
        validate_password(password)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from exc
    logins: list[DemoLogin] = []
    with transaction.atomic():
        for name, slug, domain in PRACTICES:
            logins.extend(_seed_practice(name, slug, domain, password))
    return DemoSummary(logins=logins)
