"""CLI commands for pk (registered on the ketacare app): expected plasma profile of one dose."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ketacare.cli import app
from ketacare.cli._output import emit_json, fail_bad_input
from ketacare.domain.pharmacokinetics import (
    DoseRequest,
    PharmacokineticInputError,
    PkProfile,
    dissociation_window,
    simulate,
    time_grid,
)

DEFAULT_SERIES_HOURS = 6.0  # series covers 0-6 h: both drugs' dosing sessions end within it
DEFAULT_STEP_MIN = 1.0


def _number(value: str | None, option: str) -> float | None:
    """Parse an optional numeric option, naming the option when the value is not a number."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise PharmacokineticInputError(f"{option} must be a number (got {value!r})") from None
    if not math.isfinite(number):
        raise PharmacokineticInputError(f"{option} must be a finite number (got {value!r})")
    return number


def _integer(value: str | None, option: str) -> int | None:
    number = _number(value, option)
    if number is None:
        return None
    if not number.is_integer():
        raise PharmacokineticInputError(f"{option} must be a whole number (got {value!r})")
    return int(number)


def _profile(options: dict[str, str | None]) -> PkProfile:
    """Validate the raw options and simulate; raise PharmacokineticInputError on bad input."""
    for required in ("--drug", "--route"):
        if options[required] is None:
            raise PharmacokineticInputError(f"{required} is required")
    dose_mg = _number(options["--dose-mg"], "--dose-mg")
    per_kg = _number(options["--dose-mg-per-kg"], "--dose-mg-per-kg")
    devices = _integer(options["--devices"], "--devices")
    if (dose_mg is None) == (per_kg is None) and devices is None:
        raise PharmacokineticInputError("give exactly one of --dose-mg and --dose-mg-per-kg")
    request = DoseRequest(
        drug=options["--drug"] or "",
        route=options["--route"] or "",
        dose_mg=dose_mg,
        dose_mg_per_kg=per_kg,
        weight_kg=_number(options["--weight-kg"], "--weight-kg"),
        infusion_min=_number(options["--infusion-min"], "--infusion-min"),
        devices=devices,
        bioavailability=_number(options["--bioavailability"], "--bioavailability"),
        model=options["--model"],
    )
    step = _number(options["--step-min"], "--step-min") or 0.0
    return simulate(request.regimen(), time_grid(DEFAULT_SERIES_HOURS, step))


def _payload(profile: PkProfile) -> dict[str, Any]:  # Any: JSON values of mixed types
    window = dissociation_window(profile)
    series = [
        [float(round(t, 3)), round(float(c), 3)]
        for t, c in zip(profile.times_min, profile.concentration_ng_ml, strict=True)
    ]
    return {
        "drug": profile.drug.value,
        "route": "+".join(route.value for route in profile.routes),
        "dose_mg": round(profile.dose_mg, 4),
        "weight_kg": profile.regimen.weight_kg,
        "model": profile.model,
        "sampling": profile.sampling.value,
        "cmax_ng_ml": round(profile.cmax_ng_ml, 3),
        "tmax_min": profile.tmax_min,
        "tmax_after_last_dose_min": profile.tmax_after_last_dose_min,
        "auc_0_24_ng_h_ml": round(profile.auc_0_24_ng_h_ml, 3),
        "auc_inf_ng_h_ml": round(profile.auc_inf_ng_h_ml, 3),
        "terminal_half_life_h": round(profile.terminal_half_life_h, 3),
        "bioavailability": round(profile.bioavailability, 4),
        "metabolite": {
            "name": profile.metabolite.name,
            "cmax_ng_ml": round(profile.metabolite.cmax_ng_ml, 3),
            "tmax_min": profile.metabolite.tmax_min,
        },
        "dissociation_window_min": None if window is None else list(window.as_tuple()),
        "series": series,
    }


def _print_table(payload: dict[str, Any]) -> None:  # Any: JSON values of mixed types
    table = Table(title=f"{payload['drug']} {payload['route']} {payload['dose_mg']:g} mg")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    metabolite = payload["metabolite"]
    rows = [
        ("model (sampling)", f"{payload['model']} ({payload['sampling']})"),
        ("weight", f"{payload['weight_kg']:g} kg"),
        ("Cmax", f"{payload['cmax_ng_ml']:.1f} ng/mL"),
        (
            "Tmax",
            f"{payload['tmax_min']:g} min ({payload['tmax_after_last_dose_min']:g} after "
            "last dose)",
        ),
        ("AUC 0-24 h", f"{payload['auc_0_24_ng_h_ml']:.1f} ng.h/mL"),
        ("AUC 0-inf", f"{payload['auc_inf_ng_h_ml']:.1f} ng.h/mL"),
        ("terminal half-life", f"{payload['terminal_half_life_h']:.2f} h"),
        ("bioavailability", f"{payload['bioavailability']:.2f}"),
        (
            f"{metabolite['name']} Cmax",
            f"{metabolite['cmax_ng_ml']:.1f} ng/mL at {metabolite['tmax_min']:g} min",
        ),
    ]
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)


@app.command("pk")
def pk(  # noqa: PLR0913 - Typer maps each command-line option to one parameter
    *,
    drug: Annotated[str | None, typer.Option(help="racemic_ketamine or esketamine")] = None,
    route: Annotated[
        str | None, typer.Option(help="iv, im, sc, intranasal, oral or sublingual")
    ] = None,
    dose_mg: Annotated[str | None, typer.Option(help="Dose in mg")] = None,
    dose_mg_per_kg: Annotated[str | None, typer.Option(help="Dose in mg/kg")] = None,
    weight_kg: Annotated[str | None, typer.Option(help="Weight (default 70 kg)")] = None,
    infusion_min: Annotated[str | None, typer.Option(help="IV infusion (omit: bolus)")] = None,
    devices: Annotated[str | None, typer.Option(help="Esketamine devices, 1-3")] = None,
    bioavailability: Annotated[str | None, typer.Option(help="Racemic intranasal F")] = None,
    model: Annotated[str | None, typer.Option(help="Disposition model")] = None,
    step_min: Annotated[str, typer.Option(help="Series step in minutes")] = "1",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Expected plasma profile (venous ng/mL, 0-6 h) of one ketamine or esketamine dose."""
    options = {
        "--drug": drug,
        "--route": route,
        "--dose-mg": dose_mg,
        "--dose-mg-per-kg": dose_mg_per_kg,
        "--weight-kg": weight_kg,
        "--infusion-min": infusion_min,
        "--devices": devices,
        "--bioavailability": bioavailability,
        "--model": model,
        "--step-min": step_min,
    }
    try:
        profile = _profile(options)
    except PharmacokineticInputError as error:
        fail_bad_input(str(error), as_json=as_json)
    payload = _payload(profile)
    if as_json:
        emit_json(payload)
    else:
        _print_table(payload)
