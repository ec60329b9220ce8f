"""The caseload's signals: one aggregate query each over the whole caseload, keyed by client pk.

Every function takes ``scope`` (a queryset of the clients the actor may see, used as a
subquery) and returns ``{client pk: summary}`` for the clients the signal is on for. None of
them runs a query per client, so the caseload costs the same number of queries at 3 clients
and at 3,000 (tests/caseload/test_queries.py). Definitions and policy values:
docs/caseload.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ketacare.alerts.models import Alert, AlertSeverity, AlertStatus
from ketacare.clients.models import Client
from ketacare.domain.outcomes import RELAPSE_RULES, OutcomeData
from ketacare.domain.outcomes.relapse import first_response_day, relapse_onsets
from ketacare.integration.models import Commitment, CommitmentStatus, DailyCheckIn, FollowUp
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
from ketacare.treatments.models import Administration, DosingSession, RemsFiling, SessionStatus
from ketacare.treatments.rems import filing_deadline
from ketacare.treatments.session_models import AdministeredDrug

# Alert codes whose finding says "stop dosing" (ketacare.domain.session_safety.rules,
# Action.STOP: BP ≥ the stop limit, SpO2 below the stop limit, a red-flag symptom).
STOP_ALERT_CODES = ("bp_stop", "spo2_stop", "red_flag_symptom")
# Relapse: PHQ-9 totals of the last 12 weeks, the instruments reference's PHQ-9 rule
# (../shared/reference/instruments.md §3; ketacare.domain.outcomes.relapse.RELAPSE_RULES).
RELAPSE_INSTRUMENT = "PHQ-9"
RELAPSE_WINDOW_DAYS = 84
# A client is "in integration" with a completed dosing session in the last 90 days or any
# active commitment (issue #7; docs/caseload.md).
INTEGRATION_WINDOW_DAYS = 90
# Missed check-ins: no daily check-in for this many full days [P]: the practice setting
# `IntegrationSettings.missed_check_in_days` (default 3), edited on /integration/settings/.
MISSED_CHECK_IN_DAYS = 3
# REMS forms: completed Spravato sessions of the last 30 days without a filing.
REMS_LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class AlertSummary:
    """A client's unacknowledged (open) alerts by severity."""

    urgent: int
    review: int
    attention: int
    stop: int
    oldest: dt.date


@dataclass(frozen=True)
class CountSince:
    """How many items are due and the oldest due date."""

    count: int
    oldest: dt.date


@dataclass(frozen=True)
class RelapseSignal:
    """The PHQ-9 relapse rule met after a response, with the latest total still high."""

    relapse_on: dt.date
    latest_total: int


@dataclass(frozen=True)
class CheckInGap:
    """A client in integration whose last check-in (or integration start) is too long ago."""

    last_on: dt.date | None
    since: dt.date
    days: int


@dataclass(frozen=True)
class RemsDue:
    """Unfiled REMS forms: how many, how many past the deadline, the earliest deadline."""

    count: int
    overdue: int
    deadline: dt.date


def open_alerts(scope: QuerySet[Client]) -> dict[int, AlertSummary]:
    """Unacknowledged alerts per client, counted by severity and stop-level codes."""
    rows = (
        Alert.objects.filter(client__in=scope, status=AlertStatus.OPEN)
        .values("client_id")
        .annotate(
            urgent=Count("pk", filter=Q(severity=AlertSeverity.URGENT)),
            review=Count("pk", filter=Q(severity=AlertSeverity.REVIEW)),
            attention=Count("pk", filter=Q(severity=AlertSeverity.ATTENTION)),
            stop=Count("pk", filter=Q(code__in=STOP_ALERT_CODES)),
            oldest=Min("created_at"),
        )
        .order_by()
    )
    return {
        row["client_id"]: AlertSummary(
            row["urgent"], row["review"], row["attention"], row["stop"], row["oldest"].date()
        )
        for row in rows
    }


