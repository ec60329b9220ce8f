"""The authorization matrix: every URL pattern × every persona × every client (C13, C14, C15).

A completeness test walks the URL resolver (which includes every API operation) and fails
when a route has no entry here, so a new page or endpoint cannot ship without its rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.alerts.services import alert_raise
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.integration.coaching import DapNote, coaching_note_sign
from ketacare.integration.services import DailyValues, daily_check_in_save
from ketacare.journal.services import EntryContent, entry_create
from ketacare.measures.services import assignment_create, response_submit
from ketacare.preparation.consent_services import consent_document_publish, intention_write
from ketacare.preparation.services import intake_start_or_resume
from ketacare.treatments.models import DosingSession, SessionStatus
from tests.conftest import PERSONAS, World, persona_user, signed_in
from tests.integration_app.helpers import commitment
from tests.treatments.helpers import planned, user_of
from tests.treatments.protocol_helpers import lead_of_practice, protocol_edit_path
from tests.treatments.rems_helpers import rems_path

pytestmark = [pytest.mark.security, pytest.mark.django_db]

TARGETS = ("client_a1", "client_a2", "client_b1")
NOWHERE = "00000000-0000-4000-8000-000000000000"
# Who may see which client record (docs/security.md, "Roles").
VISIBLE: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "operator": frozenset(),
    "lead_a": frozenset({"client_a1", "client_a2"}),
    "practitioner_a": frozenset({"client_a1"}),
    "practitioner_a2": frozenset({"client_a2"}),
    "client_a1": frozenset({"client_a1"}),
    "client_a2": frozenset({"client_a2"}),
    "lead_b": frozenset({"client_b1"}),
    "practitioner_b": frozenset({"client_b1"}),
    "client_b1": frozenset({"client_b1"}),
}
SENTINEL = {
    "client_a1": "ZZ-SENTINEL-A1",
    "client_a2": "ZZ-SENTINEL-A2",
    "client_b1": "ZZ-SENTINEL-B1",
}


@dataclass(frozen=True)
class Route:
    """How to reach a route and what each persona must get from a GET."""

    path: Callable[[World, str | None], str]
    expect: Callable[[str, str | None], int]
    per_client: bool = False  # walk every target client
    lists_clients: bool = False  # the body lists exactly the persona's visible clients


def _web_page(persona: str, target: str | None) -> int:
    return 302 if persona == "anonymous" else 200


def _web_client(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 302
    return 200 if target in VISIBLE[persona] else 404


def _api(persona: str, target: str | None) -> int:
    return 401 if persona == "anonymous" else 200


def _api_client(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 401
    return 200 if target in VISIBLE[persona] else 404


def _api_staff_only(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 401
    return 200 if persona.startswith(("lead_", "practitioner_")) else 403


def _api_lead_only(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 401
    return 200 if persona.startswith("lead_") else 403


def _lead_only(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 302
    return 200 if persona.startswith("lead_") else 403


def _amend(persona: str, target: str | None) -> int:
    """Corrections: the client themself or the care team; a lead off the care team may not."""
    if persona == "anonymous":
        return 302
    if target not in VISIBLE[persona]:
        return 404
    return 403 if persona.startswith("lead_") else 200


def _client_path(prefix: str, suffix: str = "") -> Callable[[World, str | None], str]:
    def build(world: World, target: str | None) -> str:
        assert target is not None
        return f"{prefix}{getattr(world, target).public_id}{suffix}"

    return build


def _fixed(path: str) -> Callable[[World, str | None], str]:
    return lambda world, target: path


def _post_only(persona: str, target: str | None) -> int:
    return 302 if persona == "anonymous" else 405


def _staff_only(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 302
    return 200 if persona.startswith(("lead_", "practitioner_")) else 403


def _staff_client(persona: str, target: str | None) -> int:
    """Alerts: the care team and leads of the client; clients never see their own alerts."""
    if persona == "anonymous":
        return 302
    is_staff = persona.startswith(("lead_", "practitioner_"))
    return 200 if is_staff and target in VISIBLE[persona] else 404


CARE_TEAM = {
    "client_a1": "practitioner_a",
    "client_a2": "practitioner_a2",
    "client_b1": "practitioner_b",
}


def _answer_form(persona: str, target: str | None) -> int:
    """Answering: the client themself or their care team; visible but not allowed is 403."""
    if persona == "anonymous":
        return 302
    if target not in VISIBLE[persona]:
        return 404
    return 200 if persona in {target, CARE_TEAM[target or ""]} else 403


def _target(world: World, target: str | None) -> tuple[Client, User]:
    assert target is not None
    return getattr(world, target), getattr(world, CARE_TEAM[target])


def _alert_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    alert = alert_raise(
        practice=client.practice,
        client=client,
        source_type="matrix",
        source_public_id=client.public_id,
        code="matrix",
        severity="review",
        summary="matrix",
    )
    return f"/alerts/{alert.public_id}/"


def _assignment_path(world: World, target: str | None) -> str:
    client, practitioner = _target(world, target)
    due = timezone.now() + dt.timedelta(days=1)
    assignment = assignment_create(
        actor=practitioner, client=client, instrument_code="PHQ-9", due_at=due
    )
    return f"/measures/assignments/{assignment.public_id}/"


def _response_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    assert client.user is not None
    response = response_submit(
        actor=client.user,
        client=client,
        instrument_code="PHQ-2",
        answers={"1": 0, "2": 0},
    )
    return f"/measures/responses/{response.public_id}/"


# preparation
def _intake_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    assert client.user is not None
    intake = intake_start_or_resume(actor=client.user, client=client)
    return f"/preparation/intakes/{intake.public_id}/steps/1/"


# consent and intentions
PRACTICE_OF = {
    "lead_a": "a",
    "practitioner_a": "a",
    "practitioner_a2": "a",
    "client_a1": "a",
    "client_a2": "a",
    "lead_b": "b",
    "practitioner_b": "b",
    "client_b1": "b",
}


def _document_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    document = consent_document_publish(
        actor=None, practice=client.practice, kind="treatment", title="Matrix", body="Matrix"
    )
    return f"/preparation/consent/documents/{document.public_id}/"


def _practice_member(persona: str, target: str | None) -> int:
    """Consent documents are practice-wide: any member of the practice may read them."""
    if persona == "anonymous":
        return 302
    return 200 if PRACTICE_OF.get(persona) == PRACTICE_OF[target or ""] else 404


def _intention_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    assert client.user is not None
    intention = intention_write(actor=client.user, client=client, scope="course", body="Matrix")
    return f"/preparation/intentions/{intention.public_id}/edit/"


def _client_themself(persona: str, target: str | None) -> int:
    """Only the client edits their intentions; staff who can see them get 403."""
    if persona == "anonymous":
        return 302
    if target not in VISIBLE[persona]:
        return 404
    return 200 if persona == target else 403


# reminders
def _clients_only(persona: str, target: str | None) -> int:
    """A client's own reminder settings; staff and the operator have none (404)."""
    if persona == "anonymous":
        return 302
    return 200 if persona.startswith("client_") else 404


