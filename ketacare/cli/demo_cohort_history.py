"""One batch's clinical history: courses and sessions, questionnaires, journal, check-ins, coaching.

Called by `demo_cohort_write.BatchWriter`; each function bulk-creates one part of the history
and raises, through the pipeline's own functions, the alerts its values call for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
from django.db import connection

from ketacare.accounts.models import Practice
from ketacare.alerts.models import AlertSeverity
from ketacare.alerts.services import alert_raise
from ketacare.cli import demo_cohort_rows as rows
from ketacare.cli.demo_cohort_rows import fast_insert
from ketacare.clients.models import Client
from ketacare.domain.integration_rules import MoodPoint, evaluate_mood_drop
from ketacare.domain.protocols import PROTOCOLS
from ketacare.integration.models import CoachingKind, CoachingSession, DailyCheckIn
from ketacare.integration.services import SOURCE_TYPE as CHECK_IN_SOURCE
from ketacare.journal.models import Entry
from ketacare.journal.phases import Phase, phase_after
from ketacare.measures.models import QuestionnaireResponse

# The one place a response's safety flags become alerts (the function response_submit uses).
from ketacare.measures.services import response_safety_alerts_raise
from ketacare.treatments.models import (
    Course,
    CourseStatus,
    DosingSession,
    ReadinessItem,
    SessionStatus,
)
from ketacare.treatments.session_models import (
    Administration,
    BpDecision,
    DischargeCheck,
    VitalSigns,
)
from ketacare.treatments.session_services import raise_findings

if TYPE_CHECKING:
    from ketacare.cli.demo_cohort_write import BatchWriter

_TOTAL_PLACES = Decimal("0.0001")


def _stamp(when: dt.datetime) -> dict[str, dt.datetime]:
    return {"created_at": when, "updated_at": when}


def _owned(practice: Practice, client: Client, when: dt.datetime) -> rows.Row:
    """The columns of a new client-owned row: its public id, owner and timestamps."""
    return {"public_id": uuid.uuid4(), "practice": practice, "client": client, **_stamp(when)}


def _course(writer: BatchWriter, client: Client, i: int) -> Course:
    run = writer.run
    left = run.column("follow_end", i) < run.horizon(i)
    status = CourseStatus.ACTIVE
    if left:
        finished = run.column("follow_end", i) > run.column("induction_end", i)
        status = CourseStatus.COMPLETED if finished else CourseStatus.STOPPED
    when = run.clock.at(run.starts[i], -7, 12)
    return Course(
        practice=run.practice,
        client=client,
        protocol_code=run.column("protocol", i),
        start_on=run.clock.date(run.starts[i], 0),
        status=status,
        created_by=writer.practitioner(i),
        **_stamp(when),
    )


def _given(writer: BatchWriter, i: int) -> dict[int, rows.GivenSession]:
    """The generator's sessions of client ``i`` by number, with their vitals."""
    table = writer.run.cohort.sessions
    lo, hi = writer.run.session_bounds[i]
    columns = [
        table[name][lo:hi].tolist()
        for name in ("number", "sbp_pre", "dbp_pre", "hr_pre", "sbp_peak", "spo2_min")
    ]
    return {
        int(number): rows.GivenSession(*map(int, values))
        for number, *values in zip(*columns, strict=True)
    }


class _Batch:
    """The session rows of one batch, gathered for one bulk_create per table."""

    def __init__(self) -> None:
        self.sessions: list[DosingSession] = []
        self.records: list[tuple[int, rows.SessionContext, rows.SessionRows]] = []
        self.readiness: list[rows.Row] = []


def _client_sessions(writer: BatchWriter, batch: _Batch, course: Course, i: int) -> None:
    run = writer.run
    code = run.column("protocol", i)
    ctx = rows.SessionContext(
        practice=run.practice,
        client=course.client,
        practitioner=writer.practitioner(i),
        template=PROTOCOLS[code],
        weight_kg=Decimal(str(run.column("weight_kg", i))),
        limits=run.limits,
    )
    given, open_course = _given(writer, i), course.status == CourseStatus.ACTIVE
    for step in run.plans[code]:
        session = DosingSession(
            practice=run.practice,
            client=course.client,
            course=course,
            number=step.number,
            phase=step.phase,
            scheduled_on=run.clock.date(run.starts[i], step.offset),
            status=SessionStatus.CANCELLED,
            **_stamp(course.created_at),
        )
        batch.sessions.append(session)
        if step.offset < run.horizon(i) and step.number in given:
            start = run.clock.at(run.starts[i], step.offset, 9)
            record = rows.given_session_rows(ctx, session, start, given[step.number])
            session.status, session.checked_in_at = record.status, start
            session.checked_in_by, session.weight_kg = ctx.practitioner, ctx.weight_kg
            batch.records.append((i, ctx, record))
        elif step.offset >= run.horizon(i) and open_course:
            session.status = SessionStatus.SCHEDULED
            batch.readiness += [
                {
                    **_owned(run.practice, course.client, course.created_at),
                    "session": session,
                    "position": position,
                    "code": item.code,
                    "text": item.text,
                    "source": item.source,
                }
                for position, item in enumerate(ctx.template.checklist, start=1)
            ]


