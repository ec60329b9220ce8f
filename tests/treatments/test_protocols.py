"""Practice protocols: leads copy and adjust templates; courses and sessions follow the copy."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.html import escape

from ketacare.audit.models import AuditEvent
from ketacare.core.permissions import NotFound
from ketacare.domain.protocols.adjust import ChecklistEntry, Overrides
from ketacare.treatments.exceptions import UNKNOWN_PROTOCOL, TreatmentRefused
from ketacare.treatments.models import Administration, Course, PracticeProtocol, ReadinessItem
from ketacare.treatments.protocol_services import (
    NAME_TAKEN,
    PROTOCOL_RETIRED,
    ProtocolRefused,
    effective_template,
    plan_choices,
    practice_protocol_copy,
    practice_protocol_get,
    practice_protocol_retire,
    practice_protocol_update,
    practice_protocols,
)
from ketacare.treatments.session_record_services import discharge_reasons
from ketacare.treatments.session_selectors import session_record_get
from ketacare.treatments.session_services import administration_record
from tests.conftest import World, signed_in
from tests.treatments.helpers import MONDAY, planned
from tests.treatments.protocol_helpers import copy_for, defaults
from tests.treatments.session_helpers import ago, cleared

pytestmark = pytest.mark.django_db


def _adjusted(protocol: PracticeProtocol, **changes: object) -> Overrides:
    return replace(protocol.overrides, **changes)  # type: ignore[arg-type]


def _form_data(overrides: Overrides, template_codes: list[str]) -> dict[str, str]:
    data = {
        "name": overrides.name,
        "min_monitoring_min": str(overrides.min_monitoring_min),
        "vitals_every_min": str(overrides.vitals_every_min),
        "added_items": "",
    }
    if overrides.infusion_min is not None:
        data["infusion_min"] = str(overrides.infusion_min)
    for index, phase in enumerate(overrides.phases):
        data[f"phase_{index}_sessions"] = str(phase.sessions)
        data[f"phase_{index}_per_week"] = str(phase.per_week)
        data[f"phase_{index}_dose"] = f"{phase.dose:g}"
    kept = {entry.code for entry in overrides.checklist}
    data.update({f"keep_{code}": "on" for code in template_codes if code in kept})
    return data


# services
def test_lead_copies_a_builtin_with_its_values_and_the_copy_is_audited(world: World) -> None:
    copy = copy_for(world, "a", "spravato")

    assert copy.based_on == "spravato"
    assert copy.name == "Spravato (esketamine) nasal spray, label schedule (practice copy)"
    assert copy.overrides == replace(defaults("spravato"), name=copy.name)
    assert copy.is_active
    event = AuditEvent.objects.get(object_public_id=copy.public_id)
    assert (event.action, event.extra) == ("create", {"based_on": "spravato"})


def test_a_second_copy_gets_a_name_of_its_own(world: World) -> None:
    first, second = copy_for(world), copy_for(world)

    assert second.name == first.name.replace("(practice copy)", "(practice copy 2)")


def test_practitioner_cannot_copy_a_template(world: World) -> None:
    with pytest.raises(PermissionDenied):
        practice_protocol_copy(
            actor=world.practitioner_a, practice=world.practice_a, based_on="im_kap"
        )


def test_lead_of_another_practice_cannot_copy_into_this_one(world: World) -> None:
    with pytest.raises(PermissionDenied):
        practice_protocol_copy(actor=world.lead_b, practice=world.practice_a, based_on="im_kap")


def test_copying_an_unknown_template_is_refused(world: World) -> None:
    with pytest.raises(TreatmentRefused, match=UNKNOWN_PROTOCOL):
        practice_protocol_copy(actor=world.lead_a, practice=world.practice_a, based_on="lsd")


def test_lead_adjusts_a_copy_and_the_change_is_audited_by_name(world: World) -> None:
    copy = copy_for(world, "a", "im_kap")
    phases = (replace(copy.overrides.phases[0], sessions=4, dose=1.0),)

    practice_protocol_update(
        actor=world.lead_a, protocol=copy, overrides=_adjusted(copy, phases=phases)
    )

    copy.refresh_from_db()
    assert copy.phases == [{"sessions": 4, "per_week": 1, "dose": 1.0}]
    event = AuditEvent.objects.filter(object_public_id=copy.public_id).latest("seq")
    assert (event.action, event.extra) == ("update", {"changed": ["phases"]})


def test_guard_rails_refuse_esketamine_monitoring_under_two_hours(world: World) -> None:
    copy = copy_for(world, "a", "spravato")

    with pytest.raises(ProtocolRefused) as refused:
        practice_protocol_update(
            actor=world.lead_a, protocol=copy, overrides=_adjusted(copy, min_monitoring_min=90)
        )

    assert [e.field for e in refused.value.errors] == ["min_monitoring_min"]
    copy.refresh_from_db()
    assert copy.min_monitoring_min == 120


def test_two_copies_cannot_share_a_name(world: World) -> None:
    first, second = copy_for(world), copy_for(world)

    with pytest.raises(ProtocolRefused) as refused:
        practice_protocol_update(
            actor=world.lead_a, protocol=second, overrides=_adjusted(second, name=first.name)
        )

    assert refused.value.errors[0].message == NAME_TAKEN


def test_practitioner_cannot_adjust_or_retire_a_copy(world: World) -> None:
    copy = copy_for(world)

    with pytest.raises(PermissionDenied):
        practice_protocol_update(
            actor=world.practitioner_a, protocol=copy, overrides=copy.overrides
        )
    with pytest.raises(PermissionDenied):
        practice_protocol_retire(actor=world.practitioner_a, protocol=copy)


def test_retired_copy_cannot_change_or_start_a_course_but_is_retired_once(world: World) -> None:
    copy = copy_for(world)

    practice_protocol_retire(actor=world.lead_a, protocol=copy)
    practice_protocol_retire(actor=world.lead_a, protocol=copy)

    copy.refresh_from_db()
    assert not copy.is_active
    assert AuditEvent.objects.filter(object_public_id=copy.public_id, action="update").count() == 1
    with pytest.raises(TreatmentRefused, match=PROTOCOL_RETIRED):
        practice_protocol_update(actor=world.lead_a, protocol=copy, overrides=copy.overrides)
    with pytest.raises(TreatmentRefused, match=UNKNOWN_PROTOCOL):
        planned(world.client_a1, world.practitioner_a, str(copy.public_id))
    assert practice_protocols(actor=world.practitioner_a, practice=world.practice_a) == ()


# tenant isolation
def test_copies_stay_inside_their_practice(world: World) -> None:
    copy = copy_for(world, "a")

    with pytest.raises(NotFound):
        practice_protocol_get(actor=world.lead_b, public_id=copy.public_id)
    with pytest.raises(NotFound):
        practice_protocol_get(actor=world.practitioner_a, public_id=copy.public_id)
    assert practice_protocols(actor=world.lead_b, practice=world.practice_a) == ()
    assert str(copy.public_id) not in dict(
        plan_choices(actor=world.practitioner_b, client=world.client_b1)
    )
    with pytest.raises(TreatmentRefused, match=UNKNOWN_PROTOCOL):
        planned(world.client_b1, world.practitioner_b, str(copy.public_id))


def test_a_malformed_protocol_choice_is_refused(world: World) -> None:
    with pytest.raises(TreatmentRefused, match=UNKNOWN_PROTOCOL):
        planned(world.client_a1, world.practitioner_a, "not-a-protocol")


def test_staff_of_the_practice_see_its_active_copies(world: World) -> None:
    copy = copy_for(world, "a")

    assert practice_protocols(actor=world.practitioner_a, practice=world.practice_a) == (copy,)
    assert (str(copy.public_id), f"{copy.name} (practice protocol)") in plan_choices(
        actor=world.practitioner_a, client=world.client_a1
    )
    assert practice_protocols(actor=world.client_a1.user, practice=world.practice_a) == ()


# planning and sessions follow the copy
def test_planning_from_a_copy_gives_the_adjusted_schedule_and_checklist(world: World) -> None:
    copy = copy_for(world, "a", "im_kap")
    phases = (replace(copy.overrides.phases[0], sessions=3, per_week=2),)
    checklist = (
        *(e for e in copy.overrides.checklist if e.code != "set_and_setting"),
        ChecklistEntry("practice_1", "I have a blanket for the rest afterwards."),
    )
    practice_protocol_update(
        actor=world.lead_a,
        protocol=copy,
        overrides=_adjusted(copy, phases=phases, checklist=checklist),
    )

    course = planned(world.client_a1, world.practitioner_a, str(copy.public_id))

    assert (course.protocol_code, course.practice_protocol) == ("im_kap", copy)
    assert course.protocol_name == copy.name
    dates = list(course.sessions.values_list("scheduled_on", flat=True))
    assert dates == [MONDAY, MONDAY + dt.timedelta(days=3), MONDAY + dt.timedelta(days=7)]
    codes = set(ReadinessItem.objects.filter(session__course=course).values_list("code", flat=True))
    assert "set_and_setting" not in codes
    assert "practice_1" in codes


def test_session_monitoring_minimum_follows_the_copy(world: World) -> None:
    copy = copy_for(world, "a", "iv_racemic_series")
    practice_protocol_update(
        actor=world.lead_a, protocol=copy, overrides=_adjusted(copy, min_monitoring_min=90)
    )
    session = cleared(world.client_a1, world.practitioner_a, str(copy.public_id))
    administration_record(
        actor=world.practitioner_a,
        session=session,
        drug="racemic_ketamine",
        route="iv",
        dose_mg=Decimal(40),
        lot_number="LOT-1",
        started_at=ago(120),
        ended_at=ago(80),
    )

    record = session_record_get(actor=world.practitioner_a, public_id=session.public_id)
    reasons = discharge_reasons(session, ago(0))

    assert record.protocol.min_monitoring_min == 90
    ended_at = Administration.objects.get(session=session).ended_at
    assert ended_at is not None
    assert record.timers.monitoring_until == ended_at + dt.timedelta(minutes=90)
    assert any("minimum monitoring time (90 min" in reason for reason in reasons)


def test_a_builtin_course_runs_by_the_builtin(world: World) -> None:
    course = planned(world.client_a1, world.practitioner_a, "im_kap")

    assert effective_template(course).min_monitoring_min == 90


def test_a_copy_the_rails_now_refuse_falls_back_to_the_builtin(world: World) -> None:
    copy = copy_for(world, "a", "im_kap")
    course = planned(world.client_a1, world.practitioner_a, str(copy.public_id))
    PracticeProtocol.objects.filter(pk=copy.pk).update(vitals_every_min=45)  # rule tightened

    course = Course.objects.get(pk=course.pk)

    assert effective_template(course).vitals_every_min == 15


# pages
def test_lead_sees_builtins_and_copies_with_copy_and_adjust(world: World) -> None:
    copy = copy_for(world, "a")
    http = signed_in(world.lead_a)

    response = http.get("/treatments/protocols/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Copy and adjust" in body
    assert escape(copy.name) in body
    assert f"/treatments/protocols/{copy.public_id}/edit/" in body


def test_lead_home_links_the_protocols_but_a_practitioners_does_not(world: World) -> None:
    assert "/treatments/protocols/" in signed_in(world.lead_a).get("/").content.decode()
    assert "/treatments/protocols/" not in signed_in(world.practitioner_a).get("/").content.decode()


def test_copy_button_copies_and_opens_the_form(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post("/treatments/protocols/copy/", {"based_on": "spravato"})

    copy = PracticeProtocol.objects.get()
    assert response["Location"] == f"/treatments/protocols/{copy.public_id}/edit/"
    page = http.get(response["Location"]).content.decode()
    assert "Built-in: 120 min" in page
    assert "REMS" in page
    assert "practice policy [P]" in page


def test_copy_button_with_an_unknown_template_explains(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post("/treatments/protocols/copy/", {"based_on": "nope"}, follow=True)

    assert escape(UNKNOWN_PROTOCOL) in response.content.decode()
    assert not PracticeProtocol.objects.exists()


def test_form_refuses_a_value_below_the_floor_and_keeps_the_input(world: World) -> None:
    copy = copy_for(world, "a", "spravato")
    codes = [entry.code for entry in copy.overrides.checklist]
    data = _form_data(_adjusted(copy, name="Our Spravato", min_monitoring_min=90), codes)
    http = signed_in(world.lead_a)

    response = http.post(f"/treatments/protocols/{copy.public_id}/edit/", data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Monitor for 120 to 480 minutes" in body
    assert 'value="Our Spravato"' in body
    assert 'value="90"' in body
    copy.refresh_from_db()
    assert copy.min_monitoring_min == 120


def test_form_keeps_label_items_and_drops_unticked_policy_items(world: World) -> None:
    copy = copy_for(world, "a", "spravato")
    codes = [entry.code for entry in copy.overrides.checklist]
    data = _form_data(copy.overrides, codes)
    data.pop("keep_escort")  # a disabled box: the browser sends nothing, the form keeps it
    data.pop("keep_no_alcohol_24h")
    http = signed_in(world.lead_a)

    response = http.post(f"/treatments/protocols/{copy.public_id}/edit/", data)

    assert response.status_code == 302
    copy.refresh_from_db()
    assert "escort" in {item["code"] for item in copy.checklist}
    assert "no_alcohol_24h" not in {item["code"] for item in copy.checklist}


def test_form_saves_an_adjusted_copy_with_added_items(world: World) -> None:
    copy = copy_for(world, "a", "iv_racemic_series")
    codes = [entry.code for entry in copy.overrides.checklist]
    data = _form_data(_adjusted(copy, min_monitoring_min=75, infusion_min=50), codes)
    data["added_items"] = "Bring a warm layer.\n\n  Eat lightly the evening before. "
    http = signed_in(world.lead_a)

    response = http.post(f"/treatments/protocols/{copy.public_id}/edit/", data)

    assert response.status_code == 302
    copy.refresh_from_db()
    assert (copy.min_monitoring_min, copy.infusion_min) == (75, 50)
    assert copy.checklist[-2:] == [
        {"code": "practice_1", "label": "Bring a warm layer."},
        {"code": "practice_2", "label": "Eat lightly the evening before."},
    ]
    page = http.get(f"/treatments/protocols/{copy.public_id}/edit/").content.decode()
    assert "Eat lightly the evening before." in page


def test_form_of_a_retired_copy_says_so_and_refuses_changes(world: World) -> None:
    copy = copy_for(world)
    practice_protocol_retire(actor=world.lead_a, protocol=copy)
    codes = [entry.code for entry in copy.overrides.checklist]
    http = signed_in(world.lead_a)

    response = http.post(
        f"/treatments/protocols/{copy.public_id}/edit/", _form_data(copy.overrides, codes)
    )

    assert response.status_code == 400
    assert escape(PROTOCOL_RETIRED) in response.content.decode()


def test_retire_button_retires_the_copy(world: World) -> None:
    copy = copy_for(world)
    http = signed_in(world.lead_a)

    response = http.post(f"/treatments/protocols/{copy.public_id}/retire/", follow=True)

    copy.refresh_from_db()
    assert not copy.is_active
    assert "courses already planned keep following it" in response.content.decode()


def test_pages_are_for_leads_of_the_practice(world: World) -> None:
    copy = copy_for(world, "a")

    assert signed_in(world.practitioner_a).get("/treatments/protocols/").status_code == 403
    assert (
        signed_in(world.lead_b).get(f"/treatments/protocols/{copy.public_id}/edit/").status_code
        == 404
    )
    retire = signed_in(world.lead_b).post(f"/treatments/protocols/{copy.public_id}/retire/")
    assert retire.status_code == 404


def test_plan_form_offers_the_practice_copy_to_its_practice_only(world: World) -> None:
    copy = copy_for(world, "a", "im_kap")
    http = signed_in(world.practitioner_a)

    page = http.get(f"/treatments/clients/{world.client_a1.public_id}/").content.decode()

    assert f'value="{copy.public_id}"' in page
    assert escape(f"{copy.name} (practice protocol)") in page
    other = signed_in(world.practitioner_b).get(f"/treatments/clients/{world.client_b1.public_id}/")
    assert str(copy.public_id) not in other.content.decode()