# treatments
def _session_path(suffix: str) -> Callable[[World, str | None], str]:
    def build(world: World, target: str | None) -> str:
        client, practitioner = _target(world, target)
        session = planned(client, practitioner).sessions.get(number=1)
        return f"/treatments/sessions/{session.public_id}/{suffix}/".replace("//", "/")

    return build


# integration
def _api_own(persona: str, target: str | None) -> int:
    if persona == "anonymous":
        return 401
    return 200 if persona.startswith("client_") else 404


def _care_team_writes(persona: str, target: str | None) -> int:
    """Coaching notes: the care team writes; a lead off the care team gets 403; clients 404."""
    if persona == "anonymous":
        return 302
    if persona.startswith("client_") or target not in VISIBLE[persona]:
        return 404
    return 403 if persona.startswith("lead_") else 200


def _integration_commitment_path(
    suffix: str = "/", prefix: str = "/integration/commitments/"
) -> Callable[[World, str | None], str]:
    def build(world: World, target: str | None) -> str:
        client, _ = _target(world, target)
        return f"{prefix}{commitment(client).public_id}{suffix}"

    return build


def _integration_check_in_path(world: World, target: str | None) -> str:
    client, _ = _target(world, target)
    row, _ = daily_check_in_save(actor=user_of(client), client=client, values=DailyValues(5, 5, 5))
    return f"/api/v1/integration/checkins/{row.public_id}"


