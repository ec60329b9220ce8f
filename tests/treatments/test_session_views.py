"""The session screen: a whole IV and Spravato session in the browser, errors, scope, settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from ketacare.alerts.models import Alert
from ketacare.alerts.services import alert_acknowledge
from ketacare.audit.models import AuditEvent
from ketacare.treatments.models import DosingSession, SessionNote, SessionStatus
from ketacare.treatments.session_services import safety_settings_for
from tests.conftest import World, signed_in
from tests.treatments.session_helpers import checked_in, dosing

pytestmark = pytest.mark.django_db


def _local(minutes_ago: float) -> str:
    when = timezone.localtime(timezone.now() - dt.timedelta(minutes=minutes_ago))
    return when.strftime("%Y-%m-%dT%H:%M")


def _post(http: HttpClient, session: DosingSession, action: str, **data: object) -> object:
    payload = {f"{action}-{key}": value for key, value in data.items()}
    return http.post(f"/treatments/sessions/{session.public_id}/record/{action}/", payload)


def _page(http: HttpClient, session: DosingSession) -> str:
    response = http.get(f"/treatments/sessions/{session.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def _discharge_all(http: HttpClient, session: DosingSession) -> None:
    for item in ("bp_trending_down", "alert_oriented", "ambulating_steadily", "escort_present"):
        assert _post(http, session, "discharge-check", item=item).status_code == 302  # type: ignore[attr-defined]


def test_a_whole_iv_session_in_the_browser(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)

    _post(http, session, "predose", weight_kg="80", systolic=150, diastolic=85, spo2=98)
    assert "Clinician" in _page(http, session)
    _post(http, session, "bp-decision", decision="proceed", reason="Baseline for this client")
    _post(
        http, session, "administration", drug="racemic_ketamine", route="iv", dose_mg="40",
        lot_number="L1", started_at=_local(150), ended_at=_local(110),
    )  # fmt: skip
    _post(http, session, "vitals", systolic=185, diastolic=100, heart_rate=90, spo2=97,
          phase="during")  # fmt: skip
    _post(http, session, "sedation", score=4)
    _post(http, session, "dissociation", item_1=1, item_2=0, item_6=2, item_7=0, item_15=1,
          item_22=0)  # fmt: skip
    _post(http, session, "adverse-event", kind="nausea", severity="mild", onset_at=_local(100),
          action_taken="Ondansetron")  # fmt: skip
    _post(http, session, "in-note", body="Settled after music")
    _discharge_all(http, session)
    done = _post(http, session, "discharge")
    _post(http, session, "note", body="Uneventful infusion")
    _post(http, session, "note", body="Addendum: nausea resolved")

    session.refresh_from_db()
    assert done.status_code == 302  # type: ignore[attr-defined]
    assert session.status == SessionStatus.COMPLETED
    body = _page(http, session)
    assert "0.500 mg/kg" in body
    assert "re-check" in body
    assert "Settled after music" in body
    assert "MOAA/S" in body
    assert SessionNote.objects.filter(session=session).count() == 2


def test_a_whole_spravato_session_with_alerts(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a, "spravato")
    http = signed_in(world.practitioner_a)
    _post(http, session, "predose", weight_kg="70", systolic=130, diastolic=80, spo2=98)
    _post(
        http, session, "administration", drug="esketamine", route="intranasal", dose_mg="84",
        lot_number="S1", started_at=_local(150),
    )  # fmt: skip

    for values in ({"spo2": 89}, {"systolic": 205, "diastolic": 100}, {"heart_rate": 130}):
        _post(http, session, "vitals", phase="during", **values)
    blocked = _post(http, session, "discharge")

    body = _page(http, session)
    assert 'role="alert"' in body
    assert "3 device(s)" in body
    assert blocked.status_code == 400  # type: ignore[attr-defined]
    assert "stop-level alert" in blocked.content.decode()  # type: ignore[attr-defined]
    assert "Not yet recorded as met: Escort present." in blocked.content.decode()  # type: ignore[attr-defined]
    codes = set(
        Alert.objects.filter(source_public_id=session.public_id).values_list("code", flat=True)
    )
    assert codes == {"spo2_stop", "bp_stop"}
    for alert in Alert.objects.filter(source_public_id=session.public_id):
        alert_acknowledge(actor=world.practitioner_a, alert=alert)
    _discharge_all(http, session)
    assert _post(http, session, "discharge").status_code == 302  # type: ignore[attr-defined]


def test_monitoring_time_refuses_discharge_and_says_so(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a, started_min_ago=70)  # ended 30 min ago
    http = signed_in(world.practitioner_a)
    _discharge_all(http, session)

    response = _post(http, session, "discharge")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "minimum monitoring time (60 min" in response.content.decode()  # type: ignore[attr-defined]


def test_vitals_errors_keep_what_was_typed(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)

    response = _post(http, session, "vitals", systolic=185, diastolic="", spo2=101, phase="during")

    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'value="185"' in body
    assert 'value="101"' in body
    assert "SpO2 must be between 50 and 100 %." in body


def test_a_refused_dose_keeps_the_form(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)

    response = _post(
        http, session, "administration", drug="racemic_ketamine", route="iv", dose_mg="40",
        lot_number="LOT-77", started_at=_local(5),
    )  # fmt: skip

    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'value="LOT-77"' in body
    assert "weight" in body


def test_htmx_vitals_swap_answers_200_with_the_live_region(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    http = signed_in(world.practitioner_a)

    response = http.post(
        f"/treatments/sessions/{session.public_id}/record/vitals/",
        {"vitals-spo2": "88", "vitals-phase": "during"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="session-live"' in body
    assert 'role="alert"' in body


def test_off_the_care_team_is_404_for_page_and_actions(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    for persona in (world.practitioner_a2, world.practitioner_b, world.client_a1.user):
        http = signed_in(persona)
        assert http.get(f"/treatments/sessions/{session.public_id}/").status_code == 404
        assert _post(http, session, "vitals", spo2=97, phase="during").status_code == 404  # type: ignore[attr-defined]


def test_unknown_action_is_404(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    response = _post(signed_in(world.practitioner_a), session, "teleport", x=1)

    assert response.status_code == 404  # type: ignore[attr-defined]


def test_viewing_the_session_is_audited(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    before = AuditEvent.objects.count()

    _page(signed_in(world.practitioner_a), session)

    views = AuditEvent.objects.filter(seq__gt=before, action="view")
    assert [e.object_type for e in views] == ["DosingSession"]


def test_settings_page_shows_defaults_and_sources_and_saves(world: World) -> None:
    http = signed_in(world.lead_a)

    body = http.get("/treatments/safety-settings/").content.decode()
    data = {name: getattr(safety_settings_for(world.practice_a.pk), name) for name in (
        "predose_defer_systolic", "predose_defer_diastolic", "predose_review_systolic",
        "predose_review_diastolic", "pause_systolic", "pause_diastolic", "confirm_min",
        "stop_systolic", "stop_diastolic", "heart_rate_above", "heart_rate_sustained_min",
        "spo2_alert_below", "spo2_stop_below")}  # fmt: skip
    data["spo2_alert_below"] = 93
    saved = http.post("/treatments/safety-settings/", data)
    bad = http.post("/treatments/safety-settings/", {**data, "spo2_stop_below": 95})

    assert "pharmacology reference §3" in body
    assert "Default 180 (practice policy [P])" in body
    assert saved.status_code == 302
    assert safety_settings_for(world.practice_a.pk).spo2_alert_below == 93
    assert bad.status_code == 400
    assert 'value="95"' in bad.content.decode()


def test_settings_page_is_for_leads_only(world: World) -> None:
    assert signed_in(world.practitioner_a).get("/treatments/safety-settings/").status_code == 403
