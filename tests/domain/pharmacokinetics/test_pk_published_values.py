"""Published reference values (docs/reference/pharmacology.md §2, §1.2-1.3) reproduced.

Each window is the published mean +/- SD (or the stated range). Rows marked "calibration"
were used to set an absorption shape, so they check the encoding rather than validate it.
"""

from __future__ import annotations

import pytest

from ketacare.domain.pharmacokinetics import (
    Administration,
    Drug,
    PkProfile,
    Regimen,
    Route,
    Sampling,
    esketamine_devices,
    simulate,
)


def racemic(
    route: Route,
    dose_mg: float,
    *,
    infusion_min: float | None = None,
    bioavailability: float | None = None,
    model: str | None = None,
) -> PkProfile:
    administration = Administration(
        route, dose_mg, infusion_min=infusion_min, bioavailability=bioavailability
    )
    return simulate(Regimen(Drug.RACEMIC_KETAMINE, (administration,), 70.0, model))


def test_iv_half_mg_per_kg_over_40_min_peaks_in_the_venous_range_at_the_end_of_infusion() -> None:
    # Krystal 1994 / Zarate 2006 via Zanos 2018 Table 1: 100-250 ng/mL, ~185 typical, Tmax 40.
    profile = racemic(Route.IV, 0.5 * 70, infusion_min=40)

    assert 100 <= profile.cmax_ng_ml <= 250
    assert profile.tmax_min == 40
    assert profile.sampling is Sampling.VENOUS


def test_kamp_transcription_is_arterial_and_peaks_above_the_venous_range() -> None:
    # Reference §1.1: the Kamp transcription gives 253 ng/mL, so it cannot be the default.
    profile = racemic(Route.IV, 0.5 * 70, infusion_min=40, model="kamp_arterial")

    assert profile.sampling is Sampling.ARTERIAL
    assert profile.cmax_ng_ml == pytest.approx(253, abs=1)


@pytest.mark.parametrize(("model", "cmax"), [("domino", 240), ("clements", 177)])
def test_alternative_models_match_the_reference_simulations(model: str, cmax: float) -> None:
    # Reference §1.1 simulations at 70 kg: Domino 240 ng/mL, Clements 177 ng/mL.
    profile = racemic(Route.IV, 0.5 * 70, infusion_min=40, model=model)

    assert profile.cmax_ng_ml == pytest.approx(cmax, abs=1)
    assert profile.tmax_min == 40


def test_racemic_terminal_half_life_is_about_two_to_three_hours() -> None:
    # Yanagihara 2003 t1/2 beta ~120 min; "2-3 h in most sources" (reference §1.1), -10%.
    profile = racemic(Route.IV, 35.0, infusion_min=40)

    assert 1.8 <= profile.terminal_half_life_h <= 3.0


def test_oral_half_mg_per_kg_peak_matches_grant_1981() -> None:
    profile = racemic(Route.ORAL, 0.5 * 70)  # Cmax 45 +/- 10 ng/mL

    assert 35 <= profile.cmax_ng_ml <= 55


def test_sublingual_25_mg_matches_chong_2006() -> None:
    profile = racemic(Route.SUBLINGUAL, 25.0)

    assert 28.6 - 6.6 <= profile.cmax_ng_ml <= 28.6 + 6.6
    assert (0.76 - 0.51) * 60 <= profile.tmax_min <= (0.76 + 0.51) * 60
    assert 66 - 29 <= profile.metabolite.cmax_ng_ml <= 66 + 29


def test_oral_25_mg_matches_chong_2006() -> None:
    profile = racemic(Route.ORAL, 25.0)

    assert 22.8 - 12.8 <= profile.cmax_ng_ml <= 22.8 + 12.8
    assert (0.96 - 0.8) * 60 <= profile.tmax_min <= (0.96 + 0.8) * 60
    assert 82 - 34 <= profile.metabolite.cmax_ng_ml <= 82 + 34