def _integration_note_path(suffix: str) -> Callable[[World, str | None], str]:
    def build(world: World, target: str | None) -> str:
        client, practitioner = _target(world, target)
        note = DapNote(
            held_at=timezone.now() - dt.timedelta(hours=1),
            kind="coaching",
            data="Matrix",
            assessment="",
            plan="",
        )
        signed = coaching_note_sign(actor=practitioner, client=client, note=note)
        return f"/integration/notes/{signed.public_id}/{suffix}"

    return build


# journal
def _journal_entry_path(prefix: str, suffix: str = "") -> Callable[[World, str | None], str]:
    """A shared entry of the target client (staff who may see the client may read it)."""

    def build(world: World, target: str | None) -> str:
        client, _ = _target(world, target)
        entry = entry_create(
            actor=user_of(client),
            client=client,
            content=EntryContent(body=f"Matrix {SENTINEL[target or '']}"),
            shared_with_care_team=True,
        )
        return f"{prefix}{entry.public_id}{suffix}"

    return build


def _journal_reflect_path(world: World, target: str | None) -> str:
    client, practitioner = _target(world, target)
    session = planned(client, practitioner).sessions.get(number=1)
    DosingSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.CHECKED_IN, checked_in_at=timezone.now()
    )
    return f"/journal/reflect/{session.public_id}/"


def _journal_author(persona: str, target: str | None) -> int:
    """Editing and reflecting: only the client themself; everyone else 404."""
    if persona == "anonymous":
        return 302
    return 200 if persona == target else 404


