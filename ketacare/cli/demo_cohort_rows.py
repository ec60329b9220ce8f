"""Rows of one synthetic demo client's history, built from the cohort generator's tables.

Builders return plain column dicts (`Row`) for `fast_insert`, the one function here that
touches the database. Every value is synthetic; the platform
mappings marked [P] (answers from totals, check-in scales from PHQ-9) are documented in
docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models

from ketacare.accounts.models import Practice, User
from ketacare.clients.models import Client
from ketacare.domain.protocols import PROTOCOLS, plan_sessions
from ketacare.domain.protocols.templates import ProtocolTemplate
from ketacare.domain.session_safety import (
    Action,
    BpGate,
    Reading,
    Review,
    Thresholds,
    evaluate_readings,
    mg_per_kg,
    predose_bp_gate,
)
from ketacare.treatments.models import DosingSession, SessionStatus
from ketacare.treatments.session_models import VITAL_RANGES, BpChoice, DischargeItem, VitalsPhase

COHORT_EPOCH = dt.date(2025, 1, 6)  # the generator's day 0 (a Monday), see domain.cohort
BP_REVIEW_REASON = (
    "Synthetic demo history: blood pressure re-checked in the review band; the clinician "
    "judged it safe to proceed."
)
JOURNAL_LINES = (
    "Slept a little better last night. Took a slow walk before breakfast.",
    "A heavy day. I kept to the plan and called a friend in the evening.",
    "Noticed I was kinder to myself when the train was late this morning.",
    "Wrote down three small things that went well today.",
    "Felt restless in the afternoon; breathing exercises helped a bit.",
    "The session memories are fading, but the feeling of space is still there.",
    "Cooked a proper meal for the first time in weeks.",
    "Tired today. Rested, and that was enough.",
    "Spent time in the garden. Quiet mind for an hour or so.",
    "Talked with my sister about how the last month has been.",
)
COACHING_NOTES = (
    ("Reviewed the week's check-ins and journal themes with the client (synthetic).",
     "Engaged; mood steadier than at the last visit.",
     "Keep the morning walk; revisit the plan in two weeks."),
    ("Discussed the last dosing session and what stood out (synthetic).",
     "Integrating well; some low days around work stress.",
     "Add one evening wind-down practice; next session as booked."),
    ("Went through the integration plan commitments (synthetic).",
     "Partly kept; realistic goals agreed.",
     "Reduce to two commitments; check in by message in a week."),
)  # fmt: skip


@dataclass(frozen=True)
class Clock:
    """Turns a (course start ordinal, day offset, local time) into an aware datetime."""

    tz: ZoneInfo

    def date(self, start: int, day: int) -> dt.date:
        """The calendar date ``day`` days after the course start ordinal ``start``."""
        return dt.date.fromordinal(start + day)

    def at(self, start: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
        """The practice-local time on that date, as an aware datetime."""
        return dt.datetime.combine(self.date(start, day), dt.time(hour, minute), tzinfo=self.tz)


@dataclass(frozen=True)
class PlanStep:
    """One planned session of a protocol: its number, phase and day offset from the start."""

    number: int
    phase: str
    offset: int


def protocol_plans() -> dict[str, tuple[PlanStep, ...]]:
    """Planned sessions of every protocol, as offsets from a Monday start (the generator's)."""
    return {
        code: tuple(
            PlanStep(s.number, s.phase, (s.on - COHORT_EPOCH).days)
            for s in plan_sessions(template, COHORT_EPOCH)
        )
        for code, template in PROTOCOLS.items()
    }


def spread_answers(total: int, scored: int, safety_last: bool, offset: int) -> list[int]:
    """Item values 0–3 summing to ``total`` over ``scored`` items [P].

    The total is spread as evenly as possible, the extra points starting at item ``offset``.
    With ``safety_last`` (PHQ-9) the last item (item 9) stays 0 unless the other items are
    all at 3 and the total still needs more: only then does the safety item become positive.
    """
    spread_over = scored - 1 if safety_last else scored
    capped = min(total, 3 * spread_over)
    base, extra = divmod(capped, spread_over)
    values = [base + (1 if (k - offset) % spread_over < extra else 0) for k in range(spread_over)]
    if safety_last:
        values.append(total - capped)
    return values


def answers_for(instrument: str, total: int, offset: int) -> dict[str, int]:
    """Item-level answers for a PHQ-9 or GAD-7 total (item 10 of PHQ-9 from the total) [P]."""
    if instrument == "PHQ-9":
        values = spread_answers(total, 9, True, offset)
        answers = {str(k + 1): v for k, v in enumerate(values)}
        answers["10"] = min(3, total // 7)  # functional difficulty: asked, never summed
        return answers
    return {str(k + 1): v for k, v in enumerate(spread_answers(total, 7, False, offset))}


def clip_vital(name: str, value: float) -> int:
    """A generated value held inside the model's physiological range (STYLE §4)."""
    low, high, _ = VITAL_RANGES[name]
    return int(min(max(round(value), low), high))


@dataclass(frozen=True)
class GivenSession:
    """The generator's vitals of one session that was given (mmHg, /min, %)."""

    sbp_pre: int
    dbp_pre: int
    hr_pre: int
    sbp_peak: int
    spo2_min: int


Row = dict[str, Any]  # Any: one column value per field name, for `fast_insert`


@dataclass
class SessionRows:
    """The rows of one completed (or deferred / stopped) session, and what the rules found."""

    session: DosingSession
    status: str
    vitals: list[Row] = field(default_factory=list)
    administrations: list[Row] = field(default_factory=list)
    checks: list[Row] = field(default_factory=list)
    review_vitals: Row | None = None
    review: Review = field(default_factory=lambda: Review((), ()))


@dataclass(frozen=True)
class SessionContext:
    """What every session row of one client shares."""

    practice: Practice
    client: Client
    practitioner: User
    template: ProtocolTemplate
    weight_kg: Decimal
    limits: Thresholds


def _dose_mg(template: ProtocolTemplate, weight_kg: Decimal) -> Decimal:
    dose = template.phases[0].dose
    if dose.mg_per_kg is not None:
        return (Decimal(str(dose.mg_per_kg)) * weight_kg).quantize(Decimal("0.01"))
    return Decimal(str(dose.mg or 0)).quantize(Decimal("0.01"))


def session_row(ctx: SessionContext, session: DosingSession, when: dt.datetime) -> Row:
    """The columns every row of a session record shares (owner, session, who, when)."""
    return {
        "public_id": uuid.uuid4(),
        "practice": ctx.practice,
        "client": ctx.client,
        "session": session,
        "recorded_by": ctx.practitioner,
        "created_at": when,
        "updated_at": when,
    }


def _vitals(
    ctx: SessionContext,
    session: DosingSession,
    when: dt.datetime,
    phase: str,
    values: tuple[int, int, int, int],
) -> Row:
    sbp, dbp, hr, spo2 = values
    return {
        **session_row(ctx, session, when),
        "taken_at": when,
        "phase": str(phase),
        "systolic": clip_vital("systolic", sbp),
        "diastolic": clip_vital("diastolic", dbp),
        "heart_rate": clip_vital("heart_rate", hr),
        "spo2": clip_vital("spo2", spo2),
        "respiratory_rate": None,
    }


def _administration(ctx: SessionContext, session: DosingSession, start: dt.datetime) -> Row:
    template = ctx.template
    dose = _dose_mg(template, ctx.weight_kg)
    devices, ended = None, start
    if template.drug == "esketamine":
        devices = int(dose // 28)
        ended = start + dt.timedelta(minutes=5 * (devices - 1))
    elif template.phases[0].dose.infusion_min:
        ended = start + dt.timedelta(minutes=template.phases[0].dose.infusion_min)
    return {
        **session_row(ctx, session, start),
        "drug": template.drug,
        "route": template.route,
        "dose_mg": dose,
        "dose_mg_per_kg": mg_per_kg(dose, ctx.weight_kg),
        "devices": devices,
        "lot_number": "DEMO-LOT-0001",
        "started_at": start,
        "ended_at": ended,
        "is_additional": False,
    }


def _reading(row: Row) -> Reading:
    return Reading(
        row["taken_at"], row["systolic"], row["diastolic"], row["heart_rate"], row["spo2"]
    )


def given_session_rows(
    ctx: SessionContext, session: DosingSession, day_start: dt.datetime, given: GivenSession
) -> SessionRows:
    """The record of a session the generator says was given, through the real safety rules.

    Pre-dose BP goes through `predose_bp_gate` (defer → the session is deferred, nothing
    dosed; review → a clinician's "proceed" decision). The in-session readings go through
    `evaluate_readings`; a stop-level finding marks the session stopped. The caller raises
    the findings' alerts through the treatments pipeline once the session is saved.
    """
    rows = SessionRows(session, SessionStatus.COMPLETED)
    pre = _vitals(
        ctx,
        session,
        day_start + dt.timedelta(minutes=10),
        VitalsPhase.PRE_DOSE,
        (given.sbp_pre, given.dbp_pre, given.hr_pre, 98),
    )
    rows.vitals.append(pre)
    gate = predose_bp_gate(pre["systolic"], pre["diastolic"], ctx.limits)
    if gate == BpGate.DEFER:
        rows.status = SessionStatus.DEFERRED
        return rows
    if gate == BpGate.REVIEW:
        rows.review_vitals = pre
    dosed = day_start + dt.timedelta(minutes=20)
    administration = _administration(ctx, session, dosed)
    rows.administrations.append(administration)
    rise = given.sbp_peak - given.sbp_pre
    peak = (given.sbp_peak, given.dbp_pre + rise // 2, given.hr_pre + 4, given.spo2_min)
    during = _vitals(ctx, session, dosed + dt.timedelta(minutes=40), VitalsPhase.DURING, peak)
    end = administration["ended_at"] + dt.timedelta(minutes=ctx.template.min_monitoring_min)
    after = (given.sbp_pre, given.dbp_pre, given.hr_pre, 98)
    discharge = _vitals(ctx, session, end, VitalsPhase.DISCHARGE, after)
    rows.vitals += [during, discharge]
    rows.review = evaluate_readings([_reading(during), _reading(discharge)], ctx.limits)
    if any(finding.action == Action.STOP for finding in rows.review.findings):
        rows.status = SessionStatus.STOPPED
    session.discharged_at = end + dt.timedelta(minutes=5)
    rows.checks = [
        {**session_row(ctx, session, end), "item": str(item)} for item in DischargeItem.values
    ]
    return rows


def bp_decision(ctx: SessionContext, rows: SessionRows, vitals_pk: int) -> Row:
    """A clinician's "proceed" on a review-band pre-dose BP (the dosing gate requires one)."""
    assert rows.review_vitals is not None  # noqa: S101  (only called for review-band rows)
    when = rows.review_vitals["taken_at"] + dt.timedelta(minutes=3)
    return {
        **session_row(ctx, rows.session, when),
        "vitals": vitals_pk,
        "decision": str(BpChoice.PROCEED),
        "reason": BP_REVIEW_REASON,
    }


def phase_anchor(session_ends: Sequence[dt.datetime], when: dt.datetime) -> dt.datetime | None:
    """The end of the latest session before ``when`` (journal phases count from it)."""
    earlier = [end for end in session_ends if end <= when]
    return earlier[-1] if earlier else None


def _sqlite_preparer(field: Any) -> Callable[[Any], Any] | None:  # Any: a model field
    """What Django's SQLite adapters store (UTC naive text, hex UUIDs, JSON text), directly.

    Skips the per-value indirection that dominated the profile (docs/benchmarks.md).
    """
    if isinstance(field, models.DateTimeField):
        return lambda value: value and str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(field, models.DateField):
        return lambda value: value and str(value)
    if isinstance(field, models.UUIDField):
        return lambda value: value and value.hex
    if isinstance(field, models.JSONField) and field.encoder is None:
        return json.dumps
    return None


def _preparer(field: Any) -> Callable[[Any], Any]:  # Any: a model field and its values
    if field.is_relation:
        return lambda value: getattr(value, "pk", value)
    plain = (models.CharField, models.IntegerField, models.BooleanField)
    if isinstance(field, plain) or type(field) is models.TextField:
        return lambda value: value
    direct = _sqlite_preparer(field) if connection.vendor == "sqlite" else None
    return direct or functools.partial(field.get_db_prep_save, connection=connection)


def fast_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows of ``model`` with one `executemany`, each value prepared by its own field.

    For the demo history's leaf tables only (no row refers to them by primary key): it skips
    building model instances and bulk_create's per-object work, which dominated the run
    time (docs/benchmarks.md). Values still go through each field's `get_db_prep_save`, so
    encryption, JSON and time zones are handled by the fields themselves; a missing value
    takes the field's default (every row has the keys of the first).
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepare = [(f.name, _preparer(f), f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608  (model metadata)
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    # Column by column: one preparer per column keeps the per-value work to a single call.
    columns_prepared = [
        list(map(prep, (row[name] for row in rows)))
        if name in rows[0]
        else [prep(f.get_default()) for _ in rows]
        for name, prep, f in prepare
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(*columns_prepared, strict=True)))
