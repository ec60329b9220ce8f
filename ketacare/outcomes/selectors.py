"""Audited reads for outcomes: a practice's outcome data and one client's progress.

`outcome_data_for_practice` turns the database into the outcomes core's columns in a fixed
number of queries, whatever the number of clients (docs/outcomes.md, "From the database").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from ketacare.accounts.models import Practice, Role
from ketacare.accounts.selectors import role_in
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.clients.permissions import can_view_client
from ketacare.core.permissions import NotFound
from ketacare.domain.instruments import lookup
from ketacare.domain.outcomes import EngagementKind, OutcomeData
from ketacare.integration.models import CoachingSession, CommitmentCheckIn, DailyCheckIn, Outcome
from ketacare.journal.models import Entry
from ketacare.outcomes.courses import (
    Attribution,
    CourseTimeline,
    Score,
    course_timelines,
    current_scores,
    practice_zone,
)

ONLY_LEADS = "Only a lead of this practice can see its outcomes."


def can_read_practice_outcomes(actor: Any, practice: Practice) -> bool:  # Any: User or None
    """Leads of the practice; None is the system itself (the CLI, run on the server)."""
    return actor is None or role_in(actor, practice) == Role.LEAD


def select_courses(
    timelines: Iterable[CourseTimeline],
    *,
    protocol: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> list[CourseTimeline]:
    """The courses of `protocol` whose day 0 falls in `period` (inclusive), rows renumbered."""
    kept = [
        t
        for t in timelines
        if (protocol is None or t.protocol == protocol)
        and (period is None or period[0] <= t.day0 <= period[1])
    ]
    for row, timeline in enumerate(kept):
        timeline.row = row
    return kept


def _follow_ups(
    scores: Iterable[Score], attribution: Attribution
) -> tuple[dict[int, float], dict[tuple[int, int], float]]:
    """Per course row the baseline, and per (row, day ≥ 1) the day's last total."""
    baseline: dict[int, float] = {}
    follow: dict[tuple[int, int], float] = {}
    for score in scores:  # oldest first: a later score of the same day replaces an earlier one
        if score.total is None:
            continue
        course = attribution.baseline_for(score)
        if course is not None:
            baseline[course.row] = score.total
        course = attribution.follow_up(score.client_pk, score.day)
        if course is not None:
            follow[course.row, (score.day - course.day0).days] = score.total
    return baseline, follow


def _engagement(practice: Practice, attribution: Attribution) -> list[tuple[int, int, int]]:
    """(course row, day, kind) of journal entries, daily check-ins and coaching sessions.

    Only dates are read (3 queries); no text is decrypted. Amended coaching notes count once.
    """
    zone = practice_zone(practice)
    dated: list[tuple[int, dt.date, EngagementKind]] = [
        (client, when.astimezone(zone).date(), EngagementKind.JOURNAL)
        for client, when in Entry.objects.filter(practice=practice).values_list(
            "client_id", "created_at"
        )
    ]
    dated += [
        (client, on, EngagementKind.CHECKIN)
        for client, on in DailyCheckIn.objects.filter(practice=practice).values_list(
            "client_id", "on"
        )
    ]
    dated += [
        (client, when.astimezone(zone).date(), EngagementKind.COACHING)
        for client, when in CoachingSession.objects.filter(
            practice=practice, amends__isnull=True
        ).values_list("client_id", "held_at")
    ]
    events = []
    for client, day, kind in dated:
        course = attribution.follow_up(client, day, from_day=0)
        if course is not None:
            events.append((course.row, (day - course.day0).days, int(kind)))
    return events


def build_outcome_data(
    practice: Practice, courses: list[CourseTimeline], *, instrument: str
) -> OutcomeData:
    """The outcomes core's input for `courses` (already selected and numbered), unaudited."""
    code = lookup(instrument).code
    attribution = Attribution(courses)
    baseline, follow = _follow_ups(current_scores(practice, instrument=code), attribution)
    events = _engagement(practice, attribution)
    measured = sorted(follow.items())
    return OutcomeData.build(
        instrument=code,
        clients={
            "client_ids": [c.course_pk for c in courses],
            "protocol": [c.protocol for c in courses],
            "course_start": [c.day0.toordinal() for c in courses],
            "n_sessions": [c.n_sessions for c in courses],
            "induction_end": [c.induction_end for c in courses],
            "baseline": [baseline.get(c.row, float("nan")) for c in courses],
        },
        measurements={
            "client": [row for (row, _), _ in measured],
            "day": [day for (_, day), _ in measured],
            "score": [total for _, total in measured],
        },
        events={
            "client": [row for row, _, _ in events],
            "day": [day for _, day, _ in events],
            "kind": [kind for _, _, kind in events],
        },
    )


def outcome_data_for_practice(
    *,
    actor: Any,  # Any: a User, or None for the system (the CLI)
    practice: Practice,
    protocol: str | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    instrument: str = "PHQ-9",
) -> OutcomeData:
    """A practice's outcome data: one row per course, days from its first dosing session.

    Seven queries whatever the number of clients (courses, sessions, responses, journal
    entries, check-ins, coaching notes, the actor's role) plus the audit row. The rules —
    day 0, sessions given, the baseline window, induction end, amendments, same-day scores —
    are in docs/outcomes.md ("From the database").

    Args:
        actor: a lead of the practice, or None for the system (the `ketacare` CLI).
        practice: whose courses.
        protocol: only courses of this protocol template code.
        period: only courses whose day 0 falls within these dates (inclusive).
        instrument: the primary instrument (PHQ-9; QIDS-SR16 and MADRS work too).

    Returns:
        The validated columns for `practice_outcomes` (filters already applied).

    Raises:
        PermissionDenied: the actor is not a lead of the practice.
        UnknownInstrument: `instrument` is not a known code.
    """
    if not can_read_practice_outcomes(actor, practice):
        raise PermissionDenied(ONLY_LEADS)
    courses = select_courses(course_timelines(practice), protocol=protocol, period=period)
    data = build_outcome_data(practice, courses, instrument=instrument)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        practice=practice,
        role=Role.LEAD if actor is not None else "",
        extra={
            "object_type": "PracticeOutcomes",
            "instrument": data.instrument,
            "courses": data.n_clients,
            "measurements": len(data.m_day),
            "events": len(data.e_day),
        },
    )
    return data


PROGRESS_INSTRUMENTS = ("PHQ-9", "GAD-7")


@dataclass(frozen=True)
class ProgressData:
    """What the progress page reads about one client (all their courses)."""

    client: Client
    courses: list[CourseTimeline]
    scores: list[Score]
    check_ins_done: int
    check_ins: int


def client_progress_data(*, actor: Any, client: Client) -> ProgressData:  # Any: User
    """One client's PHQ-9/GAD-7 scores, sessions given and commitment check-ins (a VIEW).

    Raises:
        NotFound: the actor may not see the client.
    """
    if not can_view_client(actor, client):
        raise NotFound
    courses = course_timelines(client.practice, client=client)
    scores = [
        s
        for s in current_scores(client.practice, client=client)
        if s.instrument in PROGRESS_INSTRUMENTS and s.total is not None
    ]
    outcomes = list(
        CommitmentCheckIn.objects.filter(client=client).values_list("outcome", flat=True)
    )
    done = sum(outcome == Outcome.DONE for outcome in outcomes)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=client,
        extra={"object_type": "ClientProgress", "scores": len(scores), "courses": len(courses)},
    )
    return ProgressData(client, courses, scores, done, len(outcomes))
