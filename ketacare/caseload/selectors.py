"""The caseload: every client the actor cares for, ordered by who needs attention now.

Scoring and ordering are documented in docs/caseload.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ketacare.accounts.selectors import primary_membership
from ketacare.alerts.permissions import is_alert_staff
from ketacare.audit.services import AuditAction, audit_record
from ketacare.caseload import signals
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import require
from ketacare.integration.models import IntegrationSettings

# Days past due stop adding to the score after two weeks: a long-forgotten item must not
# outweigh a fresh safety signal (docs/caseload.md, "Score").
DAYS_CAP = 14


class ReasonKind(enum.StrEnum):
    """Why a client is on the list; the values are stable (filters, tests, audit counts)."""

    URGENT_ALERT = "urgent_alert"
    ALERT = "alert"
    RELAPSE = "relapse"
    REMS = "rems"
    QUESTIONNAIRE = "questionnaire"
    CHECK_IN = "check_in"
    FOLLOW_UP = "follow_up"


class Severity(enum.IntEnum):
    """How pressing a reason is: lower is more pressing (shown as a word, not only colour)."""

    URGENT = 1
    HIGH = 2
    MEDIUM = 3
    LOW = 4

    @property
    def word(self) -> str:
        """The severity in plain words."""
        return self.name.capitalize()


@dataclass(frozen=True)
class Reason:
    """One reason a client needs attention.

    Attributes:
        kind: what kind of signal.
        label: plain words for a badge ("2 urgent alerts").
        severity: how pressing.
        count: how many items are behind it.
        on: the oldest or most pressing date (the oldest due date, the relapse date, the
            earliest REMS deadline, the last check-in or integration start).
        url_name: where to act on it; `url_takes_client` says whether it takes the client's
            public id.
        url_takes_client: whether ``url_name`` needs the client's public id.
        points: what it adds to the attention score.
    """

    kind: ReasonKind
    label: str
    severity: Severity
    count: int
    on: dt.date | None
    url_name: str
    url_takes_client: bool
    points: int


@dataclass(frozen=True)
class CaseloadRow:
    """One client of the caseload with the reasons they need attention (none: all is well)."""

    client_public_id: uuid.UUID
    display_name: str
    reasons: tuple[Reason, ...]
    score: int
    next_session_on: dt.date | None
    has_urgent_alert: bool
    has_stop_alert: bool

    @property
    def needs_attention(self) -> bool:
        """Whether any signal is on."""
        return bool(self.reasons)

    def has(self, kind: ReasonKind) -> bool:
        """Whether a reason of ``kind`` is on."""
        return any(reason.kind == kind for reason in self.reasons)

    @property
    def sort_key(self) -> tuple[bool, bool, int, str, str]:
        """Urgent alerts first, then stop-level ones, then score high to low, then name."""
        return (
            not self.has_urgent_alert,
            not self.has_stop_alert,
            -self.score,
            self.display_name.casefold(),
            str(self.client_public_id),
        )


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _days_since(on: dt.date, today: dt.date) -> int:
    return max(0, min((today - on).days, DAYS_CAP))


@dataclass(frozen=True)
class _Signals:
    alerts: dict[int, signals.AlertSummary]
    relapse: dict[int, signals.RelapseSignal]
    rems: dict[int, signals.RemsDue]
    questionnaires: dict[int, signals.CountSince]
    check_ins: dict[int, signals.CheckInGap]
    follow_ups: dict[int, signals.CountSince]


def _alert_reasons(summary: signals.AlertSummary | None) -> list[Reason]:
    if summary is None:
        return []
    reasons = []
    if summary.urgent:
        label = _plural(summary.urgent, "urgent alert")
        if summary.stop:
            label += ": dosing stopped"
        reasons.append(
            Reason(
                ReasonKind.URGENT_ALERT,
                label,
                Severity.URGENT,
                summary.urgent,
                summary.oldest,
                "alerts:list",
                False,
                100 * summary.urgent,
            )
        )
    others = summary.review + summary.attention
    if others:
        severity = Severity.HIGH if summary.review else Severity.MEDIUM
        points = 30 * summary.review + 15 * summary.attention
        reasons.append(
            Reason(
                ReasonKind.ALERT,
                _plural(others, "alert") + " to review",
                severity,
                others,
                summary.oldest,
                "alerts:list",
                False,
                points,
            )
        )
    return reasons


def _reasons(pk: int, found: _Signals, today: dt.date) -> list[Reason]:
    reasons = _alert_reasons(found.alerts.get(pk))
    if relapse := found.relapse.get(pk):
        reasons.append(
            Reason(
                ReasonKind.RELAPSE,
                f"Relapse signal (PHQ-9 {relapse.latest_total})",
                Severity.HIGH,
                1,
                relapse.relapse_on,
                "measures:client",
                True,
                50,
            )
        )
    if rems := found.rems.get(pk):
        late = rems.overdue
        label = _plural(rems.count, "REMS form") + (" overdue" if late else " due")
        points = 40 * late + 15 * (rems.count - late)
        severity = Severity.HIGH if late else Severity.MEDIUM
        reasons.append(
            Reason(
                ReasonKind.REMS,
                label,
                severity,
                rems.count,
                rems.deadline,
                "treatments:client",
                True,
                points,
            )
        )
    if due := found.questionnaires.get(pk):
        points = 10 * due.count + _days_since(due.oldest, today)
        reasons.append(
            Reason(
                ReasonKind.QUESTIONNAIRE,
                _plural(due.count, "questionnaire") + " overdue",
                Severity.MEDIUM,
                due.count,
                due.oldest,
                "measures:client",
                True,
                points,
            )
        )
    if gap := found.check_ins.get(pk):
        label = f"No check-in for {_plural(gap.days, 'day')}"
        points = 10 + _days_since(gap.since, today)
        reasons.append(
            Reason(
                ReasonKind.CHECK_IN,
                label,
                Severity.MEDIUM,
                gap.days,
                gap.since,
                "integration:client",
                True,
                points,
            )
        )
    if follow := found.follow_ups.get(pk):
        points = 5 * follow.count + _days_since(follow.oldest, today)
        reasons.append(
            Reason(
                ReasonKind.FOLLOW_UP,
                _plural(follow.count, "follow-up") + " due",
                Severity.LOW,
                follow.count,
                follow.oldest,
                "integration:client",
                True,
                points,
            )
        )
    return reasons


def caseload_scope(*, actor: Any) -> QuerySet[Client]:  # Any: User
    """The clients on the actor's caseload: their care team's, or the practice's for a lead.

    Reuses the record scope (`clients.permissions.clients_visible_to`) minus the actor's own
    client record, should they also be a client somewhere.
    """
    return clients_visible_to(actor).exclude(user=actor)


def missed_check_in_days_for(actor: Any) -> int:  # Any: User
    """The actor's practice's missed-check-in limit [P] (IntegrationSettings; default 3)."""
    membership = primary_membership(actor)
    if membership is None:
        return signals.MISSED_CHECK_IN_DAYS
    # Read only (a GET never creates the settings row): no row yet means the default.
    days = (
        IntegrationSettings.objects.filter(practice_id=membership.practice_id)
        .values_list("missed_check_in_days", flat=True)
        .first()
    )
    return signals.MISSED_CHECK_IN_DAYS if days is None else days


def caseload_for(
    *, actor: Any, today: dt.date, now: dt.datetime | None = None
) -> list[CaseloadRow]:  # Any: User
    """Every client on the actor's caseload, who needs attention now first.

    One aggregate query per signal over the whole caseload, so the number of queries does not
    grow with it. Not audited here: the view audits what it shows (`caseload_shown_audit`).

    Args:
        actor: a practitioner (their care-team clients) or a lead (the whole practice).
        today: the day to judge due dates against.
        now: the moment to judge due times against (default: now).

    Returns:
        Rows sorted: urgent alerts, stop-level alerts, attention score (high first), name.

    Raises:
        PermissionDenied: the actor is not a practitioner or lead anywhere.
    """
    require(is_alert_staff(actor))
    now = now or timezone.now()
    scope = caseload_scope(actor=actor)
    clients = list(
        scope.order_by().values_list(
            "pk", "public_id", "preferred_name", "given_name", "family_name"
        )
    )
    found = _Signals(
        alerts=signals.open_alerts(scope),
        relapse=signals.relapse_signals(scope, today),
        rems=signals.rems_due(scope, today),
        questionnaires=signals.overdue_questionnaires(scope, now),
        check_ins=signals.missed_check_ins(scope, today, missed_check_in_days_for(actor)),
        follow_ups=signals.follow_ups_due(scope, today),
    )
    upcoming = signals.next_sessions(scope, today)
    rows = []
    for pk, public_id, preferred, given, family in clients:
        reasons = sorted(_reasons(pk, found, today), key=lambda r: (r.severity, -r.points))
        summary = found.alerts.get(pk)
        rows.append(
            CaseloadRow(
                public_id,
                f"{preferred or given} {family}",
                tuple(reasons),
                sum(r.points for r in reasons),
                upcoming.get(pk),
                bool(summary and summary.urgent),
                bool(summary and summary.stop),
            )
        )
    rows.sort(key=lambda row: row.sort_key)
    return rows


def caseload_shown_audit(
    *, actor: Any, rows: list[CaseloadRow], shown: list[CaseloadRow]
) -> None:  # Any: User
    """Audit what a caseload page showed, as a LIST (docs/security.md).

    The client ids of the ``shown`` rows (a page of at most 100), with counts of the whole
    caseload's signals.
    """
    kinds = Counter(reason.kind.value for row in rows for reason in row.reasons)
    membership = primary_membership(actor)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        practice=membership.practice if membership else None,
        role=membership.role if membership else "",
        extra={
            "object_type": "Caseload",
            "count": len(shown),
            "client_ids": [str(row.client_public_id) for row in shown],
            "caseload": len(rows),
            "needs_attention": sum(row.needs_attention for row in rows),
            "signals": dict(sorted(kinds.items())),
        },
    )
