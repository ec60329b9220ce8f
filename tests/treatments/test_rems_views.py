"""The REMS form pages: preview, filing rule, downloads, scope and audit; the session screen."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from ketacare.audit.models import AuditEvent
from ketacare.treatments.exceptions import TreatmentRefused
from ketacare.treatments.models import DosingSession, RemsFiling
from ketacare.treatments.rems_services import (
    ALREADY_FILED,
    NOT_DISCHARGED,
    rems_filing_record,
    rems_status,
)
from tests.conftest import World, signed_in
from tests.treatments.rems_helpers import FILER_ANSWERS, spravato_discharged, spravato_dosed
from tests.treatments.session_helpers import dosing

pytestmark = pytest.mark.django_db


def _url(session: DosingSession, suffix: str = "rems/") -> str:
    return f"/treatments/sessions/{session.public_id}/{suffix}"


def _file(http: HttpClient, session: DosingSession, **extra: str) -> object:
    return http.post(_url(session), {**FILER_ANSWERS, **extra})


def test_preview_lists_what_is_missing_and_prefills_what_the_record_says(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)

    response = signed_in(world.practitioner_a).get(_url(session))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Not complete yet" in body
    assert "Healthcare setting information: certification id" in body
    assert "142/88 mmHg" in body  # the 40-minute blood pressure
    assert 'value="LOT-S1"' not in body  # the lot is shown, not asked
    assert "LOT-S1" in body
    assert "Mark as filed" in body


def test_filing_a_complete_form_stores_the_json_and_is_audited(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)
    before = AuditEvent.objects.count()

    response = _file(http, session, confirmation="REMS-123")

    assert response.status_code == 302  # type: ignore[attr-defined]
    filing = RemsFiling.objects.get(session=session)
    assert filing.confirmation == "REMS-123"
    assert filing.form["is_complete"] is True
    assert filing.form["session"]["dose_mg"] == 56
    assert filing.form["healthcare_setting"]["city"] == "Springfield"
    created = AuditEvent.objects.filter(seq__gt=before, action="create")
    assert [e.object_type for e in created] == ["RemsFiling"]
    page = http.get(_url(session)).content.decode()
    assert "Filed on" in page
    assert "REMS-123" in page


def test_filing_is_refused_while_fields_are_missing_and_keeps_what_was_typed(
    world: World,
) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    answers = {k: v for k, v in FILER_ANSWERS.items() if k != "setting_zip"}

    response = signed_in(world.practitioner_a).post(_url(session), answers)

    body = response.content.decode()
    assert response.status_code == 400
    assert "not complete yet" in body
    assert "healthcare_setting.zip" in body
    assert 'value="Springfield"' in body
    assert not RemsFiling.objects.filter(session=session).exists()


def test_filing_is_refused_before_discharge(world: World) -> None:
    session = spravato_dosed(world.client_a1, world.practitioner_a, started_min_ago=60)

    response = _file(signed_in(world.practitioner_a), session)

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert NOT_DISCHARGED in response.content.decode()  # type: ignore[attr-defined]


def test_a_form_is_filed_once(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    rems_filing_record(actor=world.practitioner_a, session=session, answers=_answers())

    with pytest.raises(TreatmentRefused) as refused:
        rems_filing_record(actor=world.practitioner_a, session=session, answers=_answers())

    assert refused.value.message == ALREADY_FILED


def _answers() -> dict[str, object]:
    values: dict[str, object] = dict(FILER_ANSWERS)
    values["patient_birth_date"] = dt.date(1980, 2, 3)
    for key in ("takes_benzodiazepines", "takes_non_benzodiazepine_hypnotics"):
        values[key] = False
    values["takes_psychostimulants"] = values["takes_maois"] = False
    return values


def test_second_filing_of_the_practice_carries_the_setting_over(world: World) -> None:
    first = spravato_discharged(world.client_a1, world.practitioner_a)
    rems_filing_record(actor=world.practitioner_a, session=first, answers=_answers())
    second = spravato_discharged(world.client_a2, world.practitioner_a2)

    body = signed_in(world.practitioner_a2).get(_url(second)).content.decode()

    assert 'value="HCS-TEST-0001"' in body


def test_downloads_are_attachments_never_cached_and_audited_as_exports(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    http = signed_in(world.lead_a)
    before = AuditEvent.objects.count()

    as_json = http.get(_url(session, "rems.json"))
    as_pdf = http.get(_url(session, "rems.pdf"))

    assert as_json.status_code == as_pdf.status_code == 200
    assert json.loads(as_json.content)["schema"] == "ketacare.spravato-rems.patient-monitoring"
    assert as_pdf.content.startswith(b"%PDF")
    for response in (as_json, as_pdf):
        assert response["Content-Disposition"].startswith("attachment;")
        assert str(session.public_id) in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
    exports = AuditEvent.objects.filter(seq__gt=before, action="export")
    assert exports.count() == 2


def test_after_filing_the_downloads_show_the_form_as_filed(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)
    _file(http, session)

    document = json.loads(http.get(_url(session, "rems.json")).content)

    assert document == RemsFiling.objects.get(session=session).form
    assert http.get(_url(session, "rems.pdf")).content.startswith(b"%PDF")


def test_off_the_care_team_clients_and_other_practices_get_404(world: World) -> None:
    session = spravato_dosed(world.client_a1, world.practitioner_a)

    for persona in (
        world.practitioner_a2,
        world.practitioner_b,
        world.lead_b,
        world.client_a1.user,
    ):
        http = signed_in(persona)
        for suffix in ("rems/", "rems.json", "rems.pdf"):
            assert http.get(_url(session, suffix)).status_code == 404
        assert _file(http, session).status_code == 404  # type: ignore[attr-defined]
    assert not RemsFiling.objects.exists()


def test_an_iv_racemic_session_has_no_rems_form(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)

    assert http.get(_url(session)).status_code == 404
    assert rems_status(session) is None
    assert "REMS form" not in http.get(_url(session, "")).content.decode()


def test_session_screen_says_when_the_form_is_due_then_when_it_was_filed(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)
    status = rems_status(session)
    assert status is not None
    assert status.due_on is not None

    due = http.get(_url(session, "")).content.decode()
    _file(http, session)
    filed = http.get(_url(session, "")).content.decode()

    assert f"due by {status.due_on:%-d %b %Y}" in due
    assert _url(session) in due
    assert f"filed on {timezone.localdate():%-d %b %Y}" in filed


def test_session_screen_draws_the_timeline_with_the_vitals(world: World) -> None:
    session = spravato_dosed(world.client_a1, world.practitioner_a)

    body = signed_in(world.practitioner_a).get(_url(session, "")).content.decode()

    assert '<section id="timeline"' in body
    assert "Expected esketamine plasma concentration" in body
    assert 'class="timeline__window"' in body
    assert 'class="timeline__systolic"' in body
    assert "typical person weighing 80 kg" in body


def test_htmx_vitals_entry_redraws_the_timeline(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    response = signed_in(world.practitioner_a).post(
        _url(session, "record/vitals/"),
        {"vitals-systolic": "150", "vitals-diastolic": "90", "vitals-phase": "during"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "150 mmHg" in body  # the new reading's marker title
    assert "Expected ketamine plasma concentration" in body


def test_completed_session_offers_the_client_a_reflection(world: World) -> None:
    session = spravato_discharged(world.client_a1, world.practitioner_a)
    assert world.client_a1.user is not None

    body = signed_in(world.client_a1.user).get("/treatments/").content.decode()

    assert f"Reflect on session {session.number} while it is fresh" in body
    assert f"/journal/reflect/{session.public_id}/" in body


def test_no_reflection_link_without_a_completed_session(world: World) -> None:
    spravato_dosed(world.client_a1, world.practitioner_a)
    assert world.client_a1.user is not None

    body = signed_in(world.client_a1.user).get("/treatments/").content.decode()

    assert "while it is fresh" not in body
