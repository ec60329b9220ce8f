"""Session timeline geometry: expected plasma curve, dissociation window and vitals, in SVG units.

Pure (no database, no clock): the caller passes plain dataclasses (`DoseEvent`, `VitalsPoint`)
built from the session record, and the template draws the SVG from the returned
`TimelineChart`, so the chart needs no JavaScript and no inline styles (CSP-safe).

Concentrations are the typical-individual simulation of `ketacare.domain.pharmacokinetics`,
shown as **venous** plasma (pharmacology reference §1.1 recommendation and §7.4: esketamine
label/popPK values are venous; the default racemic model reports venous concentrations).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ketacare.domain.pharmacokinetics import (
    Administration,
    Drug,
    PkProfile,
    Regimen,
    Route,
    dissociation_window,
    parse_drug,
    parse_route,
    simulate,
)
from ketacare.domain.pharmacokinetics.parameters import REFERENCE_WEIGHT_KG
from ketacare.treatments.timeline_geometry import (
    BP_RANGE_MMHG,
    HEIGHT,
    WIDTH,
    Marker,
    Scale,
    TableRow,
    Tick,
    TimelineChart,
    VitalsRow,
    nice_max,
    ticks,
)

__all__ = [
    "HEIGHT",
    "WIDTH",
    "DoseEvent",
    "Marker",
    "TableRow",
    "Tick",
    "TimelineChart",
    "TimelineInputError",
    "VitalsPoint",
    "VitalsRow",
    "build_session_timeline",
]

MIN_SPAN_MIN = 180.0  # at least 3 h: every protocol's minimum monitoring fits (§3)
MAX_SPAN_MIN = 12 * 60.0
AFTER_LAST_DOSE_MIN = 150.0  # show the fall after the last dose (esketamine REMS: >= 2 h, §3)
TABLE_STEP_MIN = 15
CURVE_STEP_MIN = 2
SIMULATE_AFTER_LAST_DOSE_MIN = 360.0
MINUTES_PER_DAY = 1440.0
ESKETAMINE_DEVICE_MG = 28.0


class TimelineInputError(ValueError):
    """The session record cannot be drawn (a dose before the start, an unknown route, ...)."""


@dataclass(frozen=True)
class DoseEvent:
    """One recorded administration (route code as in `domain.pharmacokinetics.Route`)."""

    route: str
    dose_mg: float
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    devices: int | None = None  # esketamine: 28-mg devices given in this event, 5 min apart


@dataclass(frozen=True)
class VitalsPoint:
    """One vitals reading; any value may be missing."""

    taken_at: dt.datetime
    systolic: int | None = None
    diastolic: int | None = None
    heart_rate: int | None = None
    spo2: int | None = None


def _minutes(when: dt.datetime, origin: dt.datetime) -> float:
    return (when - origin).total_seconds() / 60


def _administrations(
    drug: Drug, events: Sequence[DoseEvent], origin: dt.datetime
) -> tuple[Administration, ...]:
    result = []
    for event in events:
        route = parse_route(event.route)
        dose = float(event.dose_mg)
        if drug is Drug.ESKETAMINE and event.devices is not None:
            dose = event.devices * ESKETAMINE_DEVICE_MG  # the device count is what was given
        infusion = None
        if route is Route.IV and event.ended_at is not None:
            length = _minutes(event.ended_at, event.started_at)
            infusion = length if length > 0 else None
        result.append(Administration(route, dose, _minutes(event.started_at, origin), infusion))
    return tuple(result)


def _span(
    profile: PkProfile | None, vitals: Sequence[VitalsPoint], origin: dt.datetime, now_min: float
) -> float:
    ends = [MIN_SPAN_MIN, now_min + 10]
    if profile is not None:
        ends.append(profile.regimen.last_end_min + AFTER_LAST_DOSE_MIN)
        window = dissociation_window(profile)
        if window is not None:
            ends.append(window.end_min + 15)
    ends += [_minutes(v.taken_at, origin) + 10 for v in vitals]
    return float(min(MAX_SPAN_MIN, math.ceil(max(ends) / 30) * 30))


def _simulate(regimen: Regimen | None) -> PkProfile | None:
    """The profile on a 1-min grid long enough for the window to close (6 h after dosing)."""
    if regimen is None:
        return None
    # At least the longest span drawn, so a late "now" still has the curve under it.
    after = regimen.last_end_min + SIMULATE_AFTER_LAST_DOSE_MIN
    end = min(MINUTES_PER_DAY - 1, max(MAX_SPAN_MIN, after))
    return simulate(regimen, np.arange(0.0, math.ceil(end) + 1))


def _make_scale(span: float, profile: PkProfile | None, vitals: Sequence[VitalsPoint]) -> Scale:
    peak = 0.0
    if profile is not None:
        shown = profile.times_min <= span
        peak = max(
            float(profile.concentration_ng_ml[shown].max()),
            float(profile.metabolite.concentration_ng_ml[shown].max()),
        )
    # Blood-pressure axis: 40-200 mmHg, widened in 40-mmHg steps for readings outside it.
    low = min([BP_RANGE_MMHG[0]] + [v.diastolic // 40 * 40.0 for v in vitals if v.diastolic])
    high = max([BP_RANGE_MMHG[1]] + [-(-v.systolic // 40) * 40.0 for v in vitals if v.systolic])
    return Scale(span, nice_max(peak * 1.1), low, high)


def _polyline(scale: Scale, times: np.ndarray, values: np.ndarray) -> str:
    keep = (times <= scale.span_min) & (times % CURVE_STEP_MIN == 0)
    return " ".join(
        f"{scale.x(float(t))},{scale.y(float(c))}"
        for t, c in zip(times[keep], values[keep], strict=True)
    )


def _at(profile: PkProfile | None, minute: float, *, metabolite: bool = False) -> str:
    if profile is None:
        return "—"
    series = profile.metabolite.concentration_ng_ml if metabolite else profile.concentration_ng_ml
    return f"{float(np.interp(minute, profile.times_min, series)):.0f}"


def _markers(
    scale: Scale, vitals: Sequence[VitalsPoint], origin: dt.datetime
) -> tuple[Marker, ...]:
    markers = []
    for v in vitals:
        minute = _minutes(v.taken_at, origin)
        if not 0 <= minute <= scale.span_min:
            continue
        for kind, value in (("systolic", v.systolic), ("diastolic", v.diastolic)):
            if value is not None:
                text = f"{minute:.0f} min: {kind} {value} mmHg"
                markers.append(Marker(scale.x(minute), scale.y_bp(value), kind, text))
    return tuple(markers)


def _clock(origin: dt.datetime, minute: float) -> str:
    return f"{origin + dt.timedelta(minutes=minute):%H:%M}"


def _vitals_rows(vitals: Sequence[VitalsPoint], origin: dt.datetime) -> tuple[VitalsRow, ...]:
    rows = []
    for v in sorted(vitals, key=lambda item: item.taken_at):
        minute = round(_minutes(v.taken_at, origin))
        bp = f"{v.systolic}/{v.diastolic}" if v.systolic and v.diastolic else "—"
        hr = "—" if v.heart_rate is None else str(v.heart_rate)
        spo2 = "—" if v.spo2 is None else f"{v.spo2}%"
        rows.append(VitalsRow(minute, f"{v.taken_at:%H:%M}", bp, hr, spo2))
    return tuple(rows)


def _summary(profile: PkProfile | None, window: tuple[float, float] | None, n_vitals: int) -> str:
    parts = []
    if profile is None:
        parts.append("No doses recorded yet, so no expected concentration is drawn.")
    else:
        parts.append(
            f"Expected venous {profile.parent} plasma concentration for {profile.dose_mg:g} mg: "
            f"peak about {profile.cmax_ng_ml:.0f} ng/mL at {profile.tmax_min:.0f} min."
        )
    if window is not None:
        parts.append(f"Typical dissociation window {window[0]:.0f}–{window[1]:.0f} min.")
    parts.append(f"{n_vitals} vitals reading{'s' if n_vitals != 1 else ''} shown.")
    return " ".join(parts)


def build_session_timeline(
    drug: str,
    administrations: Sequence[DoseEvent],
    weight_kg: float | None,
    vitals: Sequence[VitalsPoint],
    start: dt.datetime,
    now: dt.datetime | None = None,
) -> TimelineChart:
    """The timeline of one dosing session, in minutes from ``start`` (time 0).

    Args:
        drug: "racemic_ketamine" or "esketamine".
        administrations: Recorded doses; none may start before ``start``.
        weight_kg: The session weight; None draws a 70-kg typical adult and says so.
        vitals: Recorded vitals; readings outside the drawn span are listed, not plotted.
        start: Time 0 of the axis (check-in or first dose), timezone-aware; clock times in
            the tables are in ``start``'s time zone.
        now: Draw a "now" marker when it falls inside the span.

    Returns:
        The chart geometry with its text summary and tables.

    Raises:
        TimelineInputError: A dose before ``start`` or anything the simulator rejects.
    """
    try:
        parsed = parse_drug(drug)
        weight = REFERENCE_WEIGHT_KG if weight_kg is None else float(weight_kg)
        doses = _administrations(parsed, administrations, start)
        profile = _simulate(Regimen(parsed, doses, weight_kg=weight) if doses else None)
    except ValueError as exc:
        raise TimelineInputError(str(exc)) from exc
    now_min = _minutes(now, start) if now is not None else -1.0
    span = _span(profile, vitals, start, now_min)
    scale = _make_scale(span, profile, vitals)
    window = dissociation_window(profile) if profile is not None else None
    x_ticks, y_ticks, bp_ticks = ticks(scale)
    esketamine = parsed is Drug.ESKETAMINE
    return TimelineChart(
        summary=_summary(profile, window.as_tuple() if window else None, len(vitals)),
        parent="esketamine" if esketamine else "ketamine",
        metabolite="noresketamine" if esketamine else "norketamine",
        sampling=profile.sampling.value if profile else "venous",
        weight_kg=weight,
        is_weight_assumed=weight_kg is None,
        curve=_polyline(scale, profile.times_min, profile.concentration_ng_ml) if profile else "",
        metabolite_curve=(
            _polyline(scale, profile.times_min, profile.metabolite.concentration_ng_ml)
            if profile
            else ""
        ),
        window_x=scale.x(window.start_min) if window else None,
        window_width=(scale.x(window.end_min) - scale.x(window.start_min)) if window else 0.0,
        window_text=(
            f"Typical dissociation {window.start_min:.0f}–{window.end_min:.0f} min"
            if window
            else ""
        ),
        window_source=window.source if window else "",
        window_min=window.as_tuple() if window else None,
        now_x=scale.x(now_min) if 0 <= now_min <= span else None,
        markers=_markers(scale, vitals, start),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        bp_ticks=bp_ticks,
        rows=tuple(
            TableRow(m, _clock(start, m), _at(profile, m), _at(profile, m, metabolite=True))
            for m in range(0, int(span) + 1, TABLE_STEP_MIN)
        ),
        vitals_rows=_vitals_rows(vitals, start),
        cmax_ng_ml=profile.cmax_ng_ml if profile else None,
        tmax_min=profile.tmax_min if profile else None,
    )
