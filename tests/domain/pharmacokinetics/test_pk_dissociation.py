"""Typical dissociation windows for the session timeline (reference §6)."""

from __future__ import annotations

from ketacare.domain.pharmacokinetics import (
    Administration,
    Drug,
    Regimen,
    Route,
    dissociation_window,
    esketamine_devices,
    simulate,
)
from ketacare.domain.pharmacokinetics.dissociation import (
    EFFECT_THRESHOLD_NG_ML,
    SOURCE_ESKETAMINE,
    SOURCE_IV,
    SOURCE_THRESHOLD,
)


def racemic(*administrations: Administration) -> Regimen:
    return Regimen(Drug.RACEMIC_KETAMINE, administrations)


def test_iv_40_minute_infusion_window_ends_by_80_minutes() -> None:
    # Diazgranados 2010: present at the 40-min rating, gone by 80-110 min.
    profile = simulate(racemic(Administration(Route.IV, 35.0, 10.0, 40.0)))

    window = dissociation_window(profile)

    assert window is not None
    assert window.as_tuple() == (10.0, 90.0)
    assert window.source == SOURCE_IV


def test_esketamine_window_runs_from_the_first_device_to_90_minutes() -> None:
    profile = simulate(Regimen(Drug.ESKETAMINE, esketamine_devices(3, start_min=5.0)))

    window = dissociation_window(profile)

    assert window is not None
    assert window.as_tuple() == (5.0, 95.0)
    assert window.source == SOURCE_ESKETAMINE


def test_oral_esketamine_has_no_sourced_window() -> None:
    profile = simulate(Regimen(Drug.ESKETAMINE, (Administration(Route.ORAL, 84.0),)))

    assert dissociation_window(profile) is None


def test_other_racemic_regimens_use_the_concentration_threshold() -> None:
    regimen = racemic(Administration(Route.IV, 35.0, 0.0, 40.0), Administration(Route.IM, 20.0, 60))
    profile = simulate(regimen)

    window = dissociation_window(profile)

    assert window is not None
    assert window.source == SOURCE_THRESHOLD
    start, end = (int(t) for t in window.as_tuple())
    assert profile.concentration_ng_ml[start] >= EFFECT_THRESHOLD_NG_ML
    assert profile.concentration_ng_ml[start - 1] < EFFECT_THRESHOLD_NG_ML
    assert profile.concentration_ng_ml[end + 1] < EFFECT_THRESHOLD_NG_ML


def test_a_dose_that_never_reaches_the_threshold_has_no_window() -> None:
    profile = simulate(racemic(Administration(Route.ORAL, 10.0)))

    assert dissociation_window(profile) is None
