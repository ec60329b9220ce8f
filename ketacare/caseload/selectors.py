"""The caseload: every client the actor cares for, ordered by who needs attention now.

Reads the materialised `caseload.Attention` rows (docs/decisions/0008), recomputing first
the ones in the actor's scope that are missing, stale or expired, so a read never shows an
out-of-date row. Scoring and ordering are documented in docs/caseload.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ketacare.accounts.models import Role
from ketacare.accounts.selectors import memberships_of, primary_membership
from ketacare.audit.services import AuditAction, audit_record
from ketacare.caseload import signals, sql
from ketacare.caseload.attention import CODE_VERSION, attention_refresh, stale_clients
from ketacare.caseload.models import Attention
from ketacare.caseload.reasons import (
    KIND_FLAG,
    CaseloadRow,
    Reason,
    ReasonKind,
    Severity,
    reason_from_json,
)
from ketacare.clients.models import CareTeamMember, Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import require
from ketacare.integration.models import IntegrationSettings

__all__ = [
    "SHOW",
    "CaseloadRow",
    "CaseloadScope",
    "CaseloadSummary",
    "Reason",
    "ReasonKind",
    "Severity",
    "caseload_for",
    "caseload_page",
    "caseload_rows",
    "caseload_scope",
    "caseload_scope_for",
    "caseload_shown_audit",
    "caseload_summary",
    "missed_check_in_days_for",
]

# The filter chips: which rows each shows (`Attention` flag; "all" shows every row).
SHOW: dict[str, str | None] = {
    "all": None,
    "attention": "needs_attention",
    "rems": "has_rems",
    "relapse": "has_relapse",
}
_ORDER = ("-urgent", "-stop", "-score", "sort_name", "client_id")
_ROW_VALUES = (
    "client__public_id",
    "client__preferred_name",
    "client__given_name",
    "client__family_name",
    "reasons",
    "score",
    "next_session_on",
    "urgent",
    "stop",
)


@dataclass(frozen=True)
class CaseloadScope:
    """Whose clients a caseload read covers: the practices led, and the care teams served.

    Built once per read from the actor's memberships; its querysets need no DISTINCT (one
    care-team row per client and practitioner).
    """

    actor_id: int
    led: tuple[int, ...]
    practising: tuple[int, ...]

    def _q(self, client_field: str) -> Q:
        care_team = CareTeamMember.objects.filter(practitioner_id=self.actor_id)
        # An empty tuple drops its branch from the SQL, so a lead's read is practice_id IN (…).
        return Q(practice_id__in=self.led) | Q(
            practice_id__in=self.practising,
            **{f"{client_field}__in": care_team.values("client_id")},
        )

    def clients(self) -> QuerySet[Client]:
        """The clients on the caseload (never the actor's own client record)."""
        return Client.objects.filter(self._q("pk")).exclude(user_id=self.actor_id)

    def attention(self) -> QuerySet[Attention]:
        """Their attention rows (no join: the practice and the client's sign-in are on it)."""
        return Attention.objects.filter(self._q("client_id")).exclude(client_user_id=self.actor_id)


def caseload_scope_for(actor: Any) -> CaseloadScope:  # Any: User
    """The actor's caseload scope (the same clients as `caseload_scope`).

    Raises:
        PermissionDenied: the actor is not a practitioner or lead anywhere.
    """
    memberships = [m for m in memberships_of(actor) if m.role in (Role.LEAD, Role.PRACTITIONER)]
    require(bool(memberships))
    return CaseloadScope(
        actor.pk,
        tuple(m.practice_id for m in memberships if m.role == Role.LEAD),
        tuple(m.practice_id for m in memberships if m.role == Role.PRACTITIONER),
    )


@dataclass(frozen=True)
class CaseloadSummary:
    """Counts over the actor's whole caseload, read after every row is fresh.

    Attributes:
        scope: whose clients (for `caseload_rows`).
        shown: rows per filter chip (`SHOW` keys; ``"all"`` is the caseload's size).
        signals: clients per reason kind that has any (no names, no free text).
        refreshed: how many rows this read had to recompute first.
    """

    scope: CaseloadScope
    shown: dict[str, int]
    signals: dict[str, int]
    refreshed: int

    @property
    def total(self) -> int:
        """Clients on the caseload."""
        return self.shown["all"]


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


def _counts(scope: CaseloadScope, now: dt.datetime) -> dict[str, int]:
    """The chip and signal counts, and how many rows must be recomputed first.

    One aggregate over the scope's rows, read from the covering index
    ``caseload_attention_counts`` (`caseload.sql.count_rows`). Every client has a row (a
    trigger inserts it), so counting rows counts clients.
    """
    found = sql.count_rows(
        led=scope.led,
        practising=scope.practising,
        actor_id=scope.actor_id,
        now=now,
        code_version=CODE_VERSION,
    )
    counts = {"stale": found["stale"]}
    counts |= {f"show_{key}": found[flag or "all"] for key, flag in SHOW.items()}
    counts |= {f"kind_{kind.value}": found[flag] for kind, flag in KIND_FLAG.items()}
    return counts


def caseload_summary(*, actor: Any, now: dt.datetime | None = None) -> CaseloadSummary:  # Any: User
    """Bring the actor's caseload up to date and count it.

    One count query when every row is fresh; otherwise the stale rows are recomputed first
    (`attention_refresh`, a fixed number of statements per 500 clients) and counted again.

    Raises:
        PermissionDenied: the actor is not a practitioner or lead anywhere.
    """
    now = now or timezone.now()
    scope = caseload_scope_for(actor)
    counts = _counts(scope, now)
    refreshed = 0
    if counts["stale"]:
        refreshed = attention_refresh(stale_clients(scope.clients(), now), now=now)
        counts = _counts(scope, now)
    return CaseloadSummary(
        scope=scope,
        shown={key: counts[f"show_{key}"] for key in SHOW},
        signals={kind.value: n for kind in ReasonKind if (n := counts[f"kind_{kind.value}"])},
        refreshed=refreshed,
    )


def caseload_page(
    *, scope: CaseloadScope, show: str = "all", offset: int = 0, limit: int = 100
) -> list[tuple[uuid.UUID, str]]:
    """A page of the caseload as stored table rows: ``(client public id, row markup)``.

    The same rows in the same order as `caseload_rows`; one query that walks the order
    index (`caseload.sql.page_rows`).
    """
    return sql.page_rows(
        led=scope.led,
        practising=scope.practising,
        actor_id=scope.actor_id,
        flag=SHOW.get(show),
        offset=offset,
        limit=limit,
    )


def caseload_rows(
    *, scope: CaseloadScope, show: str = "all", offset: int = 0, limit: int | None = None
) -> list[CaseloadRow]:
    """The caseload's rows in order, as `caseload_summary` brought them up to date.

    One indexed query: urgent alerts first, then stop-level alerts, then the attention score
    (high first), then the name (ignoring case), then the record's age.
    """
    rows = scope.attention()
    if flag := SHOW.get(show):
        rows = rows.filter(**{flag: True})
    ordered = rows.order_by(*_ORDER).values_list(*_ROW_VALUES)
    window = ordered[offset:] if limit is None else ordered[offset : offset + limit]
    return [
        CaseloadRow(
            public_id,
            f"{preferred or given} {family}",
            tuple(reason_from_json(reason) for reason in reasons),
            score,
            next_on,
            urgent,
            stop,
        )
        for public_id, preferred, given, family, reasons, score, next_on, urgent, stop in window
    ]


def caseload_for(*, actor: Any, now: dt.datetime | None = None) -> list[CaseloadRow]:  # Any: User
    """Every client on the actor's caseload, who needs attention now first (up to date).

    Not audited here: the views audit what they show (`caseload_shown_audit`).

    Raises:
        PermissionDenied: the actor is not a practitioner or lead anywhere.
    """
    return caseload_rows(scope=caseload_summary(actor=actor, now=now).scope)


def caseload_shown_audit(
    *, actor: Any, summary: CaseloadSummary, shown: Sequence[uuid.UUID]
) -> None:  # Any: User
    """Audit what a caseload page showed, as a LIST (docs/security.md).

    The public ids of the clients ``shown`` (a page of at most 100), with counts of the whole
    caseload's signals.
    """
    membership = primary_membership(actor)
    audit_record(
        actor=actor,
        action=AuditAction.LIST,
        practice=membership.practice if membership else None,
        role=membership.role if membership else "",
        extra={
            "object_type": "Caseload",
            "count": len(shown),
            "client_ids": [str(public_id) for public_id in shown],
            "caseload": summary.total,
            "needs_attention": summary.shown["attention"],
            "signals": dict(sorted(summary.signals.items())),
        },
    )