REGISTRY: dict[str, Route] = {
    "home": Route(_fixed("/"), _web_page, lists_clients=True),
    "accounts:login": Route(
        _fixed("/accounts/login/"), lambda p, t: 200 if p == "anonymous" else 302
    ),
    "accounts:logout": Route(
        _fixed("/accounts/logout/"), lambda p, t: 302 if p == "anonymous" else 405
    ),
    "accounts:invitation-accept": Route(
        _fixed("/accounts/invitation/not-a-real-token/"), lambda p, t: 404
    ),
    "accounts:members": Route(_fixed("/accounts/practice/members/"), _lead_only),
    "accounts:practice-settings": Route(_fixed("/accounts/practice/settings/"), _lead_only),
    "clients:new": Route(_fixed("/clients/new/"), _lead_only),
    "clients:list": Route(_fixed("/clients/"), _web_page, lists_clients=True),
    "clients:detail": Route(_client_path("/clients/", "/"), _web_client, per_client=True),
    "api:openapi-json": Route(_fixed("/api/v1/openapi.json"), _web_page),
    "api:openapi-view": Route(_fixed("/api/v1/docs"), _web_page),
    "api:api-root": Route(_fixed("/api/v1/"), lambda p, t: 404),
    "api:me_get": Route(_fixed("/api/v1/me"), _api),
    "api:client_list_api": Route(_fixed("/api/v1/clients"), _api, lists_clients=True),
    "api:client_get_api": Route(_client_path("/api/v1/clients/"), _api_client, per_client=True),
    "healthz": Route(_fixed("/healthz"), lambda p, t: 200),
    "alerts:list": Route(_fixed("/alerts/"), _staff_only),
    "alerts:open-count": Route(_fixed("/alerts/open-count/"), _staff_only),
    "alerts:detail": Route(_alert_path, _staff_client, per_client=True),
    "alerts:acknowledge": Route(_fixed(f"/alerts/{NOWHERE}/acknowledge/"), _post_only),
    "alerts:resolve": Route(_fixed(f"/alerts/{NOWHERE}/resolve/"), _post_only),
    "measures:due": Route(_fixed("/measures/due/"), _web_page),
    "measures:answer": Route(_assignment_path, _answer_form, per_client=True),
    "measures:result": Route(_response_path, _web_client, per_client=True),
    "measures:amend": Route(
        lambda world, target: _response_path(world, target) + "amend/", _amend, per_client=True
    ),
    "measures:client": Route(_client_path("/measures/clients/", "/"), _web_client, per_client=True),
    "measures:assign": Route(
        _client_path("/measures/clients/", "/assign/"), _post_only, per_client=True
    ),
    # measures (schedules, history)  # noqa: ERA001  (a heading, not code)
    "measures:overdue": Route(_fixed("/measures/overdue/"), _staff_only),
    "measures:history": Route(_fixed("/measures/history/"), _web_page),
    "api:instrument_list_api": Route(_fixed("/api/v1/instruments"), _api),
    "api:response_submit_api": Route(
        _client_path("/api/v1/clients/", "/responses"), _api_client, per_client=True
    ),
    "api:response_list_api": Route(
        _client_path("/api/v1/clients/", "/responses"), _api_client, per_client=True
    ),
    # preparation
    "preparation:status": Route(_fixed("/preparation/"), _web_page),
    "preparation:client": Route(
        _client_path("/preparation/clients/", "/"), _web_client, per_client=True
    ),
    "preparation:start": Route(
        _client_path("/preparation/clients/", "/intake/"), _post_only, per_client=True
    ),
    "preparation:step": Route(_intake_path, _answer_form, per_client=True),
    "preparation:submit": Route(_fixed(f"/preparation/intakes/{NOWHERE}/submit/"), _post_only),
    "preparation:decide": Route(_fixed(f"/preparation/results/{NOWHERE}/decide/"), _post_only),
    # consent and intentions
    "preparation:consent": Route(_fixed("/preparation/consent/"), _web_page),
    "preparation:consent-manage": Route(_fixed("/preparation/consent/manage/"), _lead_only),
    "preparation:consent-document": Route(_document_path, _practice_member, per_client=True),
    "preparation:consent-withdraw": Route(
        _fixed(f"/preparation/consent/signatures/{NOWHERE}/withdraw/"), _post_only
    ),
    "preparation:consent-client": Route(
        _client_path("/preparation/consent/clients/", "/"), _web_client, per_client=True
    ),
    "preparation:intentions": Route(_fixed("/preparation/intentions/"), _web_page),
    "preparation:intention-edit": Route(_intention_path, _client_themself, per_client=True),
    "preparation:intentions-client": Route(
        _client_path("/preparation/intentions/clients/", "/"), _web_client, per_client=True
    ),
    # psychoeducation
    "preparation:learn": Route(_fixed("/preparation/learn/"), _web_page),
    "preparation:learn-module": Route(_fixed("/preparation/learn/how-ketamine-works/"), _web_page),
    "preparation:learn-read": Route(
        _fixed("/preparation/learn/how-ketamine-works/read/"), _post_only
    ),
    "preparation:learn-client": Route(
        _client_path("/preparation/learn/clients/", "/"), _web_client, per_client=True
    ),
    # treatments
    "treatments:own": Route(_fixed("/treatments/"), _web_page),
    # A client's own "what to expect" guide; staff and the operator have none (404).
    "treatments:expect": Route(_fixed("/treatments/expect/"), _clients_only),
    "treatments:client": Route(
        _client_path("/treatments/clients/", "/"), _web_client, per_client=True
    ),
    "treatments:plan": Route(_fixed(f"/treatments/clients/{NOWHERE}/courses/"), _post_only),
    "treatments:check-in": Route(_session_path("check-in"), _staff_client, per_client=True),
    "treatments:readiness": Route(_session_path("readiness"), _client_themself, per_client=True),
    "treatments:session": Route(_session_path(""), _staff_client, per_client=True),
    "treatments:session-action": Route(
        _fixed(f"/treatments/sessions/{NOWHERE}/record/vitals/"), _post_only
    ),
    "treatments:safety-settings": Route(_fixed("/treatments/safety-settings/"), _lead_only),
    # reminders
    "reminders:preferences": Route(_fixed("/reminders/"), _clients_only),
    # integration
    "integration:plan": Route(_fixed("/integration/"), _clients_only),
    "integration:card": Route(_fixed("/integration/card/"), _clients_only),
    "integration:daily": Route(_fixed("/integration/check-in/"), _clients_only),
    "integration:insight-new": Route(_fixed("/integration/insights/new/"), _clients_only),
    "integration:commitment-new": Route(_fixed("/integration/commitments/new/"), _clients_only),
    "integration:commitment": Route(_integration_commitment_path(), _web_client, per_client=True),
    "integration:commitment-status": Route(
        _fixed(f"/integration/commitments/{NOWHERE}/status/"), _post_only
    ),
    "integration:follow-up-done": Route(
        _fixed(f"/integration/follow-ups/{NOWHERE}/done/"), _post_only
    ),
    "integration:caseload": Route(_fixed("/integration/caseload/"), _staff_only),
    "integration:client": Route(
        _client_path("/integration/clients/", "/"), _staff_client, per_client=True
    ),
    "integration:note-new": Route(
        _client_path("/integration/clients/", "/notes/new/"), _care_team_writes, per_client=True
    ),
    "integration:note": Route(_integration_note_path(""), _staff_client, per_client=True),
    "integration:note-amend": Route(
        _integration_note_path("amend/"), _care_team_writes, per_client=True
    ),
    "api:daily_check_in_save_api": Route(_fixed("/api/v1/integration/checkins"), _api_own),
    "api:daily_check_in_list_api": Route(
        _client_path("/api/v1/integration/checkins?client_id="), _api_client, per_client=True
    ),
    "api:daily_check_in_get_api": Route(_integration_check_in_path, _api_client, per_client=True),
    "api:commitment_create_api": Route(_fixed("/api/v1/integration/commitments"), _api_own),
    "api:commitment_list_api": Route(
        _client_path("/api/v1/integration/commitments?client_id="), _api_client, per_client=True
    ),
    "api:commitment_get_api": Route(
        _integration_commitment_path("", "/api/v1/integration/commitments/"),
        _api_client,
        per_client=True,
    ),
    "api:commitment_check_in_api": Route(
        _integration_commitment_path("/checkins", "/api/v1/integration/commitments/"),
        _api_client,
        per_client=True,
    ),
    "api:commitment_check_in_list_api": Route(
        _integration_commitment_path("/checkins", "/api/v1/integration/commitments/"),
        _api_client,
        per_client=True,
    ),
    # journal
    "journal:index": Route(_fixed("/journal/"), _web_page),
    "journal:new": Route(_fixed("/journal/new/"), _clients_only),
    "journal:detail": Route(
        _journal_entry_path("/journal/entries/", "/"), _web_client, per_client=True
    ),
    "journal:edit": Route(
        _journal_entry_path("/journal/entries/", "/edit/"), _journal_author, per_client=True
    ),
    "journal:share": Route(_fixed(f"/journal/entries/{NOWHERE}/share/"), _post_only),
    "journal:draft": Route(_fixed("/journal/drafts/new/"), _post_only),
    "journal:reflect": Route(_journal_reflect_path, _journal_author, per_client=True),
    "journal:prompts": Route(_fixed("/journal/prompts/"), _staff_only),
    "journal:prompt-retire": Route(_fixed(f"/journal/prompts/{NOWHERE}/retire/"), _post_only),
    "api:journal_entry_create_api": Route(_fixed("/api/v1/journal/entries"), _api),
    "api:journal_entry_list_api": Route(_fixed("/api/v1/journal/entries"), _api),
    "api:journal_entry_get_api": Route(
        _journal_entry_path("/api/v1/journal/entries/"), _api_client, per_client=True
    ),
    # fhir
    # integration settings (helper E)
    "integration:settings": Route(_fixed("/integration/settings/"), _lead_only),
    # outcomes
    "outcomes:practice": Route(_fixed("/outcomes/practice/"), _lead_only),
    "outcomes:progress": Route(_fixed("/outcomes/progress/"), _clients_only),
    "outcomes:client-progress": Route(
        _client_path("/outcomes/clients/", "/progress/"), _staff_client, per_client=True
    ),
    # practice protocols (helper A2)
    "treatments:protocols": Route(_fixed("/treatments/protocols/"), _lead_only),
    "treatments:protocol-copy": Route(_fixed("/treatments/protocols/copy/"), _post_only),
    "treatments:protocol-edit": Route(protocol_edit_path, lead_of_practice, per_client=True),
    "treatments:protocol-retire": Route(
        _fixed(f"/treatments/protocols/{NOWHERE}/retire/"), _post_only
    ),
    # treatments: Spravato REMS form (helper A1); care team and leads, everyone else 404
    "treatments:rems": Route(rems_path("rems/"), _staff_client, per_client=True),
    "treatments:rems-json": Route(rems_path("rems.json"), _staff_client, per_client=True),
    "treatments:rems-pdf": Route(rems_path("rems.pdf"), _staff_client, per_client=True),
    # caseload
    "caseload:index": Route(_fixed("/caseload/"), _staff_only, lists_clients=True),
    "caseload:top": Route(_fixed("/caseload/top/"), _staff_only),
    "api:caseload_list_api": Route(_fixed("/api/v1/caseload"), _api_staff_only, lists_clients=True),
    "api:practice_outcomes_api": Route(_fixed("/api/v1/outcomes/practice"), _api_lead_only),
    "caseload:timeline": Route(
        _client_path("/caseload/clients/", "/timeline/"), _staff_client, per_client=True
    ),
    "api:instrument_fhir_get_api": Route(_fixed("/api/v1/instruments/PHQ-9/fhir"), _api),
    "api:client_fhir_export_api": Route(
        _client_path("/api/v1/clients/", "/fhir"), _api_client, per_client=True
    ),
}