def overdue_questionnaires(scope: QuerySet[Client], now: dt.datetime) -> dict[int, CountSince]:
    """Open questionnaire assignments whose due time has passed, per client."""
    rows = (
        QuestionnaireAssignment.objects.filter(
            client__in=scope, response__isnull=True, cancelled_at__isnull=True, due_at__lt=now
        )
        .values("client_id")
        .annotate(n=Count("pk"), oldest=Min("due_at"))
        .order_by()
    )
    return {row["client_id"]: CountSince(row["n"], row["oldest"].date()) for row in rows}


def follow_ups_due(scope: QuerySet[Client], today: dt.date) -> dict[int, CountSince]:
    """Follow-ups not done and due today or earlier, per client."""
    rows = (
        FollowUp.objects.filter(client__in=scope, done_at__isnull=True, due_on__lte=today)
        .values("client_id")
        .annotate(n=Count("pk"), oldest=Min("due_on"))
        .order_by()
    )
    return {row["client_id"]: CountSince(row["n"], row["oldest"]) for row in rows}


def rems_due(scope: QuerySet[Client], today: dt.date) -> dict[int, RemsDue]:
    """Completed esketamine sessions of the last 30 days with no REMS filing, per client.

    The deadline of each is `treatments.rems.filing_deadline` of the session date (7 days);
    one past it counts as overdue. Rows are sessions, bounded by the 30-day look-back.
    """
    esketamine = Administration.objects.filter(
        session=OuterRef("pk"), drug=AdministeredDrug.ESKETAMINE
    )
    filed = RemsFiling.objects.filter(session=OuterRef("pk"))
    rows = (
        DosingSession.objects.filter(
            client__in=scope,
            status=SessionStatus.COMPLETED,
            scheduled_on__gte=today - dt.timedelta(days=REMS_LOOKBACK_DAYS),
        )
        .filter(Exists(esketamine), ~Exists(filed))
        .values_list("client_id", "scheduled_on")
    )
    deadlines: dict[int, list[dt.date]] = defaultdict(list)
    for client_id, session_on in rows:
        deadlines[client_id].append(filing_deadline(session_on))
    return {
        client_id: RemsDue(len(dates), sum(d < today for d in dates), min(dates))
        for client_id, dates in deadlines.items()
    }


def next_sessions(scope: QuerySet[Client], today: dt.date) -> dict[int, dt.date]:
    """The next scheduled dosing session date, per client."""
    rows = (
        DosingSession.objects.filter(
            client__in=scope, status=SessionStatus.SCHEDULED, scheduled_on__gte=today
        )
        .values("client_id")
        .annotate(next_on=Min("scheduled_on"))
        .order_by()
    )
    return {row["client_id"]: row["next_on"] for row in rows}


def missed_check_ins(
    scope: QuerySet[Client], today: dt.date, days: int = MISSED_CHECK_IN_DAYS
) -> dict[int, CheckInGap]:
    """Clients in integration with no daily check-in on any of the last ``days`` full days.

    The gap counts from the last check-in; a client who never checked in counts from their
    latest completed session, or else from their earliest active commitment's start.
    """
    recent = DosingSession.objects.filter(
        client=OuterRef("pk"),
        status=SessionStatus.COMPLETED,
        scheduled_on__gte=today - dt.timedelta(days=INTEGRATION_WINDOW_DAYS),
        scheduled_on__lte=today,
    )
    active = Commitment.objects.filter(client=OuterRef("pk"), status=CommitmentStatus.ACTIVE)
    last = DailyCheckIn.objects.filter(client=OuterRef("pk"), on__lte=today)
    rows = (
        Client.objects.filter(pk__in=scope.values("pk"))
        .filter(Exists(recent) | Exists(active))
        .annotate(
            last_on=Subquery(last.order_by("-on").values("on")[:1]),
            session_on=Subquery(recent.order_by("-scheduled_on").values("scheduled_on")[:1]),
            commitment_on=Subquery(active.order_by("start_on").values("start_on")[:1]),
        )
        .annotate(since=Coalesce("last_on", "session_on", "commitment_on"))
        .filter(since__lt=today - dt.timedelta(days=days))
        .values_list("pk", "last_on", "since")
    )
    return {pk: CheckInGap(last_on, since, (today - since).days - 1) for pk, last_on, since in rows}


