"""Regimen and dose-request validation: every invalid input raises a specific ValueError."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ketacare.domain.pharmacokinetics import (
    ESKETAMINE_MODEL,
    Administration,
    DoseRequest,
    Drug,
    InvalidBioavailabilityError,
    InvalidDevicesError,
    InvalidDoseError,
    InvalidTimingError,
    InvalidWeightError,
    PharmacokineticInputError,
    Regimen,
    Route,
    UnknownDrugError,
    UnknownModelError,
    UnknownRouteError,
    UnsupportedRouteError,
    esketamine_devices,
    parse_drug,
    simulate,
    simulate_batch,
    time_grid,
)

RACEMIC = Drug.RACEMIC_KETAMINE


def test_errors_are_value_errors() -> None:
    assert issubclass(PharmacokineticInputError, ValueError)
    assert issubclass(InvalidDoseError, PharmacokineticInputError)


def test_unknown_drug_is_named_in_the_error() -> None:
    with pytest.raises(UnknownDrugError, match="'lsd'"):
        parse_drug("lsd")


def test_strings_are_accepted_for_drug_and_route() -> None:
    regimen = Regimen("esketamine", (Administration("oral", 28.0),))  # type: ignore[arg-type]

    assert regimen.drug is Drug.ESKETAMINE
    assert regimen.routes == (Route.ORAL,)
    assert regimen.model == ESKETAMINE_MODEL


@pytest.mark.parametrize("route", [Route.IV, Route.IM, Route.SC, Route.SUBLINGUAL])
def test_esketamine_by_a_route_without_a_published_model_is_rejected(route: Route) -> None:
    with pytest.raises(UnsupportedRouteError, match=route.value):
        Regimen(Drug.ESKETAMINE, (Administration(route, 28.0),))


def test_unknown_route_is_rejected() -> None:
    with pytest.raises(UnknownRouteError, match="rectal"):
        Regimen(RACEMIC, (Administration("rectal", 10.0),))  # type: ignore[arg-type]


def test_empty_regimen_is_rejected() -> None:
    with pytest.raises(InvalidDoseError, match="at least one"):
        Regimen(RACEMIC, ())


@pytest.mark.parametrize("start", [-1.0, 1440.0, math.nan])
def test_start_time_must_be_within_the_day(start: float) -> None:
    with pytest.raises(InvalidTimingError, match="start_min"):
        Regimen(RACEMIC, (Administration(Route.IM, 10.0, start),))


@pytest.mark.parametrize("minutes", [0.0, -5.0, 1441.0, math.inf])
def test_infusion_minutes_must_be_positive(minutes: float) -> None:
    with pytest.raises(InvalidTimingError, match="infusion_min must be > 0"):
        Regimen(RACEMIC, (Administration(Route.IV, 10.0, 0.0, minutes),))


def test_infusion_minutes_on_a_non_iv_route_is_rejected() -> None:
    with pytest.raises(InvalidTimingError, match="IV route only"):
        Regimen(RACEMIC, (Administration(Route.IM, 10.0, 0.0, 10.0),))


@pytest.mark.parametrize("f", [0.0, 1.5, math.nan])
def test_intranasal_bioavailability_must_be_a_fraction(f: float) -> None:
    with pytest.raises(InvalidBioavailabilityError, match=r"\(0, 1\]"):
        Regimen(RACEMIC, (Administration(Route.INTRANASAL, 10.0, bioavailability=f),))


def test_bioavailability_is_an_input_only_for_racemic_intranasal() -> None:
    with pytest.raises(InvalidBioavailabilityError, match="racemic intranasal"):
        Regimen(RACEMIC, (Administration(Route.ORAL, 10.0, bioavailability=0.3),))


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(UnknownModelError, match="domino"):
        Regimen(RACEMIC, (Administration(Route.IV, 10.0),), model="hijazi")
    with pytest.raises(UnknownModelError, match=ESKETAMINE_MODEL):
        Regimen(Drug.ESKETAMINE, esketamine_devices(1), model="domino")


@pytest.mark.parametrize("devices", [0, 4, 2.0, True])
def test_device_count_must_be_one_to_three(devices: int) -> None:
    with pytest.raises(InvalidDevicesError, match="1, 2 or 3"):
        esketamine_devices(devices)


def test_esketamine_nasal_dose_must_be_whole_devices() -> None:
    with pytest.raises(InvalidDoseError, match="multiple of 28"):
        Regimen(Drug.ESKETAMINE, (Administration(Route.INTRANASAL, 30.0),))


def test_more_than_three_devices_per_session_is_rejected() -> None:
    with pytest.raises(InvalidDevicesError, match="at most 3"):
        Regimen(Drug.ESKETAMINE, (Administration(Route.INTRANASAL, 56.0),) * 2)


def test_a_multi_device_dose_is_split_into_devices_five_minutes_apart() -> None:
    regimen = Regimen(Drug.ESKETAMINE, (Administration(Route.INTRANASAL, 84.0, 3.0),))

    assert [a.start_min for a in regimen.administrations] == [3.0, 8.0, 13.0]
    assert regimen.total_dose_mg == 84.0
    assert regimen.last_start_min == 13.0


@pytest.mark.parametrize(
    ("times", "message"),
    [
        (np.array([]), "non-empty"),
        (np.array([5.0, 1.0]), "non-decreasing"),
        (np.array([-1.0, 1.0]), "0-10080"),
        (np.array([[0.0, 1.0]]), "1-D"),
    ],
)
def test_invalid_time_grids_are_rejected(times: np.ndarray, message: str) -> None:
    regimen = Regimen(RACEMIC, (Administration(Route.IM, 10.0),))

    with pytest.raises(InvalidTimingError, match=message):
        simulate(regimen, times)


@pytest.mark.parametrize(("hours", "step"), [(0.0, 1.0), (200.0, 1.0), (6.0, 0.0), (168, 1e-3)])
def test_invalid_grid_lengths_and_steps_are_rejected(hours: float, step: float) -> None:
    with pytest.raises(InvalidTimingError):
        time_grid(hours, step)


def test_an_empty_batch_is_rejected() -> None:
    with pytest.raises(InvalidTimingError, match="at least one regimen"):
        simulate_batch([])


class TestDoseRequest:
    def test_weight_based_dose_uses_the_weight(self) -> None:
        request = DoseRequest("racemic_ketamine", "iv", dose_mg_per_kg=0.5, weight_kg=82.0)

        regimen = request.regimen()

        assert regimen.total_dose_mg == pytest.approx(41.0)
        assert regimen.weight_kg == 82.0

    def test_dose_in_mg_defaults_to_70_kg(self) -> None:
        assert DoseRequest("racemic_ketamine", "oral", dose_mg=100).regimen().weight_kg == 70.0

    def test_weight_based_dose_needs_a_weight(self) -> None:
        with pytest.raises(InvalidWeightError, match="needs weight_kg"):
            DoseRequest("racemic_ketamine", "iv", dose_mg_per_kg=0.5).regimen()

    @pytest.mark.parametrize(("mg", "per_kg"), [(None, None), (35.0, 0.5)])
    def test_exactly_one_dose_form_is_required(
        self, mg: float | None, per_kg: float | None
    ) -> None:
        request = DoseRequest("racemic_ketamine", "iv", mg, per_kg, weight_kg=70.0)

        with pytest.raises(InvalidDoseError, match="exactly one"):
            request.regimen()

    def test_non_positive_per_kg_dose_is_rejected(self) -> None:
        with pytest.raises(InvalidDoseError, match="dose_mg_per_kg"):
            DoseRequest("racemic_ketamine", "iv", dose_mg_per_kg=-1, weight_kg=70).regimen()

    @pytest.mark.parametrize(("devices", "mg"), [(2, None), (2, 56.0), (None, 56.0)])
    def test_esketamine_devices_and_dose_agree(self, devices: int | None, mg: float | None) -> None:
        regimen = DoseRequest("esketamine", "intranasal", dose_mg=mg, devices=devices).regimen()

        assert [a.start_min for a in regimen.administrations] == [0.0, 5.0]

    def test_esketamine_devices_and_dose_mismatch_is_rejected(self) -> None:
        with pytest.raises(InvalidDoseError, match="does not match 2 device"):
            DoseRequest("esketamine", "intranasal", dose_mg=84.0, devices=2).regimen()

    def test_esketamine_nasal_needs_a_dose_or_devices(self) -> None:
        with pytest.raises(InvalidDoseError, match="or devices"):
            DoseRequest("esketamine", "intranasal").regimen()

    @pytest.mark.parametrize(
        ("drug", "route"), [("racemic_ketamine", "intranasal"), ("esketamine", "oral")]
    )
    def test_devices_only_for_esketamine_nasal_spray(self, drug: str, route: str) -> None:
        with pytest.raises(InvalidDevicesError, match="esketamine intranasal only"):
            DoseRequest(drug, route, dose_mg=28.0, devices=1).regimen()

    def test_device_request_rejects_infusion_and_bioavailability(self) -> None:
        with pytest.raises(InvalidTimingError, match="IV route only"):
            DoseRequest("esketamine", "intranasal", devices=1, infusion_min=10).regimen()
        with pytest.raises(InvalidBioavailabilityError):
            DoseRequest("esketamine", "intranasal", devices=1, bioavailability=0.5).regimen()

    def test_invalid_device_count_in_a_request(self) -> None:
        with pytest.raises(InvalidDevicesError):
            DoseRequest("esketamine", "intranasal", devices=5).regimen()
