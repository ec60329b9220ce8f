"""A practice's copy of a template stays within the label's and the reference's guard rails."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.protocols import PROTOCOLS, Dose, Phase, protocol_get
from ketacare.domain.protocols.adjust import (
    PRACTICE_POLICY,
    ChecklistEntry,
    Overrides,
    OverridesInvalid,
    check_overrides,
    defaults_of,
    dose_unit,
    dose_value,
    is_required_item,
    limits,
    template_with_overrides,
)

IV = protocol_get("iv_racemic_series")
IM = protocol_get("im_kap")
SL = protocol_get("sublingual_kap")
SPRAVATO = protocol_get("spravato")
# A drug and route with no dose rule of its own (racemic ketamine by nasal spray).
NASAL_RACEMIC = replace(IM, code="nasal", route="intranasal")


def _fields(template_code: str, overrides: Overrides) -> list[str]:
    return [error.field for error in check_overrides(protocol_get(template_code), overrides)]


def _with_phase(base: Overrides, index: int = 0, **changes: float) -> Overrides:
    phases = list(base.phases)
    phases[index] = replace(phases[index], **changes)  # type: ignore[arg-type]
    return replace(base, phases=tuple(phases))


@pytest.mark.parametrize("code", list(PROTOCOLS))
def test_a_fresh_copy_reproduces_its_template(code: str) -> None:
    template = PROTOCOLS[code]

    copy = template_with_overrides(template, defaults_of(template))

    assert check_overrides(template, defaults_of(template)) == []
    assert replace(copy, sources=template.sources) == template
    assert copy.sources.endswith("adjusted by the practice [P]")


def test_adjusted_iv_copy_plans_the_new_schedule_dose_and_infusion() -> None:
    overrides = replace(
        _with_phase(defaults_of(IV), sessions=4, per_week=2, dose=0.6),
        name="  Our IV series  ",
        infusion_min=60,
        min_monitoring_min=75,
        vitals_every_min=10,
    )

    copy = template_with_overrides(IV, overrides)

    assert copy.code == IV.code
    assert copy.name == "Our IV series"
    assert copy.phases[0].sessions == 4
    assert copy.phases[0].per_week == 2
    assert copy.phases[0].dose == Dose(mg_per_kg=0.6, infusion_min=60)
    assert (copy.min_monitoring_min, copy.vitals_every_min) == (75, 10)


def test_adjusted_doses_keep_their_unit_and_im_gets_no_infusion_time() -> None:
    im = template_with_overrides(IM, _with_phase(defaults_of(IM), dose=1.0))
    sl = template_with_overrides(SL, _with_phase(defaults_of(SL), dose=300))

    assert im.phases[0].dose.mg_per_kg == 1.0
    assert im.phases[0].dose.infusion_min is None
    assert sl.phases[0].dose.mg == 300
    assert sl.phases[0].dose.mg_per_kg is None


def test_checklist_keeps_template_wording_and_adds_practice_items() -> None:
    base = defaults_of(IV)
    kept = tuple(e for e in base.checklist if e.code not in {"set_and_setting", "escort"})
    added = ChecklistEntry("practice_1", "  I have eaten a light meal the evening before. ")
    renamed = ChecklistEntry("escort", "Some other words")

    copy = template_with_overrides(IV, replace(base, checklist=(*kept, renamed, added)))

    items = {item.code: item for item in copy.checklist}
    assert "set_and_setting" not in items
    assert items["escort"] == next(i for i in IV.checklist if i.code == "escort")
    assert items["practice_1"].text == "I have eaten a light meal the evening before."
    assert items["practice_1"].source == PRACTICE_POLICY


def test_invalid_overrides_raise_with_every_error() -> None:
    overrides = replace(defaults_of(SPRAVATO), min_monitoring_min=60, vitals_every_min=60)

    with pytest.raises(OverridesInvalid) as raised:
        template_with_overrides(SPRAVATO, overrides)

    fields = [error.field for error in raised.value.errors]
    assert fields == ["min_monitoring_min", "vitals_every_min"]
    assert "min_monitoring_min" in str(raised.value)


# esketamine: the label and REMS (pharmacology reference §3)
@given(st.integers(min_value=0, max_value=119))
def test_esketamine_monitoring_below_two_hours_is_refused(minutes: int) -> None:
    errors = check_overrides(SPRAVATO, replace(defaults_of(SPRAVATO), min_monitoring_min=minutes))

    assert [e.field for e in errors] == ["min_monitoring_min"]
    assert "REMS" in errors[0].message


@pytest.mark.parametrize(("dose", "ok"), [(28, False), (56, True), (70, False), (84, True)])
def test_esketamine_dose_is_56_or_84_mg(dose: float, ok: bool) -> None:
    fields = _fields("spravato", _with_phase(defaults_of(SPRAVATO), 1, dose=dose))

    assert fields == ([] if ok else ["phase_1_dose"])


def test_esketamine_sessions_come_no_more_often_than_the_label_phase() -> None:
    faster_weekly = _with_phase(defaults_of(SPRAVATO), 1, per_week=2)
    errors = check_overrides(SPRAVATO, faster_weekly)

    assert [e.field for e in errors] == ["phase_1_per_week"]
    assert "Spravato" in errors[0].message
    assert _fields("spravato", _with_phase(defaults_of(SPRAVATO), 0, per_week=1)) == []


# racemic ketamine
@pytest.mark.parametrize(("minutes", "ok"), [(None, False), (39, False), (40, True), (121, False)])
def test_iv_infusion_runs_at_least_forty_minutes(minutes: int | None, ok: bool) -> None:
    fields = _fields("iv_racemic_series", replace(defaults_of(IV), infusion_min=minutes))

    assert fields == ([] if ok else ["infusion_min"])


def test_only_an_infusion_protocol_has_an_infusion_time() -> None:
    assert _fields("im_kap", replace(defaults_of(IM), infusion_min=40)) == ["infusion_min"]


@pytest.mark.parametrize(
    ("code", "dose", "ok"),
    [
        ("iv_racemic_series", 0.05, False),
        ("iv_racemic_series", 0.8, True),
        ("iv_racemic_series", 0.9, False),
        ("im_kap", 0.4, False),
        ("im_kap", 1.0, True),
        ("sublingual_kap", 50, False),
        ("sublingual_kap", 400, True),
        ("sublingual_kap", 500, False),
    ],
)
def test_racemic_doses_stay_within_the_reference_range(code: str, dose: float, ok: bool) -> None:
    fields = _fields(code, _with_phase(defaults_of(PROTOCOLS[code]), dose=dose))

    assert fields == ([] if ok else ["phase_0_dose"])


@pytest.mark.parametrize(("minutes", "ok"), [(59, False), (60, True), (480, True), (481, False)])
def test_racemic_monitoring_is_sixty_minutes_or_more(minutes: int, ok: bool) -> None:
    fields = _fields("sublingual_kap", replace(defaults_of(SL), min_monitoring_min=minutes))

    assert fields == ([] if ok else ["min_monitoring_min"])


def test_a_drug_and_route_without_a_dose_rule_needs_a_positive_dose() -> None:
    base = defaults_of(NASAL_RACEMIC)

    assert check_overrides(NASAL_RACEMIC, base) == []
    errors = check_overrides(NASAL_RACEMIC, _with_phase(base, dose=0))
    assert [e.field for e in errors] == ["phase_0_dose"]


# every template
@pytest.mark.parametrize(("every", "ok"), [(4, False), (5, True), (15, True), (16, False)])
def test_vitals_come_no_less_often_than_the_template(every: int, ok: bool) -> None:
    fields = _fields("iv_racemic_series", replace(defaults_of(IV), vitals_every_min=every))

    assert fields == ([] if ok else ["vitals_every_min"])


@pytest.mark.parametrize(("sessions", "ok"), [(0, False), (1, True), (12, True), (13, False)])
def test_a_phase_has_a_sane_number_of_sessions(sessions: int, ok: bool) -> None:
    fields = _fields("im_kap", _with_phase(defaults_of(IM), sessions=sessions))

    assert fields == ([] if ok else ["phase_0_sessions"])


def test_a_course_has_at_most_twenty_four_sessions() -> None:
    base = defaults_of(SPRAVATO)
    long_course = replace(base, phases=tuple(replace(p, sessions=10) for p in base.phases))

    assert _fields("spravato", long_course) == ["phases"]


def test_one_adjustment_per_phase() -> None:
    assert _fields("spravato", replace(defaults_of(SPRAVATO), phases=())) == ["phases"]


@pytest.mark.parametrize("per_week", [0, 4])
def test_racemic_sessions_come_one_to_three_times_a_week(per_week: int) -> None:
    assert _fields("im_kap", _with_phase(defaults_of(IM), per_week=per_week)) == [
        "phase_0_per_week"
    ]


@pytest.mark.parametrize(
    ("name", "ok"), [("", False), ("   ", False), ("x" * 121, False), ("Ours", True)]
)
def test_a_copy_needs_a_name_of_sensible_length(name: str, ok: bool) -> None:
    assert _fields("im_kap", replace(defaults_of(IM), name=name)) == ([] if ok else ["name"])


def test_label_items_stay_on_the_checklist_but_policy_items_may_go() -> None:
    base = defaults_of(SPRAVATO)
    only_policy_removed = tuple(e for e in base.checklist if e.code != "no_alcohol_24h")
    escort_removed = tuple(e for e in base.checklist if e.code != "escort")

    errors = check_overrides(SPRAVATO, replace(base, checklist=escort_removed))

    assert _fields("spravato", replace(base, checklist=only_policy_removed)) == []
    assert [e.field for e in errors] == ["checklist"]
    assert "stays on the checklist" in errors[0].message


@pytest.mark.parametrize(
    "extra",
    [
        (ChecklistEntry("escort", "Twice"),),
        (ChecklistEntry("Bad Code!", "Words"),),
        (ChecklistEntry("practice_1", "  "),),
        (ChecklistEntry("practice_1", "x" * 301),),
        tuple(ChecklistEntry(f"practice_{n}", "Words") for n in range(20)),
    ],
)
def test_checklist_entries_are_unique_well_coded_worded_and_few(
    extra: tuple[ChecklistEntry, ...],
) -> None:
    base = defaults_of(IM)

    assert _fields("im_kap", replace(base, checklist=(*base.checklist, *extra))) == ["checklist"]


def test_required_items_are_those_not_of_platform_policy() -> None:
    required = {item.code for item in SPRAVATO.checklist if is_required_item(item)}

    assert required == {"fasting", "escort", "medicines_as_advised"}


def test_units_and_values_follow_the_template_dose() -> None:
    assert (dose_unit(IV.phases[0]), dose_value(IV.phases[0])) == ("mg/kg", 0.5)
    assert (dose_unit(SL.phases[0]), dose_value(SL.phases[0])) == ("mg", 200)
    assert dose_value(Phase("empty", 1, 1, Dose())) == 0


def test_limits_show_builtin_values_allowed_ranges_and_sources() -> None:
    iv, spravato, nasal = limits(IV), limits(SPRAVATO), limits(NASAL_RACEMIC)

    assert iv["infusion_min"].allowed == "40–120 min"
    assert iv["phase_0_dose"].allowed == "0.1–0.8 mg/kg"
    assert "Murrough" in iv["phase_0_per_week"].source
    assert spravato["phase_0_dose"].allowed == "56 mg or 84 mg"
    assert spravato["phase_0_per_week"].allowed == "1–2 a week"
    assert spravato["min_monitoring_min"].allowed == "120–480 min"
    assert "REMS" in spravato["min_monitoring_min"].source
    assert "infusion_min" not in spravato
    assert spravato["vitals_every_min"].builtin == "every 30 min"
    assert nasal["phase_0_dose"].allowed == "more than 0 mg/kg"