def relapse_signals(scope: QuerySet[Client], today: dt.date) -> dict[int, RelapseSignal]:
    """Clients whose PHQ-9 met the relapse rule after a response, and is still high.

    One query fetches the PHQ-9 totals of the last 12 weeks (amended originals left out) of
    the clients whose latest total is at or above the rule's threshold (no one else can have
    the signal on), each with the client's first PHQ-9 total as the baseline; the domain's
    vectorised rule (`first_response_day`, `relapse_onsets`) then runs over them all at once.
    """
    rule = RELAPSE_RULES[RELAPSE_INSTRUMENT]
    since = dt.datetime.combine(
        today - dt.timedelta(days=RELAPSE_WINDOW_DAYS), dt.time.min, tzinfo=dt.UTC
    )
    phq9 = QuestionnaireResponse.objects.filter(
        instrument_code=RELAPSE_INSTRUMENT, amendments__isnull=True, total__isnull=False
    )
    latest = phq9.filter(client=OuterRef("pk"), submitted_at__gte=since).order_by("-submitted_at")
    still_high = (
        Client.objects.filter(pk__in=scope.values("pk"))
        .annotate(latest=Subquery(latest.values("total")[:1]))
        .filter(latest__gte=rule.threshold)
        .values("pk")
    )
    first = phq9.filter(client=OuterRef("client_id")).order_by("submitted_at")
    rows = list(
        phq9.filter(client__in=still_high, submitted_at__gte=since)
        .annotate(
            baseline=Subquery(first.values("total")[:1]),
            baseline_at=Subquery(first.values("submitted_at")[:1]),
        )
        .order_by("client_id", "submitted_at")
        .values_list("client_id", "submitted_at", "total", "baseline", "baseline_at")
    )
    if not rows:
        return {}
    return _apply_relapse_rule(rows)


def _apply_relapse_rule(
    rows: Sequence[tuple[int, dt.datetime, object, object, dt.datetime]],
) -> dict[int, RelapseSignal]:
    index: dict[int, int] = {}
    starts: list[dt.date] = []
    baselines: list[float] = []
    day_of: dict[tuple[int, int], float] = {}  # (row, day) → total; a later one the same day wins
    for client_id, submitted_at, total, baseline, baseline_at in rows:
        if client_id not in index:
            index[client_id] = len(index)
            starts.append(baseline_at.date())
            baselines.append(float(str(baseline)))
        row = index[client_id]
        day_of[row, (submitted_at.date() - starts[row]).days] = float(str(total))
    keys = sorted(day_of)
    data = OutcomeData.build(
        instrument=RELAPSE_INSTRUMENT,
        clients={
            "client_ids": list(index),
            "protocol": [""] * len(index),
            "course_start": [start.toordinal() for start in starts],
            "n_sessions": [1] * len(index),
            "induction_end": [0] * len(index),
            "baseline": baselines,
        },
        measurements={
            "client": [row for row, _ in keys],
            "day": [day for _, day in keys],
            "score": [day_of[key] for key in keys],
        },
    )
    rule = RELAPSE_RULES[RELAPSE_INSTRUMENT]
    responded = first_response_day(data)
    _, relapse_day = relapse_onsets(data, np.where(responded >= 0, responded, -2), rule)
    latest: dict[int, float] = {row: day_of[row, day] for row, day in keys}  # sorted: last wins
    signals: dict[int, RelapseSignal] = {}
    for client_id, row in index.items():
        day = int(relapse_day[row])
        if day >= 0 and latest[row] >= rule.threshold:
            signals[client_id] = RelapseSignal(
                starts[row] + dt.timedelta(days=day), int(latest[row])
            )
    return signals
