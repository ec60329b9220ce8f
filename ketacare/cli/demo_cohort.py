"""`ketacare demo --clients N --seed S`: a synthetic cohort with full histories, in Demo Practice.

The cohort comes from `ketacare.domain.cohort.generate_cohort`; this module maps its day
offsets onto the calendar (courses started up to ~9 months ago, history up to yesterday,
only planned sessions in the future) and writes it with `bulk_create`, one transaction per
batch of clients. Every value that crosses a safety threshold raises its alert through the
pipeline's own functions (docs/demo.md, "Alert policy"). Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from ketacare.accounts.models import Membership, Practice, Role, User
from ketacare.alerts.models import Alert
from ketacare.alerts.services import alert_resolve
from ketacare.audit.services import AuditAction, audit_record
from ketacare.caseload.attention import attention_refresh
from ketacare.cli.demo_cohort_write import BatchWriter, RunContext, family_marker
from ketacare.clients.models import Client
from ketacare.domain.cohort import Cohort, generate_cohort
from ketacare.domain.cohort.generator import EPOCH
from ketacare.domain.outcomes.data import EngagementKind
from ketacare.integration.services import integration_settings_for
from ketacare.preparation.models import ConsentDocument, ConsentKind
from ketacare.treatments.session_services import thresholds_for

DEMO_PRACTICE_SLUG = "demo-practice"
HISTORY_DAYS = 270  # course starts spread over the last ~9 months [P]
BATCH_CLIENTS = 100  # clients per transaction
RECENT_ALERT_DAYS = 7  # alerts older than this are resolved with a synthetic note [P]
RESOLUTION_NOTE = (
    "Synthetic demo history: reviewed with the client at the time; no further action needed."
)
COHORT_MISSING_PRACTICE = (
    "Run `ketacare demo` first: the demo practice and practitioners are missing."
)
COHORT_EXISTS = (
    "Demo Practice already has the synthetic cohort of seed {seed} ({count} clients); "
    "nothing was added. Choose another --seed to add more clients."
)

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int], None]


__all__ = [
    "DemoCohortRefused",
    "DemoCohortSummary",
    "course_starts",
    "demo_cohort_write",
    "family_marker",
    "history_masks",
]


class DemoCohortRefused(ValueError):
    """The cohort cannot be written: no demo practice, or this seed is already there."""


@dataclass(frozen=True)
class DemoCohortSummary:
    """What one run wrote (counts) and how many alerts it raised and resolved."""

    clients: int
    sessions: int
    responses: int
    journal_entries: int
    check_ins: int
    coaching_sessions: int
    alerts: int
    alerts_resolved: int


def course_starts(cohort: Cohort, today: dt.date) -> IntArray:
    """Each client's course start (date ordinal, a Monday) within the last ~9 months.

    The generator's start day (0–364 after its epoch) is scaled onto the `HISTORY_DAYS`
    before today and moved back to its Monday, so every start is in the past.
    """
    offset = np.asarray(cohort.clients["course_start"], dtype=np.int64) - EPOCH.toordinal()
    raw = today.toordinal() - HISTORY_DAYS + offset * HISTORY_DAYS // 365
    return (raw - (raw + 6) % 7).astype(np.int64)  # ordinal 1 is a Monday


def history_masks(cohort: Cohort, starts: IntArray, today: dt.date) -> dict[str, BoolArray]:
    """Which generated rows are history (before today): the rows `demo_cohort_write` stores.

    Returns masks over `cohort.questionnaires` ("responses") and `cohort.events`
    ("journal_entries", "check_ins" — the first check-in of a day only — and
    "coaching_sessions").
    """
    horizon = today.toordinal() - starts
    q, e = cohort.questionnaires, cohort.events
    responses = q["day"] < horizon[q["client"]]
    past = e["day"] < horizon[e["client"]]
    kind = e["kind"]
    day_key = e["client"].astype(np.int64) * 100_000 + e["day"]
    check_in = past & (kind == EngagementKind.CHECKIN.value)
    first_of_day = np.zeros(len(kind), dtype=np.bool_)
    rows = np.flatnonzero(check_in)
    _, first = np.unique(day_key[rows], return_index=True)
    first_of_day[rows[first]] = True
    return {
        "responses": responses,
        "journal_entries": past & (kind == EngagementKind.JOURNAL.value),
        "check_ins": first_of_day,
        "coaching_sessions": past & (kind == EngagementKind.COACHING.value),
    }


def _practitioners(practice: Practice) -> list[User]:
    members = Membership.objects.filter(
        practice=practice, role=Role.PRACTITIONER, is_active=True, user__is_active=True
    ).select_related("user")
    return [m.user for m in sorted(members, key=lambda m: m.user.email)]


def _context(practice: Practice, seed: int, cohort: Cohort, today: dt.date) -> RunContext:
    practitioners = _practitioners(practice)
    if not practitioners:
        raise DemoCohortRefused(COHORT_MISSING_PRACTICE)
    settings = integration_settings_for(practice)
    consent = (
        ConsentDocument.objects.filter(practice=practice, kind=ConsentKind.TREATMENT)
        .order_by("-version")
        .first()
    )
    starts = course_starts(cohort, today)
    return RunContext.build(
        cohort=cohort,
        seed=seed,
        practice=practice,
        practitioners=practitioners,
        tz=ZoneInfo(practice.timezone),
        today=today,
        starts=starts,
        masks=history_masks(cohort, starts, today),
        limits=thresholds_for(practice.pk),
        drop_settings=(
            settings.low_mood_threshold,
            settings.low_mood_days,
            settings.baseline_drop_points,
        ),
        consent=consent,
    )


def _resolve_history(raised: list[tuple[int, dt.datetime, User]], now: dt.datetime) -> int:
    """Resolve alerts whose source is older than a week, through the alerts service."""
    older = [(pk, who) for pk, when, who in raised if now - when > dt.timedelta(RECENT_ALERT_DAYS)]
    alerts = Alert.objects.in_bulk([pk for pk, _ in older])
    with transaction.atomic():
        for alert_pk, practitioner in older:
            alert_resolve(actor=practitioner, alert=alerts[alert_pk], note=RESOLUTION_NOTE)
    return len(older)


def demo_cohort_write(
    *, practice: Practice, n: int, seed: int, progress: Progress | None = None
) -> DemoCohortSummary:
    """Write `n` synthetic clients with full histories into ``practice`` (the demo practice).

    Args:
        practice: the demo practice; `ketacare demo` must have created its practitioners.
        n: number of clients (≥ 1).
        seed: the generator's seed; the same seed twice adds nothing the second time.
        progress: called with the number of clients written after each batch.

    Returns:
        Counts of what was written, and the alerts raised and resolved.

    Raises:
        DemoCohortRefused: the practice has no practitioners, or this seed is already there.
        ValueError: n < 1.
    """
    if n < 1:
        raise ValueError("--clients must be at least 1")
    existing = Client.objects.filter(
        practice=practice, family_name__startswith=family_marker(seed)
    ).count()
    if existing:
        raise DemoCohortRefused(COHORT_EXISTS.format(seed=seed, count=existing))
    now = timezone.now()
    today = now.astimezone(ZoneInfo(practice.timezone)).date()
    cohort = generate_cohort(n, seed)
    run = _context(practice, seed, cohort, today)
    writer = BatchWriter(run)
    # Alerts of a synthetic history are raised through the pipeline, but their e-mails would
    # only reach the fictional demo.example addresses: they are not sent (docs/demo.md).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for lo in range(0, n, BATCH_CLIENTS):
            hi = min(lo + BATCH_CLIENTS, n)
            with transaction.atomic():
                writer.write(lo, hi)
            if progress is not None:
                progress(hi - lo)
        resolved = _resolve_history(writer.raised, now)
    # The caseload's rows for the new clients now, not on the first page view
    # (docs/decisions/0008).
    attention_refresh(Client.objects.filter(practice=practice), now=timezone.now())
    counts = writer.counts
    summary = DemoCohortSummary(
        clients=n,
        sessions=counts["sessions"],
        responses=counts["responses"],
        journal_entries=counts["journal_entries"],
        check_ins=counts["check_ins"],
        coaching_sessions=counts["coaching_sessions"],
        alerts=len(writer.raised),
        alerts_resolved=resolved,
    )
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        practice=practice,
        extra={"demo_cohort_seed": seed, **summary.__dict__},
    )
    return summary
