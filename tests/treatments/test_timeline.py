"""The session timeline: expected venous curve, dissociation window, vitals and the partial."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string

from ketacare.treatments.timeline import (
    HEIGHT,
    WIDTH,
    DoseEvent,
    TimelineChart,
    TimelineInputError,
    VitalsPoint,
    build_session_timeline,
)

T0 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)


def _at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def _spravato(devices: int = 2, **kwargs: object) -> TimelineChart:
    dose = DoseEvent("intranasal", 28.0 * devices, T0, devices=devices)
    return build_session_timeline("esketamine", [dose], None, [], T0, **kwargs)  # type: ignore[arg-type]


def _points(polyline: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in polyline.split())]


def test_esketamine_56_mg_peaks_near_the_published_typical_value_on_venous_blood() -> None:
    chart = _spravato(2)

    assert chart.sampling == "venous"
    assert chart.parent == "esketamine"
    assert chart.metabolite == "noresketamine"
    assert chart.cmax_ng_ml is not None
    assert 65 <= chart.cmax_ng_ml <= 80  # Perez-Ruixo Table 4: 72.5 ng/mL (reference §2)
    assert chart.tmax_min is not None
    assert 30 <= chart.tmax_min <= 50
    assert "venous esketamine" in chart.summary


def test_esketamine_window_runs_from_first_device_to_90_minutes() -> None:
    chart = _spravato(3)

    assert chart.window_min == (0.0, 90.0)
    assert chart.window_x == 48.0
    assert chart.window_width > 0
    assert "Spravato label" in chart.window_source


def test_device_count_sets_the_esketamine_dose() -> None:
    two = build_session_timeline(
        "esketamine", [DoseEvent("intranasal", 84.0, T0, devices=2)], None, [], T0
    )

    assert two.cmax_ng_ml == pytest.approx(_spravato(2).cmax_ng_ml)


def test_iv_infusion_peaks_at_its_end_within_the_venous_validation_range() -> None:
    dose = DoseEvent("iv", 35.0, T0, _at(40))

    chart = build_session_timeline("racemic_ketamine", [dose], 70.0, [], T0)

    assert chart.tmax_min == 40
    assert chart.cmax_ng_ml is not None
    assert 100 <= chart.cmax_ng_ml <= 250  # reference §2: 0.5 mg/kg over 40 min, venous
    assert chart.window_min == (0.0, 80.0)  # Diazgranados 2010: gone by 80-110 min
    assert chart.parent == "ketamine"
    assert not chart.is_weight_assumed


def test_missing_weight_draws_a_70_kg_typical_adult_and_says_so() -> None:
    chart = _spravato(2)

    assert chart.is_weight_assumed
    assert chart.weight_kg == 70.0


def test_heavier_client_has_a_lower_iv_peak_for_the_same_dose() -> None:
    dose = DoseEvent("iv", 40.0, T0, _at(40))

    light = build_session_timeline("racemic_ketamine", [dose], 60.0, [], T0)
    heavy = build_session_timeline("racemic_ketamine", [dose], 100.0, [], T0)

    assert light.cmax_ng_ml is not None
    assert heavy.cmax_ng_ml is not None
    assert heavy.cmax_ng_ml < light.cmax_ng_ml


def test_curves_stay_inside_the_plot() -> None:
    chart = _spravato(3)

    for x, y in _points(chart.curve) + _points(chart.metabolite_curve):
        assert chart.left <= x <= chart.right
        assert chart.top <= y <= chart.bottom


def test_vitals_are_drawn_on_the_blood_pressure_axis() -> None:
    vitals = [
        VitalsPoint(_at(0), 120, 80, 70, 98),
        VitalsPoint(_at(40), 160, 95, 88, 96),
    ]
    dose = DoseEvent("intranasal", 56.0, T0, devices=2)

    chart = build_session_timeline("esketamine", [dose], 80.0, vitals, T0)

    systolic = [m for m in chart.markers if m.kind == "systolic"]
    diastolic = [m for m in chart.markers if m.kind == "diastolic"]
    assert len(systolic) == len(diastolic) == 2
    assert systolic[1].y < systolic[0].y  # higher pressure sits higher
    assert all(chart.top <= m.y <= chart.bottom for m in chart.markers)
    assert systolic[1].text == "40 min: systolic 160 mmHg"
    assert [r.blood_pressure for r in chart.vitals_rows] == ["120/80", "160/95"]
    assert chart.vitals_rows[1].spo2 == "96%"


def test_blood_pressure_axis_widens_for_a_very_high_reading() -> None:
    vitals = [VitalsPoint(_at(40), 230, 125, None, None)]

    chart = build_session_timeline("esketamine", [], None, vitals, T0)

    assert chart.bp_ticks[-1].text == "240"
    assert all(chart.top <= m.y <= chart.bottom for m in chart.markers)


def test_vitals_outside_the_span_are_listed_but_not_plotted() -> None:
    vitals = [VitalsPoint(_at(-10), 130, 85, 72, 99)]

    chart = _spravato_with(vitals)

    assert chart.markers == ()
    assert chart.vitals_rows[0].minute == -10


def _spravato_with(vitals: list[VitalsPoint]) -> TimelineChart:
    dose = DoseEvent("intranasal", 56.0, T0, devices=2)
    return build_session_timeline("esketamine", [dose], None, vitals, T0)


def test_now_marker_only_inside_the_span() -> None:
    inside = _spravato(2, now=_at(50))
    before = _spravato(2, now=_at(-5))

    assert inside.now_x is not None
    assert inside.left < inside.now_x < inside.right
    assert before.now_x is None


def test_span_grows_to_cover_a_late_now() -> None:
    chart = _spravato(2, now=_at(600))

    assert chart.now_x is not None
    assert int(chart.x_ticks[-1].text) >= 600
    assert _points(chart.curve)[-1][0] == chart.right  # the curve runs under the marker


def test_numbers_table_every_15_minutes_with_clock_times() -> None:
    chart = _spravato(2)

    assert [r.minute for r in chart.rows[:3]] == [0, 15, 30]
    assert chart.rows[2].clock == "09:30"
    assert chart.rows[0].parent_ng_ml == "0"
    assert int(chart.rows[3].parent_ng_ml) > 0


def test_no_doses_yet_draws_no_curve_and_says_so() -> None:
    chart = build_session_timeline("esketamine", [], None, [], T0)

    assert chart.curve == ""
    assert chart.window_x is None
    assert chart.cmax_ng_ml is None
    assert "No doses recorded yet" in chart.summary
    assert chart.rows[0].parent_ng_ml == "—"


@pytest.mark.parametrize(
    ("drug", "dose"),
    [
        ("esketamine", DoseEvent("intranasal", 28.0, T0 - dt.timedelta(minutes=5))),
        ("esketamine", DoseEvent("iv", 28.0, T0)),
        ("racemic_ketamine", DoseEvent("rectal", 10.0, T0)),
        ("racemic_ketamine", DoseEvent("im", -1.0, T0)),
        ("lsd", DoseEvent("im", 10.0, T0)),
    ],
)
def test_invalid_records_raise_a_timeline_error(drug: str, dose: DoseEvent) -> None:
    with pytest.raises(TimelineInputError):
        build_session_timeline(drug, [dose], None, [], T0)


def test_partial_renders_accessible_csp_safe_svg() -> None:
    vitals = [VitalsPoint(_at(40), 150, 92, 80, 97)]
    chart = _spravato_with(vitals)

    html = render_to_string(
        "treatments/partials/_timeline.html", {"chart": chart, "chart_id": "t1"}
    )

    assert f'viewBox="0 0 {WIDTH} {HEIGHT}"' in html
    assert 'role="img"' in html
    assert 'aria-labelledby="t1-title"' in html
    assert "venous" in html
    assert "Show the numbers" in html
    assert "right axis mmHg" in html
    assert "dissociation (typical)" in html
    assert "<script" not in html
    assert "style=" not in html


def test_partial_without_vitals_hides_the_blood_pressure_axis() -> None:
    html = render_to_string(
        "treatments/partials/_timeline.html", {"chart": _spravato(2), "chart_id": "t2"}
    )

    assert "mmHg" not in html
    assert "70-kg typical adult" in html
