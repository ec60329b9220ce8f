"""A practice's courses on one clock: day 0, sessions given, induction end, score attribution.

Read by the outcomes builder and the measures export in a fixed number of `values_list`
queries (no per-client query). The mapping rules are documented in docs/outcomes.md ("From
the database"); the clinical definitions they feed are in `ketacare.domain.outcomes`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet

from ketacare.accounts.models import Practice
from ketacare.clients.models import Client
from ketacare.domain.protocols import PROTOCOLS
from ketacare.measures.models import QuestionnaireResponse
from ketacare.treatments.models import Course, DosingSession, SessionStatus
from ketacare.treatments.session_models import Administration

# A baseline must be at most this many days before the first dosing session [P]: PHQ-9 and
# GAD-7 ask about "the last 2 weeks" (instruments reference §1), and two more weeks allow for
# the screening-to-first-session wait. Older scores describe another state and are not used.
BASELINE_MAX_DAYS = 28
# Statuses reached only after a first dose (docs/treatments.md "Lifecycle"); a session
# `stopped` for safety counts only if a dose was recorded before it was stopped.
DOSED_STATUSES = (SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED)


@dataclass
class CourseTimeline:
    """One course: when its day 0 is and what happened on its clock (days since day 0).

    `day0` is the local date of the first dosing session given (the planned start when none
    was given). `cutoff` is when that first session was checked in: a same-day score counts as
    the baseline only if submitted by then.
    """

    row: int
    course_pk: int
    client_pk: int
    client_public_id: uuid.UUID
    number: int  # 1 for the client's first course, 2 for the next, …
    protocol: str
    day0: dt.date
    cutoff: dt.datetime | None
    n_sessions: int
    induction_end: int
    session_days: tuple[int, ...] = field(default=())

    @property
    def is_treated(self) -> bool:
        """At least one dosing session given."""
        return self.n_sessions >= 1


@dataclass(frozen=True)
class Score:
    """One current (not amended) response: its time, local date and total (None if unscored)."""

    client_pk: int
    instrument: str
    when: dt.datetime
    day: dt.date
    total: float | None
    answers: dict[str, object]


Given = tuple[int, dt.date, dt.datetime | None]
M = TypeVar("M", bound=Model)


def _of(query: QuerySet[M], client: Client | None) -> QuerySet[M]:
    return query if client is None else query.filter(client=client)


def practice_zone(practice: Practice) -> zoneinfo.ZoneInfo:
    """The practice's time zone (UTC if the stored name is unknown)."""
    try:
        return zoneinfo.ZoneInfo(practice.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _given_sessions(practice: Practice, client: Client | None) -> dict[int, list[Given]]:
    """Per course pk: (number, local date, check-in time) of each session given (1 query)."""
    zone = practice_zone(practice)
    dosed = Administration.objects.filter(session=OuterRef("pk"))
    rows = (
        _of(DosingSession.objects.filter(practice=practice), client)
        .annotate(has_dose=Exists(dosed))
        .values_list("course_id", "number", "scheduled_on", "checked_in_at", "status", "has_dose")
    )
    given: dict[int, list[Given]] = {}
    for course_id, number, scheduled_on, checked_in_at, status, has_dose in rows:
        if status in DOSED_STATUSES or (status == SessionStatus.STOPPED and has_dose):
            day = checked_in_at.astimezone(zone).date() if checked_in_at else scheduled_on
            given.setdefault(course_id, []).append((number, day, checked_in_at))
    return given


def _induction_sessions(protocol: str) -> int:
    """Sessions in the protocol's first phase: its induction (docs/outcomes.md, per protocol)."""
    template = PROTOCOLS.get(protocol)
    return template.phases[0].sessions if template else 0


def course_timelines(practice: Practice, *, client: Client | None = None) -> list[CourseTimeline]:
    """Every course of the practice, oldest first per client, on its own clock (2 queries).

    Induction end is the day of the last session given within the first phase of the
    protocol template (`domain.protocols`: 6 infusions for the IV series, the 6 IM or 4
    sublingual sessions of a KAP course, the 8 twice-weekly Spravato sessions of weeks 1–4).
    """
    given = _given_sessions(practice, client)
    courses = _of(Course.objects.filter(practice=practice), client).values_list(
        "pk", "client_id", "client__public_id", "protocol_code", "start_on"
    )
    timelines: list[CourseTimeline] = []
    for pk, client_pk, client_public_id, protocol, start_on in courses:
        sessions = sorted(given.get(pk, []), key=lambda s: (s[1], s[0]))
        day0 = sessions[0][1] if sessions else start_on
        days = tuple((day - day0).days for _, day, _ in sessions)
        induction = [d for (number, _, _), d in zip(sessions, days, strict=True)
                     if number <= _induction_sessions(protocol)]  # fmt: skip
        timelines.append(
            CourseTimeline(
                row=0,
                course_pk=pk,
                client_pk=client_pk,
                client_public_id=client_public_id,
                number=0,
                protocol=protocol,
                day0=day0,
                cutoff=sessions[0][2] if sessions else None,
                n_sessions=len(sessions),
                induction_end=max(induction, default=0),
                session_days=days,
            )
        )
    timelines.sort(key=lambda t: (t.client_pk, t.day0, t.course_pk))
    previous_client, number = None, 0
    for row, timeline in enumerate(timelines):
        number = number + 1 if timeline.client_pk == previous_client else 1
        timeline.row, timeline.number, previous_client = row, number, timeline.client_pk
    return timelines


def current_scores(
    practice: Practice,
    *,
    instrument: str | None = None,
    client: Client | None = None,
    with_answers: bool = False,
) -> list[Score]:
    """Current responses of the practice (1 query), oldest first.

    An amended response is replaced by its latest amendment, which keeps the original's time:
    a correction changes what was answered, not when.
    """
    zone = practice_zone(practice)
    query = _of(QuestionnaireResponse.objects.filter(practice=practice), client)
    if instrument is not None:
        query = query.filter(instrument_code=instrument)
    fields = ["pk", "client_id", "instrument_code", "submitted_at", "total", "amends_id"]
    rows = list(query.values_list(*fields, *(["answers"] if with_answers else [])))
    parent = {row[0]: row[5] for row in rows}
    when = {row[0]: row[3] for row in rows}
    superseded = {amends for amends in parent.values() if amends is not None}
    scores = []
    for row in rows:
        if row[0] in superseded:
            continue
        root = row[0]
        while parent.get(root) is not None and parent[root] in when:
            root = parent[root]
        submitted: dt.datetime = when[root]
        total: Decimal | None = row[4]
        scores.append(
            Score(
                row[1],
                row[2],
                submitted,
                submitted.astimezone(zone).date(),
                None if total is None else float(total),
                row[6] if with_answers else {},
            )
        )
    scores.sort(key=lambda s: (s.when, s.client_pk))
    return scores


class Attribution:
    """Which course a dated record belongs to, per client (binary search over day 0s)."""

    def __init__(self, timelines: Iterable[CourseTimeline]) -> None:
        """Index the courses per client; only treated courses take follow-up records."""
        self._all: dict[int, list[CourseTimeline]] = {}
        self._treated: dict[int, list[CourseTimeline]] = {}
        for timeline in timelines:
            self._all.setdefault(timeline.client_pk, []).append(timeline)
            if timeline.is_treated:
                self._treated.setdefault(timeline.client_pk, []).append(timeline)

    def follow_up(
        self, client_pk: int, day: dt.date, *, from_day: int = 1
    ) -> CourseTimeline | None:
        """The latest treated course whose day `from_day` is on or before `day`."""
        courses = self._treated.get(client_pk, [])
        index = bisect.bisect_right([c.day0 for c in courses], day - dt.timedelta(days=from_day))
        return courses[index - 1] if index else None

    def baseline_for(self, score: Score) -> CourseTimeline | None:
        """The course for which `score` is a baseline candidate, if any.

        That is the client's first course on or after the score's day, when the score is at
        most `BASELINE_MAX_DAYS` before its day 0 and, on day 0 itself, was submitted before
        the first session was checked in (a same-day score after dosing is no baseline).
        """
        course = self.first_on_or_after(score)
        if course is None:
            return None
        gap = (course.day0 - score.day).days
        after_dose = gap == 0 and course.cutoff is not None and score.when > course.cutoff
        return None if after_dose or gap > BASELINE_MAX_DAYS else course

    def first_on_or_after(self, score: Score) -> CourseTimeline | None:
        """The client's first course whose day 0 is on or after the score's day."""
        courses = self._all.get(score.client_pk, [])
        index = bisect.bisect_left([c.day0 for c in courses], score.day)
        return courses[index] if index < len(courses) else None
