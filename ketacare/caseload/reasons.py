"""Why a client needs attention: the reasons, their words, severities and points.

`reasons_for` turns the signals of one client (`ketacare.caseload.signals`) into badges;
`ketacare.caseload.attention` stores them per client. Scoring is documented in
docs/caseload.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from typing import Any

from ketacare.caseload import signals

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


# Each reason kind → the `caseload.Attention` column that says a row has it (filter chips,
# audit counts, the covering index).
KIND_FLAG: dict[ReasonKind, str] = {
    ReasonKind.URGENT_ALERT: "urgent",
    ReasonKind.ALERT: "has_alert",
    ReasonKind.RELAPSE: "has_relapse",
    ReasonKind.REMS: "has_rems",
    ReasonKind.QUESTIONNAIRE: "has_questionnaire",
    ReasonKind.CHECK_IN: "has_check_in",
    ReasonKind.FOLLOW_UP: "has_follow_up",
}


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


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _days_since(on: dt.date, today: dt.date) -> int:
    return max(0, min((today - on).days, DAYS_CAP))


@dataclass(frozen=True)
class Signals:
    """Each signal's findings for a set of clients, keyed by client pk."""

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


def _reasons(pk: int, found: Signals, today: dt.date) -> list[Reason]:
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


def reasons_for(pk: int, found: Signals, today: dt.date) -> list[Reason]:
    """Client ``pk``'s reasons in badge order: by severity, then points (highest first)."""
    return sorted(_reasons(pk, found, today), key=lambda r: (r.severity, -r.points))


def reason_to_json(reason: Reason) -> dict[str, object]:
    """``reason`` as stored in `caseload.Attention.reasons`."""
    return {
        "kind": reason.kind.value,
        "label": reason.label,
        "severity": reason.severity.value,
        "count": reason.count,
        "on": reason.on.isoformat() if reason.on else None,
        "url_name": reason.url_name,
        "url_takes_client": reason.url_takes_client,
        "points": reason.points,
    }


def reason_from_json(stored: dict[str, Any]) -> Reason:  # Any: JSON values
    """The `Reason` that `reason_to_json` stored."""
    on = stored["on"]
    return Reason(
        ReasonKind(stored["kind"]),
        stored["label"],
        Severity(stored["severity"]),
        stored["count"],
        dt.date.fromisoformat(on) if on else None,
        stored["url_name"],
        stored["url_takes_client"],
        stored["points"],
    )