def _insert_sessions(sessions: list[DosingSession]) -> None:
    """Store the sessions with `fast_insert`, then give each instance its primary key.

    Sessions are referred to by the rows of their record and by alerts, so each instance
    becomes a saved one (pk set, not "adding") for the inserts and `raise_findings` after it.
    """
    fields = [f for f in DosingSession._meta.concrete_fields if not f.primary_key]
    fast_insert(DosingSession, [{f.name: getattr(s, f.attname) for f in fields} for s in sessions])
    courses = {s.course_id for s in sessions}
    pks = dict(DosingSession.objects.filter(course_id__in=courses).values_list("public_id", "pk"))
    for session in sessions:
        session.pk = pks[session.public_id]
        session._state.adding, session._state.db = False, connection.alias


def _bp_decisions(batch: _Batch) -> None:
    """A "proceed" decision for each review-band pre-dose BP (pointing at the stored vitals)."""
    review = [(ctx, r) for _, ctx, r in batch.records if r.review_vitals is not None]
    wanted = [r.review_vitals["public_id"] for _, r in review if r.review_vitals is not None]
    pks = dict(VitalSigns.objects.filter(public_id__in=wanted).values_list("public_id", "pk"))
    fast_insert(
        BpDecision,
        [
            rows.bp_decision(ctx, r, pks[r.review_vitals["public_id"]])
            for ctx, r in review
            if r.review_vitals is not None
        ],
    )


def write_treatment(
    writer: BatchWriter, clients: list[Client], lo: int, per_client: list[Counter[str]]
) -> dict[int, list[dt.datetime]]:
    """Courses, every planned session, and the record of each session given.

    Returns:
        Per cohort index, the discharge times of the client's sessions (oldest first).
    """
    courses = [_course(writer, client, i) for i, client in enumerate(clients, start=lo)]
    Course.objects.bulk_create(courses)
    batch = _Batch()
    for i, course in enumerate(courses, start=lo):
        _client_sessions(writer, batch, course, i)
    _insert_sessions(batch.sessions)
    fast_insert(ReadinessItem, batch.readiness)
    fast_insert(VitalSigns, [v for _, _, r in batch.records for v in r.vitals])
    fast_insert(Administration, [a for _, _, r in batch.records for a in r.administrations])
    fast_insert(DischargeCheck, [c for _, _, r in batch.records for c in r.checks])
    _bp_decisions(batch)
    ends: dict[int, list[dt.datetime]] = {i: [] for i in range(lo, lo + len(clients))}
    for i, _, record in batch.records:
        per_client[i - lo]["sessions"] += 1
        if record.session.discharged_at is not None:
            ends[i].append(record.session.discharged_at)
        if record.review.findings:
            alerts = raise_findings(record.session, record.review.findings)
            writer.note_alerts(alerts, record.vitals[1]["taken_at"], i)
    return ends


def write_responses(
    writer: BatchWriter, clients: list[Client], lo: int, per_client: list[Counter[str]]
) -> None:
    """PHQ-9 and GAD-7 responses: item answers summing to the total, scored by the core.

    Each row stores what `response_submit` stores (the instrument's score, band and flags);
    a flagged row is read back and its alerts raised by the measures pipeline's function.
    """
    run, table = writer.run, writer.run.cohort.questionnaires
    keep = run.masks["responses"]
    made, flagged = [], []
    for i, client in enumerate(clients, start=lo):
        first, last = run.response_bounds[i]
        picked = np.flatnonzero(keep[first:last]) + first
        offsets = run.rng.integers(0, 8, len(picked)).tolist()
        for r, offset in zip(picked.tolist(), offsets, strict=True):
            code, total = str(table["instrument"][r]), int(table["score"][r])
            instrument = run.instruments[code]
            answers = rows.answers_for(code, total, offset)
            result = instrument.score(answers)
            when = run.clock.at(run.starts[i], int(table["day"][r]), 8)
            row = {
                **_owned(run.practice, client, when),
                "assignment": None,
                "instrument_code": instrument.code,
                "instrument_version": instrument.version,
                "answers": answers,
                "context": {},
                "score": result.as_dict(),
                "total": Decimal(str(result.total)).quantize(_TOTAL_PLACES),
                "band": result.band or "",
                "flags": list(result.flags),
                "submitted_by": writer.practitioner(i),
                "submitted_at": when,
                "amends": None,
            }
            made.append(row)
            if result.flags:
                flagged.append((i, client, instrument, result, row["public_id"], when))
        per_client[i - lo]["responses"] += len(picked)
    fast_insert(QuestionnaireResponse, made)
    for i, client, instrument, result, public_id, when in flagged:
        response = QuestionnaireResponse.objects.get(public_id=public_id)
        writer.note_alerts(
            response_safety_alerts_raise(response, client, instrument, result), when, i
        )


