"""Pure safety rules of a dosing session over vitals readings and practice thresholds.

Every threshold is a platform default [P] from the pharmacology reference §3 ("Platform
defaults"): pre-dose >=180/110 defers, 141-179 or 91-109 needs a clinician's review;
in-session >=180/110 confirmed after 5 min -> pause and notify the prescriber; >=200/120 or
red-flag symptoms (chest pain, severe headache, neuro deficit, dyspnoea) -> stop and follow
the emergency protocol; HR >120 sustained 5 min -> alert; SpO2 <92 % -> alert, <90 % -> stop.
The 40-min BP re-check is from the Spravato US PI [V]; minimum monitoring (>=2 h esketamine,
REMS [V]; racemic clinic >=60 min after the end of infusion [P]) comes from the protocol.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ESKETAMINE_DEVICE_MG = 28  # one Spravato device = 28 mg esketamine base (reference header) [V]
ESKETAMINE_DEVICE_INTERVAL_MIN = 5  # 5 min between devices (Spravato US PI) [V]
LABEL_BP_RECHECK_MIN = 40  # re-check BP at ~40 min, about Cmax (Spravato US PI) [V]

RED_FLAG_KINDS = frozenset({"chest_pain", "severe_headache", "neuro_deficit", "dyspnoea"})
"""Symptoms that stop a session (reference §3 platform defaults [P])."""

MOAAS_LEVELS: tuple[tuple[int, str], ...] = (
    (5, "5: responds readily to name spoken in normal tone"),
    (4, "4: lethargic response to name spoken in normal tone"),
    (3, "3: responds only after name is called loudly or repeatedly"),
    (2, "2: responds only after mild prodding or shaking"),
    (1, "1: does not respond to mild prodding or shaking"),
    (0, "0: does not respond to deep stimulus"),
)
"""Modified Observer's Assessment of Alertness/Sedation (Chernik 1990), as used in the
esketamine trials and REMS monitoring (reference §6: sedation MOAA/S-defined) [R]."""


class Severity(StrEnum):
    """Alert severities, the same words as the alerts pipeline."""

    URGENT = "urgent"
    REVIEW = "review"
    ATTENTION = "attention"


class Action(StrEnum):
    """What the care team must do about a finding."""

    RECHECK = "recheck"
    PAUSE_NOTIFY = "pause_notify"
    ALERT = "alert"
    STOP = "stop"


class BpGate(StrEnum):
    """The pre-dose blood-pressure gate."""

    PROCEED = "proceed"
    REVIEW = "review"
    DEFER = "defer"


@dataclass(frozen=True)
class Thresholds:
    """A practice's safety thresholds; the defaults are the platform policy [P] of §3."""

    predose_defer_systolic: int = 180
    predose_defer_diastolic: int = 110
    predose_review_systolic: int = 141
    predose_review_diastolic: int = 91
    pause_systolic: int = 180
    pause_diastolic: int = 110
    confirm_min: int = 5
    stop_systolic: int = 200
    stop_diastolic: int = 120
    heart_rate_above: int = 120
    heart_rate_sustained_min: int = 5
    spo2_alert_below: int = 92
    spo2_stop_below: int = 90


DEFAULTS = Thresholds()


@dataclass(frozen=True)
class Reading:
    """One vitals reading; any measurement may be missing."""

    taken_at: dt.datetime
    systolic: int | None = None
    diastolic: int | None = None
    heart_rate: int | None = None
    spo2: int | None = None


@dataclass(frozen=True)
class Finding:
    """A rule that fired: one alert per ``code`` per session."""

    code: str
    severity: Severity
    action: Action
    summary: str


@dataclass(frozen=True)
class Prompt:
    """An on-screen prompt that is not (yet) an alert, e.g. re-check BP at ``due_at``."""

    code: str
    summary: str
    due_at: dt.datetime


@dataclass(frozen=True)
class Review:
    """What the rules found over a session's readings."""

    findings: tuple[Finding, ...]
    prompts: tuple[Prompt, ...]


def _bp_at_least(reading: Reading, systolic: int, diastolic: int) -> bool:
    # ">=180/110" means systolic >= 180 OR diastolic >= 110 (reference §3 [P]).
    return (reading.systolic is not None and reading.systolic >= systolic) or (
        reading.diastolic is not None and reading.diastolic >= diastolic
    )


