"""The de-identified, item-level measures export (`ketacare export measures`).

One row per answered item: a keyed pseudonym instead of the client, days since the course's
first dosing session instead of dates, and no names, e-mails or free text (docs/outcomes.md,
"Measures export"). The export is pseudonymised, not anonymous: whoever holds the key (the
server's SECRET_KEY) can link a pseudonym back to a client by recomputing it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from django.conf import settings
from django.core.exceptions import PermissionDenied

from ketacare.accounts.models import Practice, Role
from ketacare.audit.services import AuditAction, audit_record
from ketacare.domain.instruments import INSTRUMENTS
from ketacare.domain.instruments.base import format_number
from ketacare.outcomes.courses import (
    Attribution,
    CourseTimeline,
    Score,
    course_timelines,
    current_scores,
)
from ketacare.outcomes.selectors import ONLY_LEADS, can_read_practice_outcomes

COLUMNS = (
    "client",
    "course",
    "protocol",
    "sessions_given",
    "instrument",
    "day",
    "phase",
    "item",
    "value",
    "total",
)
PSEUDONYM_HEX = 16  # 64 bits: no collision to expect within a practice, nothing to reverse
_KEY_LABEL = b"ketacare.outcomes.export.pseudonym.v1:"


def pseudonym(client_public_id: uuid.UUID, practice: Practice) -> str:
    """A stable, non-reversible id: HMAC-SHA256 of the client's public id, truncated.

    The key is itself an HMAC of SECRET_KEY and the practice's public id, so pseudonyms are
    stable across exports of one practice, differ between practices, and cannot be
    recomputed without the server's secret. Rotating SECRET_KEY changes every pseudonym.
    """
    key = hmac.new(
        settings.SECRET_KEY.encode(), _KEY_LABEL + practice.public_id.bytes, hashlib.sha256
    ).digest()
    return hmac.new(key, client_public_id.bytes, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


@dataclass(frozen=True)
class ExportSummary:
    """Counts written (the audit row carries the same)."""

    rows: int
    responses: int
    clients: int


def _phase(course: CourseTimeline, day: int, *, is_baseline: bool) -> str:
    if day > 0:
        return "induction" if day <= course.induction_end else "follow-up"
    if is_baseline:
        return "baseline"
    return "dosing day" if day == 0 else "before course"


def _placed(
    scores: Iterable[Score], attribution: Attribution
) -> dict[tuple[int, str, int], tuple[CourseTimeline, Score]]:
    """Each score on the clock of each course it belongs to; one per course, instrument, day.

    A score counts as a follow-up of the latest treated course that started before its day,
    and as a pre-course score of the next course on or after it (both, when it is both).
    A later score of the same day replaces an earlier one, as in the outcomes builder.
    """
    placed: dict[tuple[int, str, int], tuple[CourseTimeline, Score]] = {}
    for score in scores:
        for course in (attribution.follow_up(score.client_pk, score.day),
                       attribution.first_on_or_after(score)):  # fmt: skip
            if course is not None:
                placed[course.course_pk, score.instrument, (score.day - course.day0).days] = (
                    course,
                    score,
                )
    return placed


def _baselines(scores: Iterable[Score], attribution: Attribution) -> dict[tuple[int, str], Score]:
    chosen: dict[tuple[int, str], Score] = {}
    for score in scores:
        course = attribution.baseline_for(score)
        if course is not None and score.total is not None:
            chosen[course.course_pk, score.instrument] = score
    return chosen


def _value(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # only numeric answers leave the practice, never text
    return format_number(value)


def _rows(practice: Practice, placed: dict[tuple[int, str, int], tuple[CourseTimeline, Score]],
          baselines: dict[tuple[int, str], Score]) -> Iterable[list[str]]:  # fmt: skip
    for (_, instrument, day), (course, score) in sorted(
        placed.items(), key=lambda item: (item[1][0].row, item[0][1], item[0][2])
    ):
        spec = INSTRUMENTS.get(instrument)
        if spec is None:
            continue
        is_baseline = baselines.get((course.course_pk, instrument)) is score
        head = [
            pseudonym(course.client_public_id, practice),
            str(course.number),
            course.protocol,
            str(course.n_sessions),
            instrument,
            str(day),
            _phase(course, day, is_baseline=is_baseline),
        ]
        total = "" if score.total is None else format_number(score.total)
        for item in spec.items:
            value = _value(score.answers.get(item.key))
            if value is not None:
                yield [*head, item.key, value, total]


def measures_export(
    *,
    actor: Any,
    practice: Practice,
    stream: TextIO,  # Any: a User, or None (the CLI)
) -> ExportSummary:
    """Write the practice's item-level, de-identified measures as CSV to `stream`.

    Args:
        actor: a lead of the practice, or None for the system (the CLI on the server).
        practice: whose responses.
        stream: an open text stream (newline="").

    Returns:
        How many rows, responses and clients were written; audited as one EXPORT.

    Raises:
        PermissionDenied: the actor is not a lead of the practice.
    """
    if not can_read_practice_outcomes(actor, practice):
        raise PermissionDenied(ONLY_LEADS)
    courses = course_timelines(practice)
    for row, course in enumerate(courses):
        course.row = row
    attribution = Attribution(courses)
    scores = current_scores(practice, with_answers=True)
    placed = _placed(scores, attribution)
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    rows = 0
    for line in _rows(practice, placed, _baselines(scores, attribution)):
        writer.writerow(line)
        rows += 1
    summary = ExportSummary(
        rows,
        len({id(score) for _, score in placed.values()}),
        len({course.client_pk for course, _ in placed.values()}),
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        practice=practice,
        role=Role.LEAD if actor is not None else "",
        extra={
            "object_type": "QuestionnaireResponse",
            "format": "csv",
            "rows": summary.rows,
            "responses": summary.responses,
            "clients": summary.clients,
        },
    )
    return summary
