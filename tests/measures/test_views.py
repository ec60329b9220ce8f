"""Measures pages: due card, the accessible answer form, the result, and the staff view."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from django.utils.html import escape

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
from ketacare.measures.services import SOURCE_TYPE, assignment_create, response_submit
from tests.conftest import World, signed_in
from tests.measures.helpers import SAFETY_CASES, lowest_answers, triggering_answers

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _assign(world: World, code: str, client: Client | None = None) -> QuestionnaireAssignment:
    client = client or world.client_a1
    practitioner = world.practitioner_a if client == world.client_a1 else world.practitioner_a2
    return assignment_create(
        actor=practitioner,
        client=client,
        instrument_code=code,
        due_at=timezone.now() + dt.timedelta(days=1),
        schedule_label="baseline",
    )


def _form_data(answers: Mapping[str, object]) -> dict[str, str]:
    return {f"item_{key}": str(value) for key, value in answers.items()}


def _answer_url(assignment: QuestionnaireAssignment) -> str:
    return f"/measures/assignments/{assignment.public_id}/"


def test_client_home_has_a_due_for_you_card(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    body = http.get("/").content.decode()

    assert "Due for you" in body
    assert 'hx-get="/measures/due/"' in body


def test_due_card_lists_the_clients_open_questionnaires(world: World) -> None:
    assignment = _assign(world, "PHQ-9")
    http = signed_in(_user(world.client_a1))

    response = http.get("/measures/due/", headers=HTMX)

    assert response.templates[0].name == "measures/partials/_due_card.html"
    assert _answer_url(assignment) in response.content.decode()
    assert "baseline" in response.content.decode()


def test_answer_form_uses_fieldsets_radios_and_number_inputs(world: World) -> None:
    phq9 = _assign(world, "PHQ-9")
    edi = _assign(world, "EDI")
    http = signed_in(_user(world.client_a1))

    phq9_body = http.get(_answer_url(phq9)).content.decode()
    edi_body = http.get(_answer_url(edi)).content.decode()

    assert phq9_body.count("<fieldset") == len(INSTRUMENTS["PHQ-9"].items)
    assert phq9_body.count("<legend>") == len(INSTRUMENTS["PHQ-9"].items)
    assert 'type="radio"' in phq9_body
    assert edi_body.count('type="number"') == len(INSTRUMENTS["EDI"].items)


def test_invalid_answer_re_renders_with_every_answer_kept_and_the_item_named(
    world: World,
) -> None:
    assignment = _assign(world, "PHQ-9")
    http = signed_in(_user(world.client_a1))
    answers = {str(n): n % 4 for n in range(1, 11) if n != 5}

    response = http.post(_answer_url(assignment), _form_data(answers))

    assert response.status_code == 400
    body = response.content.decode()
    assert "item 5 is missing" in body
    assert 'id="item_5_errors"' in body
    checked = dict(re.findall(r'name="item_(\w+)"\s+value="(\d+)"\s+checked', body))
    assert checked == {key: str(value) for key, value in answers.items()}
    assert not QuestionnaireResponse.objects.exists()


def test_out_of_range_vas_answer_keeps_every_typed_value(world: World) -> None:
    assignment = _assign(world, "EDI")
    http = signed_in(_user(world.client_a1))
    answers = {str(n): str(10 * n + 0.5) for n in range(1, 9)}
    answers["3"] = "150"

    response = http.post(_answer_url(assignment), _form_data(answers))

    body = response.content.decode()
    assert response.status_code == 400
    assert "item 3" in body
    for key, value in answers.items():
        assert f'name="item_{key}"' in body
        assert f'value="{value}"' in body


def test_submission_shows_a_plain_result_without_crisis_card(world: World) -> None:
    assignment = _assign(world, "PHQ-9")
    http = signed_in(_user(world.client_a1))
    answers = {str(n): 0 for n in range(1, 10)}

    response = http.post(_answer_url(assignment), _form_data(answers), follow=True)

    body = response.content.decode()
    assert "Your score is 0 out of 27" in body
    assert escape(world.practice_a.crisis_resources) not in body
    assert "safety alert" not in body
    assert AuditEvent.objects.filter(action="create", object_type="QuestionnaireResponse").exists()


@pytest.mark.parametrize(("code", "flag"), SAFETY_CASES)
def test_every_safety_flag_through_the_web_form_raises_an_alert(
    world: World, code: str, flag: str
) -> None:
    assignment = _assign(world, code)
    clinician = INSTRUMENTS[code].clinician_rated
    http = signed_in(world.practitioner_a if clinician else _user(world.client_a1))

    response = http.post(
        _answer_url(assignment), _form_data(triggering_answers(code, flag)), follow=True
    )

    stored = QuestionnaireResponse.objects.get(assignment=assignment)
    assert Alert.objects.filter(
        source_type=SOURCE_TYPE, source_public_id=stored.public_id, code=flag
    ).exists()
    body = response.content.decode()
    if clinician:
        assert "A safety alert was raised for the care team." in body
    else:
        assert escape(world.practice_a.crisis_resources) in body


def test_client_cannot_open_a_clinician_rated_questionnaire(world: World) -> None:
    assignment = _assign(world, "MADRS")
    http = signed_in(_user(world.client_a1))

    assert http.get(_answer_url(assignment)).status_code == 403


def test_client_cannot_answer_another_clients_questionnaire(world: World) -> None:
    assignment = _assign(world, "PHQ-9", client=world.client_a2)
    http = signed_in(_user(world.client_a1))

    response = http.post(_answer_url(assignment), _form_data({"1": 0}))

    assert response.status_code == 404


def test_client_detail_loads_the_questionnaire_section(world: World) -> None:
    http = signed_in(world.practitioner_a)

    body = http.get(f"/clients/{world.client_a1.public_id}/").content.decode()

    assert f'hx-get="/measures/clients/{world.client_a1.public_id}/"' in body


def test_practitioner_sees_responses_with_item_level_answers(world: World) -> None:
    response_submit(
        actor=_user(world.client_a1),
        client=world.client_a1,
        instrument_code="GAD-7",
        answers={str(n): 2 for n in range(1, 8)},
    )
    http = signed_in(world.practitioner_a)

    page = http.get(f"/measures/clients/{world.client_a1.public_id}/", headers=HTMX)

    body = page.content.decode()
    assert "GAD-7" in body
    assert INSTRUMENTS["GAD-7"].items[0].label in body
    assert "2 — More than half the days" in body
    assert "Assign a questionnaire" in body


def test_practitioner_assigns_a_questionnaire(world: World) -> None:
    http = signed_in(world.practitioner_a)
    due = (timezone.now() + dt.timedelta(days=7)).date().isoformat()

    response = http.post(
        f"/measures/clients/{world.client_a1.public_id}/assign/",
        {"instrument": "PHQ-9", "due_on": due, "schedule_label": "week 1"},
    )

    assert response.status_code == 302
    assignment = QuestionnaireAssignment.objects.get()
    assert (assignment.instrument_code, assignment.schedule_label) == ("PHQ-9", "week 1")
    assert assignment.assigned_by == world.practitioner_a


def test_assign_with_a_past_date_re_renders_the_form(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/measures/clients/{world.client_a1.public_id}/assign/",
        {"instrument": "PHQ-9", "due_on": "2000-01-01"},
    )

    assert response.status_code == 400
    assert not QuestionnaireAssignment.objects.exists()


def test_practitioner_outside_care_team_cannot_assign(world: World) -> None:
    http = signed_in(world.practitioner_a2)

    response = http.post(
        f"/measures/clients/{world.client_a1.public_id}/assign/",
        {"instrument": "PHQ-9", "due_on": "2099-01-01"},
    )

    assert response.status_code == 404
    assert not QuestionnaireAssignment.objects.exists()


def test_anonymous_answer_form_redirects_to_login(world: World) -> None:
    assignment = _assign(world, "PHQ-9")

    response = HttpClient().get(_answer_url(assignment))

    assert response.status_code == 302


def test_practitioner_corrects_a_response_and_the_original_stays(world: World) -> None:
    original = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=lowest_answers(INSTRUMENTS["PHQ-9"]),
    )
    http = signed_in(world.practitioner_a)
    page = http.get(f"/measures/responses/{original.public_id}/amend/")
    corrected = {f"item_{n}": "0" for n in range(1, 9)} | {"item_9": "1"}

    response = http.post(f"/measures/responses/{original.public_id}/amend/", corrected)

    amendment = QuestionnaireResponse.objects.get(amends=original)
    assert page.status_code == 200
    assert re.search(rb'value="0"\s+checked', page.content)  # prefilled from stored answers
    assert response.status_code == 302
    assert amendment.flags == ["phq9_item9_positive"]
    assert Alert.objects.filter(source_public_id=amendment.public_id).count() == 1
    original.refresh_from_db()
    assert original.answers["9"] == 0


def test_invalid_correction_keeps_every_answer(world: World) -> None:
    original = response_submit(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        answers=lowest_answers(INSTRUMENTS["PHQ-9"]),
    )
    partial = {f"item_{n}": "2" for n in range(1, 9)}  # item 9 left blank

    response = signed_in(world.practitioner_a).post(
        f"/measures/responses/{original.public_id}/amend/", partial
    )

    assert response.status_code == 400
    assert b"item 9" in response.content
    assert len(re.findall(rb'value="2"\s+checked', response.content)) == 8
    assert not QuestionnaireResponse.objects.filter(amends=original).exists()
