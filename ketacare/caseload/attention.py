"""Keep `caseload.Attention` rows up to date (docs/decisions/0008).

`attention_refresh_stale` recomputes the rows of a scope that are missing, marked stale by the
triggers (`caseload.triggers`), or expired by time; `attention_refresh` recomputes given
clients; `attention_refresh_all` is the daily job. Each recomputation runs the signal queries
(`caseload.signals`) once per chunk of clients, so its statement count does not depend on how
many clients a chunk holds.

Order of a refresh, so that no write is lost: (1) insert missing rows and clear ``stale``
with ``fresh_until`` in the past; (2) compute; (3) write the values without touching
``stale``. A write committed after (1) marks the row stale again through its trigger; a write
still in flight during (1) holds the row (PostgreSQL) or the database (SQLite), so (1) waits
and (2) sees it. If (2) or (3) fails, ``fresh_until`` is already past and the next read
recomputes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from ketacare.caseload import reasons as reasons_module
from ketacare.caseload import rendering, signals
from ketacare.caseload.models import Attention
from ketacare.caseload.reasons import KIND_FLAG, Signals, reason_to_json, reasons_for
from ketacare.caseload.rendering import RowUrls, row_html
from ketacare.clients.models import Client
from ketacare.integration.models import IntegrationSettings
from ketacare.measures.models import QuestionnaireAssignment

CHUNK = 500  # clients per recomputation (bounded SQL parameter lists)


def _code_version() -> str:
    """A fingerprint of the code that computes and renders a row.

    A deploy that changes how reasons are found, scored or shown changes it, and every row
    computed by the old code then counts as stale (`stale_q`).
    """
    digest = hashlib.sha256()
    for module in (signals, reasons_module, rendering, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()
EXPIRED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # "fresh until" a moment long past
_VALUE_FIELDS = (
    "practice",
    "client_user",
    "reasons",
    "score",
    "urgent",
    "stop",
    "needs_attention",
    "has_alert",
    "has_relapse",
    "has_rems",
    "has_questionnaire",
    "has_check_in",
    "has_follow_up",
    "next_session_on",
    "sort_name",
    "row_html",
    "code_version",
    "fresh_until",
    "computed_at",
)


def stale_q(now: dt.datetime, prefix: str = "") -> Q:
    """Rows that must be recomputed before they are shown at ``now``.

    Marked by a trigger, expired by time, computed for a later moment than ``now`` (a read
    "in the past", as tests and clock corrections do), or computed by other code.
    """
    return (
        Q(**{f"{prefix}stale": True})
        | Q(**{f"{prefix}fresh_until__lte": now})
        | Q(**{f"{prefix}computed_at__gt": now})
        | ~Q(**{f"{prefix}code_version": CODE_VERSION})
    )


def _next_midnight(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _missed_days_by_practice(practice_ids: Iterable[int]) -> dict[int, int]:
    stored = dict(
        IntegrationSettings.objects.filter(practice_id__in=set(practice_ids)).values_list(
            "practice_id", "missed_check_in_days"
        )
    )
    return defaultdict(lambda: signals.MISSED_CHECK_IN_DAYS, stored)


def _next_due(scope: QuerySet[Client], now: dt.datetime) -> dict[int, dt.datetime]:
    """Each client's earliest open questionnaire due time still ahead (it flips to overdue)."""
    rows = (
        QuestionnaireAssignment.objects.filter(
            client__in=scope, response__isnull=True, cancelled_at__isnull=True, due_at__gte=now
        )
        .values("client_id")
        .annotate(first=Min("due_at"))
        .order_by()
    )
    return {row["client_id"]: row["first"] for row in rows}