def _route_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from _route_names(pattern.url_patterns, inner)
        else:
            yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def test_every_route_has_an_authorization_entry() -> None:
    names = set(_route_names(get_resolver().url_patterns))

    assert names - REGISTRY.keys() == set(), "add these routes to the authorization matrix"
    assert REGISTRY.keys() - names == set(), "these matrix entries match no route"


def _cases() -> Iterator[tuple[str, str, str | None]]:
    for name, route in REGISTRY.items():
        for persona in PERSONAS:
            for target in TARGETS if route.per_client else (None,):
                yield name, persona, target


@pytest.mark.parametrize(("route_name", "persona", "target"), list(_cases()))
def test_route_answers_each_persona_as_the_matrix_says(
    world: World, route_name: str, persona: str, target: str | None
) -> None:
    route = REGISTRY[route_name]
    http = signed_in(persona_user(world, persona))

    response = http.get(route.path(world, target))

    assert response.status_code == route.expect(persona, target)
    body = response.content.decode(errors="replace")  # downloads (the REMS PDF) are binary
    for other, sentinel in SENTINEL.items():
        if other not in VISIBLE[persona]:
            assert sentinel not in body, f"{persona} saw {other}"
    if route.lists_clients and response.status_code == 200:
        shown = {name for name, sentinel in SENTINEL.items() if sentinel in body}
        assert shown == VISIBLE[persona]


