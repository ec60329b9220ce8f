"""The dosing session record: gate, doses, vitals alerts, checks, discharge and notes."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from ketacare.alerts.models import Alert
from ketacare.alerts.services import alert_acknowledge
from ketacare.audit.models import AuditEvent
from ketacare.core import rotation
from ketacare.treatments.exceptions import DischargeRefused, TreatmentRefused
from ketacare.treatments.models import (
    Administration,
    DosingSession,
    SessionNote,
    SessionStatus,
)
from ketacare.treatments.session_record_services import (
    adverse_event_record,
    discharge_check_record,
    dissociation_check_record,
    in_session_note_add,
    safety_settings_update,
    sedation_check_record,
    session_cancel,
    session_defer,
    session_discharge,
    session_note_amend,
    session_note_sign,
    session_stop,
)
from ketacare.treatments.session_services import (
    administration_record,
    bp_decision_record,
    safety_settings_for,
    session_weight_record,
    vital_signs_record,
)
from ketacare.treatments.signals import session_discharged
from tests.conftest import World
from tests.treatments.session_helpers import ago, checked_in, cleared, dosing

pytestmark = pytest.mark.django_db
ITEMS = ("bp_trending_down", "alert_oriented", "ambulating_steadily", "escort_present")


def _predose(world: World, session: DosingSession, systolic: int, diastolic: int) -> str | None:
    outcome = vital_signs_record(
        actor=world.practitioner_a,
        session=session,
        phase="pre_dose",
        taken_at=ago(30),
        systolic=systolic,
        diastolic=diastolic,
    )
    return outcome.gate.value if outcome.gate else None


def _during(world: World, session: DosingSession, minutes_ago: float, **values: int) -> None:
    vital_signs_record(
        actor=world.practitioner_a,
        session=session,
        phase="during",
        taken_at=ago(minutes_ago),
        **values,
    )


def _alert_codes(session: DosingSession) -> list[str]:
    return sorted(
        Alert.objects.filter(source_public_id=session.public_id).values_list("code", flat=True)
    )


def _dose(world: World, session: DosingSession, **kwargs: object) -> Administration:
    values: dict[str, object] = {
        "drug": "racemic_ketamine",
        "route": "iv",
        "dose_mg": Decimal(40),
        "lot_number": "LOT-1",
        "started_at": ago(60),
    }
    values.update(kwargs)
    return administration_record(actor=world.practitioner_a, session=session, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("systolic", "diastolic", "gate", "status"),
    [
        (179, 109, "review", SessionStatus.CHECKED_IN),
        (180, 109, "defer", SessionStatus.DEFERRED),
        (179, 110, "defer", SessionStatus.DEFERRED),
        (140, 90, "proceed", SessionStatus.CHECKED_IN),
        (141, 90, "review", SessionStatus.CHECKED_IN),
        (140, 91, "review", SessionStatus.CHECKED_IN),
    ],
)
def test_predose_bp_gate(
    world: World, systolic: int, diastolic: int, gate: str, status: str
) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)

    result = _predose(world, session, systolic, diastolic)

    session.refresh_from_db()
    assert (result, session.status) == (gate, status)


def test_review_band_needs_a_proceed_decision_before_dosing(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)
    _predose(world, session, 150, 95)

    with pytest.raises(TreatmentRefused, match="review band"):
        _dose(world, session)
    bp_decision_record(
        actor=world.practitioner_a, session=session, decision="proceed", reason="Usual for them"
    )
    _dose(world, session)

    session.refresh_from_db()
    assert session.status == SessionStatus.IN_PROGRESS


def test_defer_decision_defers_the_session(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)
    _predose(world, session, 150, 95)

    bp_decision_record(actor=world.practitioner_a, session=session, decision="defer", reason="High")

    session.refresh_from_db()
    assert session.status == SessionStatus.DEFERRED


def test_dosing_needs_weight_and_predose_vitals(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)

    with pytest.raises(TreatmentRefused, match="weight"):
        _dose(world, session)


def test_mg_per_kg_is_computed_from_the_session_weight(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)  # 80 kg

    first = _dose(world, session, dose_mg=Decimal(40))
    second = _dose(world, session, dose_mg=Decimal(10), started_at=ago(10))

    assert first.dose_mg_per_kg == Decimal("0.500")
    assert (first.is_additional, second.is_additional) == (False, True)
    assert second.dose_mg_per_kg == Decimal("0.125")


def test_esketamine_devices_and_five_minute_spacing(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a, "spravato")

    row = _dose(world, session, drug="esketamine", route="intranasal", dose_mg=Decimal(84))

    assert row.devices == 3
    assert row.ended_at is not None
    assert (row.ended_at - row.started_at).total_seconds() == 600
    with pytest.raises(TreatmentRefused, match="5 minutes apart"):
        _dose(
            world,
            session,
            drug="esketamine",
            route="intranasal",
            dose_mg=Decimal(28),
            started_at=ago(60 - 14),
        )
    with pytest.raises(TreatmentRefused, match="28, 56 or 84"):
        _dose(
            world,
            session,
            drug="esketamine",
            route="intranasal",
            dose_mg=Decimal(30),
            started_at=ago(5),
        )


def test_esketamine_refuses_the_iv_route(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a, "spravato")

    with pytest.raises(TreatmentRefused, match="route"):
        _dose(world, session, drug="esketamine", route="iv", dose_mg=Decimal(56))


@pytest.mark.parametrize(("gap_min", "expected"), [(4, []), (5, ["bp_pause"])])
def test_bp_confirmation_timing(world: World, gap_min: int, expected: list[str]) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    _during(world, session, 20, systolic=185, diastolic=100)

    _during(world, session, 20 - gap_min, systolic=182, diastolic=100)

    assert _alert_codes(session) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"systolic": 199, "diastolic": 100}, []),
        ({"systolic": 200, "diastolic": 100}, ["bp_stop"]),
        ({"systolic": 150, "diastolic": 119}, []),
        ({"systolic": 150, "diastolic": 120}, ["bp_stop"]),
        ({"spo2": 92}, []),
        ({"spo2": 91}, ["spo2_low"]),
        ({"spo2": 90}, ["spo2_low"]),
        ({"spo2": 89}, ["spo2_stop"]),
    ],
)
def test_single_reading_thresholds(
    world: World, values: dict[str, int], expected: list[str]
) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    _during(world, session, 5, **values)

    assert _alert_codes(session) == expected


@pytest.mark.parametrize(
    ("rate", "span", "expected"),
    [(121, 5, ["heart_rate_sustained"]), (121, 4, []), (120, 5, [])],
)
def test_heart_rate_sustained(world: World, rate: int, span: int, expected: list[str]) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    _during(world, session, 10, heart_rate=rate)

    _during(world, session, 10 - span, heart_rate=rate)

    assert _alert_codes(session) == expected


def test_no_further_dose_while_a_stop_alert_is_unresolved(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    _during(world, session, 5, systolic=210, diastolic=100)

    with pytest.raises(TreatmentRefused, match="stop-level alert"):
        _dose(world, session, dose_mg=Decimal(10), started_at=ago(1))


def test_an_open_alert_is_not_raised_twice(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    _during(world, session, 9, spo2=89)
    _during(world, session, 8, spo2=88)

    assert _alert_codes(session) == ["spo2_stop"]
    alert = Alert.objects.get(source_public_id=session.public_id)
    assert (alert.source_type, alert.severity) == ("dosing_session", "urgent")


def test_practice_thresholds_change_the_alerts(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    safety_settings_update(
        actor=world.lead_a, practice=world.practice_a, values={"spo2_alert_below": 95}
    )

    _during(world, session, 5, spo2=94)

    assert _alert_codes(session) == ["spo2_low"]


def test_only_a_lead_changes_the_settings(world: World) -> None:
    with pytest.raises(PermissionDenied):
        safety_settings_update(
            actor=world.practitioner_a, practice=world.practice_a, values={"confirm_min": 2}
        )
    assert safety_settings_for(world.practice_a.pk).confirm_min == 5


def test_out_of_range_vitals_are_refused_with_a_clear_message(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    with pytest.raises(TreatmentRefused) as caught:
        _during(world, session, 1, spo2=101)

    assert caught.value.field == "spo2"
    assert "between 50 and 100" in caught.value.message


def test_red_flag_adverse_event_raises_a_stop_alert(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    adverse_event_record(
        actor=world.practitioner_a, session=session, kind="nausea", severity="mild", onset_at=ago(5)
    )
    adverse_event_record(
        actor=world.practitioner_a,
        session=session,
        kind="chest_pain",
        severity="severe",
        onset_at=ago(2),
        action_taken="ECG",
    )

    assert _alert_codes(session) == ["red_flag_symptom"]


def test_checks_are_scored(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    sedation = sedation_check_record(actor=world.practitioner_a, session=session, score=4)
    cadss = dissociation_check_record(
        actor=world.practitioner_a,
        session=session,
        items={"1": 1, "2": 2, "6": 0, "7": 3, "15": 1, "22": 0},
    )

    assert (sedation.score, cadss.score) == (4, 7)
    with pytest.raises(TreatmentRefused):
        sedation_check_record(actor=world.practitioner_a, session=session, score=6)
    with pytest.raises(TreatmentRefused):
        dissociation_check_record(actor=world.practitioner_a, session=session, items={"1": 1})


def _all_items(world: World, session: DosingSession) -> None:
    for item in ITEMS:
        discharge_check_record(actor=world.practitioner_a, session=session, item=item)


def test_discharge_lists_every_unmet_criterion(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a, started_min_ago=90)  # ended 50 min ago
    discharge_check_record(actor=world.practitioner_a, session=session, item="escort_present")

    with pytest.raises(DischargeRefused) as caught:
        session_discharge(actor=world.practitioner_a, session=session)

    reasons = " ".join(caught.value.reasons)
    assert "Blood pressure trending down" in reasons
    assert "Escort present" not in reasons
    assert "minimum monitoring time (60 min" in reasons


def test_discharge_refused_while_a_stop_alert_is_unacknowledged(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    _during(world, session, 30, spo2=85)
    _all_items(world, session)

    with pytest.raises(DischargeRefused) as caught:
        session_discharge(actor=world.practitioner_a, session=session)
    assert "stop-level alert" in caught.value.reasons[0]

    alert_acknowledge(actor=world.practitioner_a, alert=Alert.objects.get(code="spo2_stop"))
    session_discharge(actor=world.practitioner_a, session=session)


def test_discharge_completes_the_session_and_signals_on_commit(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    _all_items(world, session)
    seen: list[DosingSession] = []

    def receiver(sender: object, session: DosingSession, **kwargs: object) -> None:
        seen.append(session)

    session_discharged.connect(receiver)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(transaction, "on_commit", lambda fn, **kw: fn())
            session_discharge(actor=world.practitioner_a, session=session)
    finally:
        session_discharged.disconnect(receiver)

    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    assert session.discharged_at is not None
    assert [s.pk for s in seen] == [session.pk]


def test_stop_defer_cancel_transitions(world: World) -> None:
    running = dosing(world.client_a1, world.practitioner_a)

    assert session_stop(actor=world.practitioner_a, session=running).status == "stopped"
    with pytest.raises(TreatmentRefused, match="can be stopped"):
        session_stop(actor=world.practitioner_a, session=running)
    with pytest.raises(TreatmentRefused):
        _dose(world, running)
    upcoming = running.course.sessions.get(number=2)
    assert session_cancel(actor=world.practitioner_a, session=upcoming).status == "cancelled"
    with pytest.raises(TreatmentRefused, match="checked-in session"):
        session_defer(actor=world.practitioner_a, session=upcoming)


def test_defer_a_checked_in_session(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)

    assert session_defer(actor=world.practitioner_a, session=session).status == "deferred"


def test_wrong_actor_is_refused(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    with pytest.raises(PermissionDenied):
        vital_signs_record(actor=world.practitioner_a2, session=session, phase="during", spo2=97)
    with pytest.raises(PermissionDenied):
        in_session_note_add(actor=world.practitioner_b, session=session, body="x")


def test_in_session_note_is_encrypted_and_audited(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    before = AuditEvent.objects.count()

    note = in_session_note_add(actor=world.practitioner_a, session=session, body="Calm, music on")

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM treatments_insessionnote WHERE id = %s", [note.pk])
        (raw,) = cursor.fetchone()
    assert "Calm" not in raw
    assert AuditEvent.objects.count() == before + 1


def test_signed_note_is_immutable_and_amended_by_new_rows(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    note = session_note_sign(actor=world.practitioner_a, session=session, body="Uneventful")

    with pytest.raises(TreatmentRefused, match="already has a signed note"):
        session_note_sign(actor=world.practitioner_a, session=session, body="Again")
    amendment = session_note_amend(
        actor=world.practitioner_a, note=note, body="Uneventful; AE nausea"
    )
    with pytest.raises(TreatmentRefused, match="latest version"):
        session_note_amend(actor=world.practitioner_a, note=note, body="Other")
    with pytest.raises(DatabaseError), transaction.atomic():
        SessionNote.objects.filter(pk=note.pk).update(signed_at=note.signed_at)

    assert amendment.amends_id == note.pk
    assert SessionNote.objects.filter(session=session).count() == 2


def test_vitals_refusals(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)
    record = vital_signs_record

    with pytest.raises(TreatmentRefused, match="at least one"):
        record(actor=world.practitioner_a, session=session, phase="during")
    with pytest.raises(TreatmentRefused, match="both systolic and diastolic"):
        record(actor=world.practitioner_a, session=session, phase="during", systolic=120)
    with pytest.raises(TreatmentRefused, match="future"):
        record(
            actor=world.practitioner_a, session=session, phase="during", spo2=97, taken_at=ago(-10)
        )
    with pytest.raises(TreatmentRefused, match="only before the first dose"):
        record(actor=world.practitioner_a, session=session, phase="pre_dose", spo2=97)


def test_predose_without_bp_gives_no_gate_and_no_dose(world: World) -> None:
    session = checked_in(world.client_a1, world.practitioner_a)
    session_weight_record(actor=world.practitioner_a, session=session, weight_kg=Decimal(70))

    outcome = vital_signs_record(
        actor=world.practitioner_a, session=session, phase="pre_dose", heart_rate=70
    )

    assert outcome.gate is None
    with pytest.raises(TreatmentRefused, match="Record pre-dose vitals"):
        _dose(world, session)
    with pytest.raises(TreatmentRefused, match="between 20 and 300"):
        session_weight_record(actor=world.practitioner_a, session=session, weight_kg=Decimal(10))


def test_bp_decision_refusals(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)  # 120/80: proceed

    with pytest.raises(TreatmentRefused, match="does not need"):
        bp_decision_record(
            actor=world.practitioner_a, session=session, decision="proceed", reason="x"
        )
    _predose(world, session, 150, 80)
    with pytest.raises(TreatmentRefused, match="reason"):
        bp_decision_record(
            actor=world.practitioner_a, session=session, decision="proceed", reason=" "
        )


def test_a_deferred_session_takes_no_dose(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)
    _predose(world, session, 185, 80)

    with pytest.raises(TreatmentRefused, match="closed"):
        _dose(world, session)


def test_administration_refusals(world: World) -> None:
    session = cleared(world.client_a1, world.practitioner_a)

    with pytest.raises(TreatmentRefused, match="lot number"):
        _dose(world, session, lot_number=" ")
    with pytest.raises(TreatmentRefused, match="after the start"):
        _dose(world, session, started_at=ago(30), ended_at=ago(40))


def test_blank_notes_are_refused(world: World) -> None:
    session = dosing(world.client_a1, world.practitioner_a)

    with pytest.raises(TreatmentRefused, match="Write the note"):
        in_session_note_add(actor=world.practitioner_a, session=session, body=" ")
    with pytest.raises(TreatmentRefused, match="Write the note"):
        session_note_sign(actor=world.practitioner_a, session=session, body="")
    note = session_note_sign(actor=world.practitioner_a, session=session, body="Fine")
    with pytest.raises(TreatmentRefused, match="Write the note"):
        session_note_amend(actor=world.practitioner_a, note=note, body="")


@pytest.mark.security
@pytest.mark.django_db
def test_key_rotation_reseals_signed_notes_and_leaves_them_append_only(world: World) -> None:
    """`keys rotate` re-encrypts append-only notes; the UPDATE refusal is back afterwards."""
    session = dosing(world.client_a1, world.practitioner_a)
    note = session_note_sign(actor=world.practitioner_a, session=session, body="Calm session.")
    new = f"rotated:{base64.b64encode(bytes([7]) * 32).decode('ascii')}"
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, *settings.FIELD_ENCRYPTION_KEYS]):
        report = rotation.field_keys_rotate()
        assert SessionNote.objects.get(pk=note.pk).body == "Calm session."
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM treatments_sessionnote WHERE id = %s", [note.pk])
        (stored,) = cursor.fetchone()

    assert report.rotated >= 1
    assert stored.startswith("v1:rotated:")
    with pytest.raises(DatabaseError), transaction.atomic():
        SessionNote.objects.filter(pk=note.pk).update(signed_at=timezone.now())