def _chunk_refresh(
    clients: Sequence[tuple[int, int, int | None, uuid.UUID, str, str, str]],
    now: dt.datetime,
    missed_days: dict[int, int],
) -> None:
    ids = [pk for pk, *_ in clients]
    # (1) Rows exist and are cleared before anything is read (module docstring).
    Attention.objects.bulk_create(
        [
            Attention(client_id=pk, practice_id=practice_id, fresh_until=EXPIRED, computed_at=now)
            for pk, practice_id, *_ in clients
        ],
        ignore_conflicts=True,
    )
    Attention.objects.filter(client_id__in=ids).update(stale=False, fresh_until=EXPIRED)
    # (2) Compute.
    today = now.date()
    scope = Client.objects.filter(pk__in=ids)
    check_ins: dict[int, signals.CheckInGap] = {}
    for practice_id in sorted({practice_id for _, practice_id, *_ in clients}):
        check_ins |= signals.missed_check_ins(
            scope.filter(practice_id=practice_id), today, missed_days[practice_id]
        )
    found = Signals(
        alerts=signals.open_alerts(scope),
        relapse=signals.relapse_signals(scope, today),
        rems=signals.rems_due(scope, today),
        questionnaires=signals.overdue_questionnaires(scope, now),
        check_ins=check_ins,
        follow_ups=signals.follow_ups_due(scope, today),
    )
    upcoming = signals.next_sessions(scope, today)
    next_due = _next_due(scope, now)
    midnight = _next_midnight(now)
    urls = RowUrls()
    rows = []
    for pk, practice_id, user_id, public_id, preferred, given, family in clients:
        reasons = reasons_for(pk, found, today)
        summary = found.alerts.get(pk)
        kinds = {reason.kind for reason in reasons}
        display_name = f"{preferred or given} {family}"
        score = sum(reason.points for reason in reasons)
        rows.append(
            Attention(
                client_id=pk,
                practice_id=practice_id,
                client_user_id=user_id,
                reasons=[reason_to_json(reason) for reason in reasons],
                score=score,
                stop=bool(summary and summary.stop),
                needs_attention=bool(reasons),
                next_session_on=upcoming.get(pk),
                sort_name=display_name.casefold(),
                row_html=row_html(
                    public_id=public_id,
                    display_name=display_name,
                    reasons=reasons,
                    score=score,
                    next_session_on=upcoming.get(pk),
                    urls=urls,
                ),
                fresh_until=min(midnight, next_due.get(pk, midnight)),
                computed_at=now,
                code_version=CODE_VERSION,
                **{flag: kind in kinds for kind, flag in KIND_FLAG.items()},
            )
        )
    # (3) Write the values; ``stale`` is left as the triggers set it since (1).
    Attention.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["client"], update_fields=_VALUE_FIELDS
    )


def attention_refresh(clients: QuerySet[Client], *, now: dt.datetime | None = None) -> int:
    """Recompute the attention rows of ``clients``; returns how many.

    Derived data only, so no audit event: the page that shows the rows audits what it shows.
    """
    now = now or timezone.now()
    found = list(
        clients.order_by("pk").values_list(
            "pk",
            "practice_id",
            "user_id",
            "public_id",
            "preferred_name",
            "given_name",
            "family_name",
        )
    )
    if not found:
        return 0
    missed_days = _missed_days_by_practice({practice_id for _, practice_id, *_ in found})
    for start in range(0, len(found), CHUNK):
        _chunk_refresh(found[start : start + CHUNK], now, missed_days)
    return len(found)


def stale_clients(scope: QuerySet[Client], now: dt.datetime) -> QuerySet[Client]:
    """The clients of ``scope`` whose row is missing or must be recomputed at ``now``."""
    return scope.filter(Q(attention__isnull=True) | stale_q(now, "attention__"))


def attention_backfill(using: str = "default") -> int:
    """Give every client without an attention row a stale one (after ``migrate``).

    New clients get theirs from a trigger (`caseload.triggers`); this covers clients that
    existed before the table or the trigger did. Returns how many rows were added.
    """
    missing = Client.objects.using(using).filter(attention__isnull=True)
    rows = [
        Attention(
            client_id=pk,
            practice_id=practice_id,
            client_user_id=user_id,
            fresh_until=EXPIRED,
            computed_at=EXPIRED,
        )
        for pk, practice_id, user_id in missing.values_list("pk", "practice_id", "user_id")
    ]
    Attention.objects.using(using).bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK)
    return len(rows)


def attention_refresh_all(*, now: dt.datetime | None = None) -> int:
    """Recompute every row that is missing or stale, in every practice (the daily job)."""
    now = now or timezone.now()
    return attention_refresh(stale_clients(Client.objects.all(), now), now=now)
