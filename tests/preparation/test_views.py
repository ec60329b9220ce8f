"""Intake pages, the client's status and the staff screening section."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from ketacare.accounts.models import User
from ketacare.clients.models import Client
from ketacare.preparation.models import Intake, ScreeningDecision, ScreeningResult
from ketacare.preparation.services import intake_start_or_resume
from tests.conftest import World, signed_in
from tests.preparation.helpers import ABSOLUTE, FORM_DATA

pytestmark = pytest.mark.django_db


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _intake(world: World) -> Intake:
    return intake_start_or_resume(actor=_user(world.client_a1), client=world.client_a1)


def _step(intake: Intake, step: int) -> str:
    return f"/preparation/intakes/{intake.public_id}/steps/{step}/"


def _fill_and_send(http: HttpClient, intake: Intake, **overrides: object) -> None:
    for step, data in FORM_DATA.items():
        extra = overrides if step == 3 else {}
        mine = {**data, **extra}
        response = http.post(_step(intake, step), mine)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    http.post(f"/preparation/intakes/{intake.public_id}/submit/")


def test_client_starts_the_intake_from_the_status_card(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    card = http.get("/preparation/", headers={"HX-Request": "true"})
    response = http.post(f"/preparation/clients/{world.client_a1.public_id}/intake/")

    assert "Start the questionnaire" in card.content.decode()
    intake = Intake.objects.get(client=world.client_a1)
    assert response["Location"] == _step(intake, 1)


def test_an_invalid_answer_keeps_the_valid_ones_and_names_the_field(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))

    response = http.post(_step(intake, 1), {"age": "40", "weight_kg": "-3"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Please check these answers" in body
    assert 'href="#id_weight_kg"' in body
    assert 'value="-3"' in body
    intake.refresh_from_db()
    assert intake.data == {"age": 40}


def test_steps_advance_and_keep_earlier_answers(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))

    first = http.post(_step(intake, 1), FORM_DATA[1])
    second = http.post(_step(intake, 2), {"planned_drug": "esketamine"})

    assert first["Location"] == _step(intake, 2)
    assert second.status_code == 400
    intake.refresh_from_db()
    assert intake.data["age"] == 40
    assert intake.data["planned_drug"] == "esketamine"
    assert "planned_route" not in intake.data


def test_add_row_shows_one_more_row_without_losing_what_was_typed(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))
    data = {
        "substance_rows": "3",
        "medication_rows": "3",
        "medication-0-name": "synthetic-medicine",
        "add_row": "medication",
    }

    response = http.post(_step(intake, 4), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="medication-3-name"' in body
    assert 'value="synthetic-medicine"' in body
    intake.refresh_from_db()
    assert intake.data["medications"] == [{"name": "synthetic-medicine"}]


def test_submit_with_an_unanswered_step_goes_back_to_it(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))
    for step in (1, 2, 3, 4, 6):
        http.post(_step(intake, step), FORM_DATA[step])

    response = http.post(f"/preparation/intakes/{intake.public_id}/submit/", follow=True)

    assert response.redirect_chain[-1][0] == _step(intake, 5)
    assert "suicidality" in response.content.decode()
    assert not ScreeningResult.objects.exists()


def test_review_page_shows_the_answers_in_plain_words(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))
    for step, data in FORM_DATA.items():
        http.post(_step(intake, step), data)

    body = http.get(_step(intake, 7)).content.decode()

    assert "Major depressive disorder" in body
    assert "Send my answers" in body


@pytest.mark.parametrize("condition", sorted(ABSOLUTE))
def test_the_client_never_sees_flag_codes_or_reasons(world: World, condition: str) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a1))
    payload = {**FORM_DATA[3], "conditions": [condition]}
    for step, data in FORM_DATA.items():
        http.post(_step(intake, step), payload if step == 3 else data)
    http.post(f"/preparation/intakes/{intake.public_id}/submit/")
    result = ScreeningResult.objects.get()
    pages = [
        http.get("/preparation/"),
        http.get("/preparation/", headers={"HX-Request": "true"}),
        http.get(f"/preparation/clients/{world.client_a1.public_id}/"),
        http.get("/"),
        http.get(_step(intake, 7), follow=True),
    ]

    code = result.flags[0]["code"]
    for page in pages:
        body = page.content.decode()
        assert code not in body
        assert result.flags[0]["source"] not in body
        assert "contraindication" not in body.lower()
    assert "under review" in pages[0].content.decode()


def test_staff_see_flags_with_evidence_and_can_sign(world: World) -> None:
    intake = _intake(world)
    _fill_and_send(signed_in(_user(world.client_a1)), intake, conditions=["bipolar_i"])
    result = ScreeningResult.objects.get()
    http = signed_in(world.practitioner_a)

    section = http.get(
        f"/preparation/clients/{world.client_a1.public_id}/", headers={"HX-Request": "true"}
    )
    response = http.post(
        f"/preparation/results/{result.public_id}/decide/",
        {"decision": "approve_with_conditions", "conditions": "synthetic condition"},
    )

    body = section.content.decode()
    assert "REL_BIPOLAR" in body
    assert "evidence [" in body
    assert response.status_code == 302
    decision = ScreeningDecision.objects.get()
    assert decision.decision == "approve_with_conditions"
    client_page = signed_in(_user(world.client_a1)).get("/preparation/").content.decode()
    assert "with some conditions" in client_page
    assert "synthetic condition" not in client_page


def test_approving_an_absolute_result_is_refused_and_explained(world: World) -> None:
    intake = _intake(world)
    _fill_and_send(signed_in(_user(world.client_a1)), intake, conditions=["current_mania"])
    result = ScreeningResult.objects.get()
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/preparation/results/{result.public_id}/decide/", {"decision": "approve"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "cannot be approved" in body
    assert not ScreeningDecision.objects.exists()


def test_a_declined_client_gets_a_gentle_message(world: World) -> None:
    intake = _intake(world)
    _fill_and_send(signed_in(_user(world.client_a1)), intake, conditions=["current_mania"])
    result = ScreeningResult.objects.get()
    signed_in(world.practitioner_a).post(
        f"/preparation/results/{result.public_id}/decide/", {"decision": "decline"}
    )

    body = signed_in(_user(world.client_a1)).get("/preparation/").content.decode()

    assert "Not suitable right now" in body
    assert "talk with your care team" in body


def test_practitioner_off_the_care_team_cannot_decide(world: World) -> None:
    intake = _intake(world)
    _fill_and_send(signed_in(_user(world.client_a1)), intake)
    result = ScreeningResult.objects.get()

    response = signed_in(world.practitioner_a2).post(
        f"/preparation/results/{result.public_id}/decide/", {"decision": "approve"}
    )

    assert response.status_code == 404
    assert not ScreeningDecision.objects.exists()


def test_another_client_cannot_open_or_fill_the_intake(world: World) -> None:
    intake = _intake(world)
    http = signed_in(_user(world.client_a2))

    page = http.get(_step(intake, 1))
    post = http.post(_step(intake, 1), FORM_DATA[1])

    assert page.status_code == post.status_code == 404
    intake.refresh_from_db()
    assert intake.data == {}


def test_a_practitioner_fills_the_intake_with_the_client_and_lands_on_the_record(
    world: World,
) -> None:
    http = signed_in(world.practitioner_a)

    start = http.post(f"/preparation/clients/{world.client_a1.public_id}/intake/")
    intake = Intake.objects.get(client=world.client_a1)
    _fill_and_send(http, intake)

    assert start["Location"] == _step(intake, 1)
    assert ScreeningResult.objects.filter(intake=intake).exists()


def test_signing_again_from_the_page_amends_the_current_decision(world: World) -> None:
    intake = _intake(world)
    _fill_and_send(signed_in(_user(world.client_a1)), intake)
    result = ScreeningResult.objects.get()
    http = signed_in(world.lead_a)
    url = f"/preparation/results/{result.public_id}/decide/"

    http.post(url, {"decision": "approve"})
    http.post(url, {"decision": "decline", "note": "synthetic correction"})
    section = http.get(f"/preparation/clients/{world.client_a1.public_id}/").content.decode()

    first, second = ScreeningDecision.objects.order_by("pk")
    assert second.amends_id == first.pk
    assert "Amend the decision" in section
    assert "synthetic correction" in section