def predose_bp_gate(systolic: int, diastolic: int, limits: Thresholds = DEFAULTS) -> BpGate:
    """The pre-dose BP gate: >=180/110 defer; 141-179 or 91-109 review; else proceed [P]."""
    if systolic >= limits.predose_defer_systolic or diastolic >= limits.predose_defer_diastolic:
        return BpGate.DEFER
    if systolic >= limits.predose_review_systolic or diastolic >= limits.predose_review_diastolic:
        return BpGate.REVIEW
    return BpGate.PROCEED


def _last_run(readings: Sequence[Reading], hit: Callable[[Reading], bool]) -> list[Reading]:
    """The trailing run of consecutive readings for which ``hit`` holds (latest last)."""
    run: list[Reading] = []
    for reading in readings:
        run = [*run, reading] if hit(reading) else []
    return run


def _spans(run: Sequence[Reading], minutes: int) -> bool:
    return len(run) >= 2 and run[-1].taken_at - run[0].taken_at >= dt.timedelta(minutes=minutes)


def _bp_review(readings: Sequence[Reading], limits: Thresholds) -> Review:
    with_bp = [r for r in readings if r.systolic is not None or r.diastolic is not None]
    if any(_bp_at_least(r, limits.stop_systolic, limits.stop_diastolic) for r in with_bp):
        stop = Finding(
            "bp_stop",
            Severity.URGENT,
            Action.STOP,
            f"BP at or above {limits.stop_systolic}/{limits.stop_diastolic}: stop dosing and "
            "follow the emergency protocol.",
        )
        return Review((stop,), ())
    run = _last_run(
        with_bp, lambda r: _bp_at_least(r, limits.pause_systolic, limits.pause_diastolic)
    )
    if _spans(run, limits.confirm_min):
        pause = Finding(
            "bp_pause",
            Severity.URGENT,
            Action.PAUSE_NOTIFY,
            f"BP at or above {limits.pause_systolic}/{limits.pause_diastolic} confirmed after "
            f"{limits.confirm_min} min: pause dosing and notify the prescriber.",
        )
        return Review((pause,), ())
    if run:
        due = run[0].taken_at + dt.timedelta(minutes=limits.confirm_min)
        recheck = Prompt(
            "bp_recheck",
            f"BP at or above {limits.pause_systolic}/{limits.pause_diastolic}: re-check "
            f"{limits.confirm_min} min after the first high reading.",
            due,
        )
        return Review((), (recheck,))
    return Review((), ())


def _heart_rate(readings: Sequence[Reading], limits: Thresholds) -> tuple[Finding, ...]:
    with_hr = [r for r in readings if r.heart_rate is not None]
    run = _last_run(with_hr, lambda r: (r.heart_rate or 0) > limits.heart_rate_above)
    if not _spans(run, limits.heart_rate_sustained_min):
        return ()
    return (
        Finding(
            "heart_rate_sustained",
            Severity.REVIEW,
            Action.ALERT,
            f"Heart rate above {limits.heart_rate_above}/min for at least "
            f"{limits.heart_rate_sustained_min} min.",
        ),
    )


def _spo2(readings: Sequence[Reading], limits: Thresholds) -> tuple[Finding, ...]:
    values = [r.spo2 for r in readings if r.spo2 is not None]
    if any(v < limits.spo2_stop_below for v in values):
        return (
            Finding(
                "spo2_stop",
                Severity.URGENT,
                Action.STOP,
                f"SpO2 below {limits.spo2_stop_below} %: stop dosing and support breathing.",
            ),
        )
    if any(v < limits.spo2_alert_below for v in values):
        return (
            Finding(
                "spo2_low",
                Severity.REVIEW,
                Action.ALERT,
                f"SpO2 below {limits.spo2_alert_below} %: assess airway and breathing.",
            ),
        )
    return ()