def _normalised(response: HttpResponse) -> str:
    """The body without what differs per request (request id, masked CSRF token)."""
    body = response.content.decode().replace(response["X-Request-ID"], "")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", body)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_out_of_scope_client_is_indistinguishable_from_a_missing_one(
    world: World, persona: str
) -> None:
    http = signed_in(persona_user(world, persona))
    hidden = [t for t in TARGETS if t not in VISIBLE[persona]]

    missing = http.get("/clients/00000000-0000-4000-8000-000000000000/")
    for target in hidden:
        response = http.get(f"/clients/{getattr(world, target).public_id}/")

        assert response.status_code == missing.status_code == 404
        assert _normalised(response) == _normalised(missing)  # type: ignore[arg-type]


def test_viewing_a_client_record_writes_one_view_audit_event(world: World) -> None:
    http = signed_in(world.practitioner_a)
    before = AuditEvent.objects.count()

    http.get(f"/clients/{world.client_a1.public_id}/")

    events = list(AuditEvent.objects.filter(seq__gt=before))
    views = [e for e in events if e.action == "view"]
    assert len(views) == 1
    assert views[0].subject_client_public_id == world.client_a1.public_id
    assert views[0].actor_id == world.practitioner_a.pk
    assert views[0].practice_public_id == world.practice_a.public_id
    assert views[0].request_id != ""