@pytest.mark.parametrize("route", [Route.ORAL, Route.SUBLINGUAL])
def test_oral_and_sublingual_doses_are_metabolite_heavy(route: Route) -> None:
    # Chong 2006: norketamine Cmax 66-82 vs ketamine 23-29 ng/mL (first-pass metabolism).
    profile = racemic(route, 25.0)

    assert profile.metabolite.name == "norketamine"
    assert profile.metabolite.cmax_ng_ml > 2 * profile.cmax_ng_ml


def test_iv_infusion_is_parent_heavy() -> None:
    profile = racemic(Route.IV, 35.0, infusion_min=40)

    assert profile.metabolite.cmax_ng_ml < profile.cmax_ng_ml


def test_im_peaks_about_20_minutes_after_injection() -> None:
    # BJA Education / Miller's Anesthesia: peak ~20 min after IM (range ~5-30).
    profile = racemic(Route.IM, 0.5 * 70)

    assert 15 <= profile.tmax_min <= 25
    assert profile.bioavailability == pytest.approx(0.93)


def test_subcutaneous_is_modelled_as_intramuscular() -> None:
    im, sc = racemic(Route.IM, 40.0), racemic(Route.SC, 40.0)

    assert sc.concentration_ng_ml.tolist() == im.concentration_ng_ml.tolist()


@pytest.mark.parametrize(
    ("dose_mg", "f", "cmax", "gsd", "tmax"),
    [(10.0, 0.17, 22.9, 1.97, 23), (30.0, 0.13, 60.8, 1.90, 14), (50.0, 0.11, 77.6, 2.29, 16)],
)
def test_intranasal_racemic_matches_pharmacotherapy_2022_calibration(
    dose_mg: float, f: float, cmax: float, gsd: float, tmax: float
) -> None:
    # Calibration target: Pharmacotherapy 2022 Table 6 (geometric mean, geometric SD).
    profile = racemic(Route.INTRANASAL, dose_mg, bioavailability=f)

    assert cmax / gsd <= profile.cmax_ng_ml <= cmax * gsd
    assert tmax - 10 <= profile.tmax_min <= tmax + 10
    assert profile.bioavailability == pytest.approx(f)


def test_intranasal_racemic_bioavailability_defaults_to_yanagihara() -> None:
    assert racemic(Route.INTRANASAL, 25.0).bioavailability == pytest.approx(0.45)


@pytest.mark.parametrize(
    ("devices", "cmax", "auc", "metabolite_cmax"),
    [(1, 43.8, 147, 59), (2, 72.5, 255, 120), (3, 101.0, 362, 180)],
)
def test_esketamine_nasal_spray_reproduces_perez_ruixo_table_4(
    devices: int, cmax: float, auc: float, metabolite_cmax: float
) -> None:
    profile = simulate(Regimen(Drug.ESKETAMINE, esketamine_devices(devices)))

    assert profile.cmax_ng_ml == pytest.approx(cmax, rel=0.02)
    assert profile.auc_0_24_ng_h_ml == pytest.approx(auc, rel=0.02)
    assert profile.metabolite.name == "noresketamine"
    assert profile.metabolite.cmax_ng_ml == pytest.approx(metabolite_cmax, rel=0.02)
    assert 20 <= profile.tmax_after_last_dose_min <= 40  # label
    assert 7 <= profile.terminal_half_life_h <= 12  # label
    assert profile.sampling is Sampling.VENOUS


@pytest.mark.parametrize(("devices", "f"), [(2, 0.54), (3, 0.51)])
def test_esketamine_absolute_bioavailability_matches_the_population_model(
    devices: int, f: float
) -> None:
    profile = simulate(Regimen(Drug.ESKETAMINE, esketamine_devices(devices)))

    assert profile.bioavailability == pytest.approx(f, abs=0.005)


def test_esketamine_oral_solution_is_mostly_first_pass_metabolised() -> None:
    # Perez-Ruixo 2021: Fgut 0.64 then hepatic extraction ~72% -> F ~0.18.
    profile = simulate(Regimen(Drug.ESKETAMINE, (Administration(Route.ORAL, 84.0),)))

    assert profile.bioavailability == pytest.approx(0.64 * (1 - 0.722), abs=0.005)
    assert profile.metabolite.cmax_ng_ml > 5 * profile.cmax_ng_ml