def _journal(
    writer: BatchWriter, client: Client, i: int, day: int, ends: list[dt.datetime]
) -> rows.Row:
    run = writer.run
    when = run.clock.at(run.starts[i], day, 20)
    anchor = rows.phase_anchor(ends, when)
    line = rows.JOURNAL_LINES[int(run.rng.integers(len(rows.JOURNAL_LINES)))]
    return {
        **_owned(run.practice, client, when),
        "prompt": None,
        "dosing_session": None,
        "phase": str(phase_after(when - anchor) if anchor else Phase.PREPARATION),
        "body": line,
        "themes": "",
        "shared_with_care_team": bool(run.rng.random() < 0.6),
        "revision_count": 0,
    }


def _coaching(writer: BatchWriter, client: Client, i: int, day: int) -> rows.Row:
    run = writer.run
    held = run.clock.at(run.starts[i], day, 14)
    data, assessment, plan = rows.COACHING_NOTES[int(run.rng.integers(len(rows.COACHING_NOTES)))]
    signed = held + dt.timedelta(minutes=45)
    kind = CoachingKind.INTEGRATION_SESSION if day % 2 else CoachingKind.COACHING
    return {
        **_owned(run.practice, client, signed),
        "practitioner": writer.practitioner(i),
        "held_at": held,
        "kind": str(kind),
        "data": data,
        "assessment": assessment,
        "plan": plan,
        "reviewed_plan": False,
        "signed_at": signed,
        "signed_by": writer.practitioner(i),
        "amends": None,
    }


def _check_ins(writer: BatchWriter, client: Client, i: int, days: list[int]) -> list[rows.Row]:
    """Daily check-ins whose scales follow the client's PHQ-9 path [P] (docs/demo.md)."""
    run = writer.run
    q = run.cohort.questionnaires
    first, last = run.response_bounds[i]
    phq = q["instrument"][first:last] == "PHQ-9"
    path = np.interp(days, q["day"][first:last][phq], q["score"][first:last][phq])
    noise = run.rng.normal(0, 1, (3, len(days)))
    mood = np.clip(np.rint(9 - path * 6 / 27 + noise[0]), 0, 10).astype(int).tolist()
    anxiety = np.clip(np.rint(path * 7 / 27 + 1.5 * noise[1]), 0, 10).astype(int).tolist()
    sleep = np.clip(np.rint(7 - path * 4 / 27 + 1.5 * noise[2]), 0, 10).astype(int).tolist()
    return [
        {
            **_owned(run.practice, client, run.clock.at(run.starts[i], day, 21)),
            "on": run.clock.date(run.starts[i], day),
            "mood": m,
            "anxiety": a,
            "sleep_quality": s,
            "note": "",
        }
        for day, m, a, s in zip(days, mood, anxiety, sleep, strict=True)
    ]


def _mood_drop_alerts(
    writer: BatchWriter, client: Client, i: int, check_ins: list[rows.Row]
) -> None:
    """The drop rule over each day's check-ins so far, as `daily_check_in_save` applies it.

    A finding raises an attention alert unless one with its code is still unresolved (none
    of this run's are resolved until every batch is written).
    """
    open_codes: set[str] = set()
    points: list[MoodPoint] = []
    for check_in in check_ins:
        points.append(MoodPoint(check_in["on"], check_in["mood"]))
        for finding in evaluate_mood_drop(points, writer.run.policy):
            if str(finding.code) in open_codes:
                continue
            open_codes.add(str(finding.code))
            alert = alert_raise(
                practice=writer.run.practice,
                client=client,
                source_type=CHECK_IN_SOURCE,
                source_public_id=check_in["public_id"],
                code=str(finding.code),
                severity=AlertSeverity.ATTENTION,
                summary=finding.summary,
            )
            writer.note_alerts([alert], check_in["created_at"], i)


def write_engagement(
    writer: BatchWriter,
    clients: list[Client],
    lo: int,
    ends: dict[int, list[dt.datetime]],
    per_client: list[Counter[str]],
) -> None:
    """Journal entries (encrypted), daily check-ins and signed coaching notes from `events`."""
    run, events = writer.run, writer.run.cohort.events
    entries, coaching, by_client = [], [], []
    for i, client in enumerate(clients, start=lo):
        first, last = run.event_bounds[i]
        days = events["day"][first:last]
        journal = days[run.masks["journal_entries"][first:last]].tolist()
        check_in_days = days[run.masks["check_ins"][first:last]].tolist()
        sessions = days[run.masks["coaching_sessions"][first:last]].tolist()
        entries += [_journal(writer, client, i, day, ends[i]) for day in journal]
        coaching += [_coaching(writer, client, i, day) for day in sessions]
        by_client.append((i, client, _check_ins(writer, client, i, check_in_days)))
        counts = per_client[i - lo]
        counts["journal_entries"] += len(journal)
        counts["check_ins"] += len(check_in_days)
        counts["coaching_sessions"] += len(sessions)
    fast_insert(Entry, entries)
    fast_insert(CoachingSession, coaching)
    fast_insert(DailyCheckIn, [c for _, _, made in by_client for c in made])
    for i, client, made in by_client:
        _mood_drop_alerts(writer, client, i, made)
