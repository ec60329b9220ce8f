"""The intake profile that screening reads: frozen dataclasses and `parse_profile`.

Required fields are those whose absence could hide a contraindication (age, pregnancy,
hepatic function, suicidality and every list, which may be empty but must be stated).
Optional fields (`sex`, `weight_kg`, `vitals`, `escort_available`) are never read as
"normal" when missing: missing vitals raise a "not assessed" flag and a missing escort raises
CAUTION_NO_ESCORT. See docs/screening.md for the full schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypedDict, TypeVar

from ketacare.domain.screening._fields import (
    ProfileError,
    child,
    read_bool,
    read_code,
    read_codes,
    read_int,
    read_list,
    read_number,
    read_object,
    read_text,
)
from ketacare.domain.screening.vocabulary import (
    Condition,
    Diagnosis,
    HepaticFunction,
    PlannedDrug,
    Route,
    Setting,
    Sex,
    Substance,
    SubstanceSeverity,
    SubstanceStatus,
    Suicidality,
    UsePattern,
)

__all__ = [
    "IntakeProfile",
    "Medication",
    "ProfileError",
    "SubstanceUse",
    "Vitals",
    "parse_profile",
]


T = TypeVar("T")


class Bounds(NamedTuple):
    """Accepted range of a numeric field (plausibility, not clinical thresholds)."""

    low: float
    high: float
    unit: str


AGE = Bounds(0, 120, "years")
WEIGHT_KG = Bounds(0, 500, "kg")  # low is exclusive
SBP = Bounds(40, 300, "mmHg")
DBP = Bounds(20, 200, "mmHg")
HR = Bounds(20, 250, "beats/min")
SPO2 = Bounds(50, 100, "%")
DAILY_DOSE_MG = Bounds(0, 100_000, "mg/day")
LAST_USE_DAYS_AGO = Bounds(0, 36_500, "days")
MONTHS_IN_REMISSION = Bounds(0, 1_200, "months")
SUSTAINED_REMISSION_MONTHS = 12  # DSM-5: "sustained remission" = no criteria for ≥12 months
RECENT_USE_DAYS = 365  # "use <12 months" (Spravato PI boxed warning and §9; Sanacora 2017)

PROFILE_REQUIRED = (
    "age",
    "planned_drug",
    "planned_route",
    "setting",
    "diagnoses",
    "conditions",
    "substance_use",
    "medications",
    "pregnant",
    "breastfeeding",
    "hepatic_function",
    "suicidality",
    "allergies",
)
PROFILE_OPTIONAL = ("sex", "weight_kg", "vitals", "escort_available")
VITALS_REQUIRED = ("sbp", "dbp")
VITALS_OPTIONAL = ("hr", "spo2")
SUBSTANCE_REQUIRED = ("substance", "status")
SUBSTANCE_OPTIONAL = ("severity", "pattern", "last_use_days_ago", "months_in_remission")
MEDICATION_REQUIRED = ("name",)
MEDICATION_OPTIONAL = ("daily_dose_mg",)


@dataclass(frozen=True)
class Vitals:
    """Resting vital signs at intake: BP in mmHg, heart rate in beats/min, SpO2 in %."""

    sbp: float
    dbp: float
    hr: float | None = None
    spo2: float | None = None


@dataclass(frozen=True)
class Medication:
    """A current medication as written (`name`) with its total daily dose in mg, if known."""

    name: str
    daily_dose_mg: float | None = None


@dataclass(frozen=True)
class SubstanceUse:
    """One substance-use history entry; unknown details are `None` and read conservatively."""

    substance: Substance
    status: SubstanceStatus
    severity: SubstanceSeverity | None = None
    pattern: UsePattern | None = None
    last_use_days_ago: int | None = None
    months_in_remission: int | None = None

    @property
    def is_remote(self) -> bool:
        """Whether the last use is known to be ≥12 months ago (remission months or last use)."""
        if self.status is SubstanceStatus.ACTIVE:
            return False
        months = self.months_in_remission
        if months is None and self.status is SubstanceStatus.SUSTAINED_REMISSION:
            months = SUSTAINED_REMISSION_MONTHS
        recent_by_days = (
            self.last_use_days_ago is not None and self.last_use_days_ago < RECENT_USE_DAYS
        )
        return months is not None and months >= SUSTAINED_REMISSION_MONTHS and not recent_by_days


@dataclass(frozen=True)
class IntakeProfile:
    """Everything screening needs to know about one client and the planned treatment."""

    age: int
    planned_drug: PlannedDrug
    planned_route: Route
    setting: Setting
    diagnoses: frozenset[Diagnosis]
    conditions: frozenset[Condition]
    substance_use: tuple[SubstanceUse, ...]
    medications: tuple[Medication, ...]
    pregnant: bool
    breastfeeding: bool
    hepatic_function: HepaticFunction
    suicidality: Suicidality
    allergies: tuple[str, ...]
    sex: Sex | None = None
    weight_kg: float | None = None
    vitals: Vitals | None = None
    escort_available: bool | None = None


def parse_profile(data: object) -> IntakeProfile:
    """Parse and validate a JSON-like intake profile.

    Args:
        data: the decoded JSON document (a dict with the fields of docs/screening.md).

    Returns:
        The validated, immutable profile.

    Raises:
        ProfileError: on a missing required field, an unknown field, a wrong type, a value out
            of range, an unknown code or contradictory fields; `field` names the path.
    """
    obj = read_object(data, "", required=PROFILE_REQUIRED, optional=PROFILE_OPTIONAL)
    profile = IntakeProfile(
        age=_bounded_int(obj["age"], "age", AGE),
        planned_drug=read_code(obj["planned_drug"], "planned_drug", PlannedDrug),
        planned_route=read_code(obj["planned_route"], "planned_route", Route),
        setting=read_code(obj["setting"], "setting", Setting),
        diagnoses=read_codes(obj["diagnoses"], "diagnoses", Diagnosis),
        conditions=read_codes(obj["conditions"], "conditions", Condition),
        substance_use=_items(obj["substance_use"], "substance_use", _substance_use),
        medications=_items(obj["medications"], "medications", _medication),
        pregnant=read_bool(obj["pregnant"], "pregnant"),
        breastfeeding=read_bool(obj["breastfeeding"], "breastfeeding"),
        hepatic_function=read_code(obj["hepatic_function"], "hepatic_function", HepaticFunction),
        suicidality=read_code(obj["suicidality"], "suicidality", Suicidality),
        allergies=_items(obj["allergies"], "allergies", read_text),
        **_optional_fields(obj),
    )
    _check_consistency(profile)
    return profile


class _OptionalFields(TypedDict, total=False):
    sex: Sex
    weight_kg: float
    vitals: Vitals
    escort_available: bool


def _optional_fields(obj: Mapping[str, object]) -> _OptionalFields:
    """Parse the optional top-level fields that are present and not null."""
    fields: _OptionalFields = {}
    if obj.get("sex") is not None:
        fields["sex"] = read_code(obj["sex"], "sex", Sex)
    if obj.get("weight_kg") is not None:
        fields["weight_kg"] = read_number(
            obj["weight_kg"], "weight_kg", low=WEIGHT_KG.low, high=WEIGHT_KG.high,
            unit=WEIGHT_KG.unit, low_inclusive=False,
        )  # fmt: skip
    if obj.get("vitals") is not None:
        fields["vitals"] = _vitals(obj["vitals"], "vitals")
    if obj.get("escort_available") is not None:
        fields["escort_available"] = read_bool(obj["escort_available"], "escort_available")
    return fields


def _items(value: object, field: str, parse: Callable[[object, str], T]) -> tuple[T, ...]:
    """Parse each item of a JSON array, naming items `field[index]` in errors."""
    return tuple(
        parse(item, child(field, index)) for index, item in enumerate(read_list(value, field))
    )


def _bounded_int(value: object, field: str, bounds: Bounds) -> int:
    return read_int(value, field, low=int(bounds.low), high=int(bounds.high), unit=bounds.unit)


def _bounded_number(value: object, field: str, bounds: Bounds) -> float:
    return read_number(value, field, low=bounds.low, high=bounds.high, unit=bounds.unit)


def _vitals(value: object, field: str) -> Vitals:
    obj = read_object(value, field, required=VITALS_REQUIRED, optional=VITALS_OPTIONAL)
    sbp = _bounded_number(obj["sbp"], child(field, "sbp"), SBP)
    dbp = _bounded_number(obj["dbp"], child(field, "dbp"), DBP)
    if dbp >= sbp:
        raise ProfileError(child(field, "dbp"), "must be lower than vitals.sbp")
    hr, spo2 = obj.get("hr"), obj.get("spo2")
    return Vitals(
        sbp=sbp,
        dbp=dbp,
        hr=None if hr is None else _bounded_number(hr, child(field, "hr"), HR),
        spo2=None if spo2 is None else _bounded_number(spo2, child(field, "spo2"), SPO2),
    )


def _medication(value: object, field: str) -> Medication:
    obj = read_object(value, field, required=MEDICATION_REQUIRED, optional=MEDICATION_OPTIONAL)
    dose = obj.get("daily_dose_mg")
    return Medication(
        name=read_text(obj["name"], child(field, "name")),
        daily_dose_mg=(
            None
            if dose is None
            else _bounded_number(dose, child(field, "daily_dose_mg"), DAILY_DOSE_MG)
        ),
    )


def _substance_use(value: object, field: str) -> SubstanceUse:
    obj = read_object(value, field, required=SUBSTANCE_REQUIRED, optional=SUBSTANCE_OPTIONAL)
    severity, pattern = obj.get("severity"), obj.get("pattern")
    last_use, months = obj.get("last_use_days_ago"), obj.get("months_in_remission")
    entry = SubstanceUse(
        substance=read_code(obj["substance"], child(field, "substance"), Substance),
        status=read_code(obj["status"], child(field, "status"), SubstanceStatus),
        severity=(
            None
            if severity is None
            else read_code(severity, child(field, "severity"), SubstanceSeverity)
        ),
        pattern=None
        if pattern is None
        else read_code(pattern, child(field, "pattern"), UsePattern),
        last_use_days_ago=(
            None
            if last_use is None
            else _bounded_int(last_use, child(field, "last_use_days_ago"), LAST_USE_DAYS_AGO)
        ),
        months_in_remission=(
            None
            if months is None
            else _bounded_int(months, child(field, "months_in_remission"), MONTHS_IN_REMISSION)
        ),
    )
    _check_remission(entry, field)
    return entry


def _check_remission(entry: SubstanceUse, field: str) -> None:
    """Reject remission details that contradict the status (DSM-5 specifiers)."""
    months, status = entry.months_in_remission, entry.status
    where = child(field, "months_in_remission")
    if status is SubstanceStatus.ACTIVE and months is not None:
        raise ProfileError(where, "must be omitted when status is 'active'")
    if (
        status is SubstanceStatus.IN_REMISSION
        and months is not None
        and months >= SUSTAINED_REMISSION_MONTHS
    ):
        raise ProfileError(where, "is 12 or more: use status 'sustained_remission'")
    if (
        status is SubstanceStatus.SUSTAINED_REMISSION
        and months is not None
        and months < SUSTAINED_REMISSION_MONTHS
    ):
        raise ProfileError(where, "is under 12: use status 'in_remission'")


def _check_consistency(profile: IntakeProfile) -> None:
    """Reject codes that need details recorded elsewhere, so nothing is read as harmless."""
    if Condition.CIRRHOSIS in profile.conditions and (
        profile.hepatic_function is HepaticFunction.NORMAL
    ):
        raise ProfileError(
            "hepatic_function", "cirrhosis needs a Child-Pugh class (child_pugh_a, _b or _c)"
        )
    if Diagnosis.ALCOHOL_USE_DISORDER in profile.diagnoses and not any(
        entry.substance is Substance.ALCOHOL and entry.severity is not SubstanceSeverity.NONE
        for entry in profile.substance_use
    ):
        raise ProfileError(
            "substance_use",
            "diagnosis alcohol_use_disorder needs an alcohol entry with its status and severity",
        )
    if Condition.OPIOID_USE_DISORDER_IN_REMISSION in profile.conditions and not any(
        entry.substance is Substance.OPIOIDS and entry.status is not SubstanceStatus.ACTIVE
        for entry in profile.substance_use
    ):
        raise ProfileError(
            "substance_use",
            "condition opioid_use_disorder_in_remission needs an opioids entry in remission "
            "with months_in_remission",
        )
