"""Invariants of the simulator: linearity, mass balance, units, weight scaling, batching."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketacare.domain.pharmacokinetics import (
    RACEMIC_MODELS,
    Administration,
    Drug,
    InvalidDoseError,
    InvalidWeightError,
    PharmacokineticInputError,
    Regimen,
    Route,
    dose_from_mg_per_kg,
    esketamine_devices,
    simulate,
    simulate_batch,
    time_grid,
)

PK_SETTINGS = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
RACEMIC_ROUTES = [Route.IV, Route.IM, Route.SC, Route.INTRANASAL, Route.ORAL, Route.SUBLINGUAL]


def single(
    route: Route,
    dose_mg: float,
    *,
    weight_kg: float = 70.0,
    infusion_min: float | None = None,
    start_min: float = 0.0,
) -> Regimen:
    administration = Administration(route, dose_mg, start_min, infusion_min)
    return Regimen(Drug.RACEMIC_KETAMINE, (administration,), weight_kg)


@st.composite
def racemic_regimens(draw: st.DrawFn) -> Regimen:
    route = draw(st.sampled_from(RACEMIC_ROUTES))
    infusion = draw(st.one_of(st.none(), st.floats(1.0, 240.0))) if route is Route.IV else None
    f = draw(st.floats(0.05, 1.0)) if route is Route.INTRANASAL else None
    administration = Administration(
        route, draw(st.floats(0.5, 500.0)), draw(st.floats(0.0, 120.0)), infusion, f
    )
    model = draw(st.sampled_from(sorted(RACEMIC_MODELS)))
    return Regimen(Drug.RACEMIC_KETAMINE, (administration,), draw(st.floats(20, 300)), model)


@st.composite
def esketamine_regimens(draw: st.DrawFn) -> Regimen:
    devices = esketamine_devices(draw(st.integers(1, 3)), start_min=draw(st.floats(0, 60)))
    oral = (Administration(Route.ORAL, draw(st.floats(1.0, 200.0)), draw(st.floats(0, 60))),)
    chosen = draw(st.sampled_from([devices, oral, devices + oral]))
    return Regimen(Drug.ESKETAMINE, chosen, draw(st.floats(20, 300)))


any_regimen = st.one_of(racemic_regimens(), esketamine_regimens())


@pytest.mark.parametrize("route", RACEMIC_ROUTES)
def test_doubling_the_dose_doubles_every_concentration(route: Route) -> None:
    infusion = 40.0 if route is Route.IV else None
    once, twice = (simulate(single(route, dose, infusion_min=infusion)) for dose in (30, 60))

    np.testing.assert_allclose(twice.concentration_ng_ml, 2 * once.concentration_ng_ml)
    np.testing.assert_allclose(
        twice.metabolite.concentration_ng_ml, 2 * once.metabolite.concentration_ng_ml
    )
    assert twice.auc_inf_ng_h_ml == pytest.approx(2 * once.auc_inf_ng_h_ml)
    assert twice.tmax_min == once.tmax_min


def test_esketamine_oral_dose_is_linear_but_extra_devices_absorb_less() -> None:
    oral = [Regimen(Drug.ESKETAMINE, (Administration(Route.ORAL, d),)) for d in (28.0, 56.0)]
    one, two = (simulate(r) for r in oral)
    nasal_one, nasal_two = (
        simulate(Regimen(Drug.ESKETAMINE, esketamine_devices(n))) for n in (1, 2)
    )

    np.testing.assert_allclose(two.concentration_ng_ml, 2 * one.concentration_ng_ml)
    # FRn x 0.62 for the second device (Perez-Ruixo 2021): less than dose-proportional.
    assert nasal_two.auc_inf_ng_h_ml < 2 * nasal_one.auc_inf_ng_h_ml


@pytest.mark.parametrize("route", RACEMIC_ROUTES)
@pytest.mark.parametrize("model", sorted(RACEMIC_MODELS))
def test_racemic_mass_balance_auc_times_clearance_is_the_absorbed_dose(
    route: Route, model: str
) -> None:
    infusion = 40.0 if route is Route.IV else None
    regimen = replace(single(route, 50.0, weight_kg=83.0, infusion_min=infusion), model=model)
    profile = simulate(regimen)

    absorbed_mg = profile.auc_inf_ng_h_ml * profile.clearance_l_h / 1000  # ng.h/mL x L/h -> mg
    assert absorbed_mg == pytest.approx(profile.bioavailability * 50.0, rel=0.01)


@pytest.mark.parametrize("devices", [1, 2, 3])
def test_esketamine_mass_balance_includes_hepatic_first_pass(devices: int) -> None:
    regimen = Regimen(
        Drug.ESKETAMINE, (*esketamine_devices(devices), Administration(Route.ORAL, 20.0, 30.0))
    )
    profile = simulate(regimen)

    absorbed_mg = profile.auc_inf_ng_h_ml * profile.clearance_l_h / 1000
    assert absorbed_mg == pytest.approx(profile.bioavailability * profile.dose_mg, rel=0.01)


def test_analytic_auc_0_24_agrees_with_the_trapezoid_rule() -> None:
    regimen = single(Route.SUBLINGUAL, 100.0)
    profile = simulate(regimen, time_grid(24.0, 0.25))

    hours = profile.times_min / 60
    trapezoid = float(
        np.sum(
            np.diff(hours)
            * (profile.concentration_ng_ml[1:] + profile.concentration_ng_ml[:-1])
            / 2
        )
    )
    assert profile.auc_0_24_ng_h_ml == pytest.approx(trapezoid, rel=1e-4)
    assert profile.auc_0_24_ng_h_ml < profile.auc_inf_ng_h_ml


def test_iv_bolus_starts_at_dose_over_central_volume_in_ng_per_ml() -> None:
    # 1 mg into V1 = 0.063 L/kg x 70 kg = 4.41 L: 1 mg / 4.41 L = 226.8 ug/L = 226.8 ng/mL.
    profile = simulate(single(Route.IV, 1.0), np.array([0.0, 1.0]))

    assert profile.concentration_ng_ml[0] == pytest.approx(1.0 / 4.41 * 1000)


def test_weight_based_dose_is_dose_per_kg_times_weight() -> None:
    assert dose_from_mg_per_kg(0.5, 82.0) == pytest.approx(41.0)


def test_volumes_scale_with_weight_and_clearances_with_weight_to_the_three_quarters() -> None:
    light = simulate(single(Route.IV, 10.0, weight_kg=70.0), np.array([0.0]))
    heavy = simulate(single(Route.IV, 10.0, weight_kg=140.0), np.array([0.0]))

    assert heavy.concentration_ng_ml[0] == pytest.approx(light.concentration_ng_ml[0] / 2)
    assert heavy.clearance_l_h == pytest.approx(light.clearance_l_h * 2**0.75)
    # Every rate constant scales as CL/V = WT^-0.25, so half-lives grow as WT^0.25.
    assert heavy.terminal_half_life_h == pytest.approx(light.terminal_half_life_h * 2**0.25)


def test_esketamine_ignores_weight_as_in_the_published_analysis() -> None:
    light, heavy = (
        simulate(Regimen(Drug.ESKETAMINE, esketamine_devices(2), weight)) for weight in (50, 120)
    )

    assert heavy.concentration_ng_ml.tolist() == light.concentration_ng_ml.tolist()


def test_batch_equals_single_profile_runs() -> None:
    regimens = [
        single(Route.IV, 35.0, infusion_min=40.0),
        Regimen(Drug.ESKETAMINE, esketamine_devices(3)),
        single(Route.ORAL, 200.0, weight_kg=55.0, start_min=15.0),
        replace(single(Route.SUBLINGUAL, 100.0, weight_kg=120.0), model="kamp_arterial"),
        Regimen(
            Drug.RACEMIC_KETAMINE,
            (Administration(Route.IV, 40.0, 0.0, 40.0), Administration(Route.IM, 20.0, 60.0)),
            90.0,
        ),
        single(Route.IV, 10.0),
    ]

    batch = simulate_batch(regimens)

    for index, regimen in enumerate(regimens):
        alone, together = simulate(regimen), batch.profile(index)
        np.testing.assert_allclose(
            together.concentration_ng_ml, alone.concentration_ng_ml, rtol=1e-10, atol=1e-12
        )
        assert together.cmax_ng_ml == pytest.approx(alone.cmax_ng_ml, rel=1e-10)
        assert together.tmax_min == alone.tmax_min
        assert together.auc_0_24_ng_h_ml == pytest.approx(alone.auc_0_24_ng_h_ml, rel=1e-10)
        assert together.metabolite.cmax_ng_ml == pytest.approx(
            alone.metabolite.cmax_ng_ml, rel=1e-10
        )
    assert len(batch) == len(regimens)


def test_a_later_administration_shifts_the_profile_in_time() -> None:
    at_zero = simulate(single(Route.IM, 30.0))
    later = simulate(single(Route.IM, 30.0, start_min=60.0))

    np.testing.assert_allclose(
        later.concentration_ng_ml[60:], at_zero.concentration_ng_ml[:-60], atol=1e-9
    )
    assert later.tmax_min == at_zero.tmax_min + 60
    assert later.tmax_after_last_dose_min == at_zero.tmax_after_last_dose_min


@pytest.mark.parametrize("route", RACEMIC_ROUTES)
def test_peak_search_window_contains_the_24_hour_peaks(route: Route) -> None:
    # The peak is searched up to 6 h after the last administration ends (simulate.py).
    infusion = 60.0 if route is Route.IV else None
    regimens = [
        replace(single(route, 50.0, weight_kg=300.0, infusion_min=infusion), model=model)
        for model in sorted(RACEMIC_MODELS)
    ] + [Regimen(Drug.ESKETAMINE, (*esketamine_devices(3), Administration(Route.ORAL, 28.0)))]

    for regimen in regimens:
        profile = simulate(regimen, time_grid(24.0, 1.0))

        assert profile.tmax_min == profile.times_min[profile.concentration_ng_ml.argmax()]
        metabolite = profile.metabolite
        assert metabolite.tmax_min == profile.times_min[metabolite.concentration_ng_ml.argmax()]


def test_results_cannot_be_modified_through_their_arrays() -> None:
    profile = simulate(single(Route.IM, 30.0))

    with pytest.raises(ValueError, match="read-only"):
        profile.concentration_ng_ml[0] = 1.0


@PK_SETTINGS
@given(any_regimen)
def test_concentrations_are_never_negative(regimen: Regimen) -> None:
    profile = simulate(regimen, time_grid(24.0, 5.0))

    assert np.all(profile.concentration_ng_ml >= 0.0)
    assert np.all(profile.metabolite.concentration_ng_ml >= 0.0)
    assert profile.cmax_ng_ml >= float(profile.concentration_ng_ml.max()) * (1 - 1e-12)
    assert math.isfinite(profile.terminal_half_life_h)


@PK_SETTINGS
@given(racemic_regimens(), st.floats(1.01, 10.0))
def test_auc_grows_with_dose(regimen: Regimen, factor: float) -> None:
    (administration,) = regimen.administrations
    bigger = Administration(
        administration.route,
        administration.dose_mg * factor,
        administration.start_min,
        administration.infusion_min,
        administration.bioavailability,
    )
    larger = Regimen(regimen.drug, (bigger,), regimen.weight_kg, regimen.model)

    assert simulate(larger).auc_inf_ng_h_ml > simulate(regimen).auc_inf_ng_h_ml
    assert simulate(larger).auc_0_24_ng_h_ml > simulate(regimen).auc_0_24_ng_h_ml


@PK_SETTINGS
@given(
    st.sampled_from(RACEMIC_ROUTES),
    st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf)),
)
def test_non_positive_or_non_finite_doses_are_rejected(route: Route, dose: float) -> None:
    with pytest.raises(InvalidDoseError):
        single(route, dose)


@PK_SETTINGS
@given(st.one_of(st.floats(max_value=19.99), st.floats(min_value=300.01), st.just(math.nan)))
def test_weights_outside_20_to_300_kg_are_rejected(weight: float) -> None:
    with pytest.raises(InvalidWeightError):
        single(Route.IV, 10.0, weight_kg=weight)


@PK_SETTINGS
@given(st.text(max_size=12).filter(lambda s: s not in {r.value for r in Route}))
def test_unknown_route_names_are_rejected(name: str) -> None:
    with pytest.raises(PharmacokineticInputError):
        Regimen(Drug.RACEMIC_KETAMINE, (Administration(name, 10.0),))  # type: ignore[arg-type]