def evaluate_readings(readings: Iterable[Reading], limits: Thresholds = DEFAULTS) -> Review:
    """Apply the in-session rules to a session's readings (any order).

    BP: any reading >= stop level -> ``bp_stop``; the latest run of consecutive readings
    >= pause level spanning >= ``confirm_min`` -> ``bp_pause``, a shorter run -> a
    ``bp_recheck`` prompt only. HR: the latest run above the limit spanning >= the sustained
    minutes (at least two readings) -> ``heart_rate_sustained``. SpO2: any value below the stop
    level -> ``spo2_stop``, else below the alert level -> ``spo2_low``.

    Returns:
        The findings (alerts) and prompts (on-screen only).
    """
    ordered = sorted(readings, key=lambda r: r.taken_at)
    bp = _bp_review(ordered, limits)
    findings = (*bp.findings, *_heart_rate(ordered, limits), *_spo2(ordered, limits))
    return Review(findings, bp.prompts)


def evaluate_symptoms(kinds: Iterable[str]) -> tuple[Finding, ...]:
    """A red-flag symptom (chest pain, severe headache, neuro deficit, dyspnoea) -> stop [P]."""
    flagged = sorted(set(kinds) & RED_FLAG_KINDS)
    if not flagged:
        return ()
    words = ", ".join(kind.replace("_", " ") for kind in flagged)
    return (
        Finding(
            "red_flag_symptom",
            Severity.URGENT,
            Action.STOP,
            f"Red-flag symptom ({words}): stop dosing and follow the emergency protocol.",
        ),
    )


def mg_per_kg(dose_mg: Decimal, weight_kg: Decimal) -> Decimal:
    """Dose per kilogram to 3 decimals.

    Raises:
        ValueError: the weight is not positive or the dose is negative.
    """
    if weight_kg <= 0:
        raise ValueError("weight must be positive")
    if dose_mg < 0:
        raise ValueError("dose must not be negative")
    return (dose_mg / weight_kg).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def esketamine_device_times(dose_mg: Decimal, first_at: dt.datetime) -> tuple[dt.datetime, ...]:
    """When each 28-mg device is given, 5 min apart (56 mg = 2 devices, 84 mg = 3) [V label].

    Raises:
        ValueError: the dose is not 28, 56 or 84 mg.
    """
    devices, rest = divmod(dose_mg, ESKETAMINE_DEVICE_MG)
    if rest or not 1 <= devices <= 3:  # 84 mg = 3 devices is the label maximum
        raise ValueError("an esketamine dose is 28, 56 or 84 mg (one 28-mg device each)")
    step = dt.timedelta(minutes=ESKETAMINE_DEVICE_INTERVAL_MIN)
    return tuple(first_at + step * index for index in range(int(devices)))


def next_vitals_due_min(
    *, every_min: int, at_min: Sequence[int], last_reading_min: float | None
) -> int:
    """Minutes after the first dose when the next vitals are due.

    The schedule is the protocol's ``vitals_at_min`` points, every ``every_min`` during the
    session, and the label's 40-min re-check; the next due point is the first one after the
    latest in-session reading (or the first point at all when there is none).
    """
    last = -1.0 if last_reading_min is None else last_reading_min
    points = {*at_min, LABEL_BP_RECHECK_MIN}
    candidate = every_min
    while candidate <= last:
        candidate += every_min
    points.add(candidate)
    return min(p for p in points if p > last)


def discharge_blockers(
    *,
    unchecked: Sequence[str],
    monitored_min: float | None,
    min_monitoring_min: int,
    open_stop_alerts: int,
) -> tuple[str, ...]:
    """Why a client may not be discharged yet (empty when they may).

    Args:
        unchecked: labels of discharge criteria not yet recorded as met.
        monitored_min: minutes since the end of the last administration (None: no dose yet).
        min_monitoring_min: the protocol's minimum monitoring time.
        open_stop_alerts: stop-level alerts of this session not yet acknowledged.
    """
    reasons = [f"Not yet recorded as met: {label}." for label in unchecked]
    if monitored_min is None:
        reasons.append("No dose has been recorded, so monitoring has not started.")
    elif monitored_min < min_monitoring_min:
        left = int(min_monitoring_min - monitored_min + 0.999)
        reasons.append(
            f"The minimum monitoring time ({min_monitoring_min} min after the end of the "
            f"last dose) has not passed: {left} min left."
        )
    if open_stop_alerts:
        reasons.append("A stop-level alert of this session has not been acknowledged.")
    return tuple(reasons)
