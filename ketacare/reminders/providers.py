"""What is due: providers each return ``DueItem``s; this app knows no other app's internals.

A provider is any callable ``(now: datetime) -> Iterable[DueItem]`` named by dotted path in
``settings.KETACARE_REMINDER_PROVIDERS``. Providers are system reads: the send that follows
writes one audit record per reminder (docs/reminders.md, "Providers").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from ketacare.domain.instruments import lookup
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.treatments.models import DosingSession, SessionStatus

# Kinds every provider may use; the e-mail turns each into generic words only.
KIND_QUESTIONNAIRE = "questionnaire"
KIND_SESSION_READINESS = "session_readiness"
KIND_JOURNAL_PROMPT = "journal_prompt"
KIND_DAILY_CHECK_IN = "daily_check_in"

# Platform choices (docs/reminders.md): remind a day before a questionnaire is due, and stop
# reminding about one left open for two weeks (by then the care team follows up in person).
QUESTIONNAIRE_REMIND_BEFORE = dt.timedelta(hours=24)
QUESTIONNAIRE_STALE_AFTER = dt.timedelta(days=14)


@dataclass(frozen=True)
class DueItem:
    """One thing a client should do; ``key`` is stable so the same reminder is never resent.

    ``key`` and ``link_path`` carry public ids only (never names, answers or free text).
    """

    client_id: int
    kind: str
    key: str
    due_at: dt.datetime
    link_path: str


Provider = Callable[[dt.datetime], Iterable[DueItem]]


def providers() -> list[Provider]:
    """The providers configured in ``settings.KETACARE_REMINDER_PROVIDERS``, in order."""
    return [import_string(path) for path in settings.KETACARE_REMINDER_PROVIDERS]


def questionnaires_due(now: dt.datetime) -> Iterator[DueItem]:
    """Open questionnaires a client fills in themself, due within a day or overdue.

    Mirrors ``measures.selectors.assignments_due`` (open, not cancelled, not clinician-rated)
    as a system read over every client with an account, instead of one audited read per
    client acting as themself.
    """
    rows = QuestionnaireAssignment.objects.filter(
        response__isnull=True,
        cancelled_at__isnull=True,
        client__user__isnull=False,
        due_at__lte=now + QUESTIONNAIRE_REMIND_BEFORE,
        due_at__gte=now - QUESTIONNAIRE_STALE_AFTER,
    ).values_list("client_id", "public_id", "instrument_code", "due_at")
    for client_id, public_id, code, due_at in rows:
        if lookup(code).clinician_rated:
            continue  # the care team completes these
        yield DueItem(
            client_id=client_id,
            kind=KIND_QUESTIONNAIRE,
            key=f"questionnaire:{public_id}:{due_at.date().isoformat()}",
            due_at=due_at,
            link_path=reverse("measures:answer", args=[public_id]),
        )


def sessions_to_get_ready_for(now: dt.datetime) -> Iterator[DueItem]:
    """Scheduled dosing sessions tomorrow (or today) whose readiness checklist has open items.

    "Tomorrow" is in the practice's time zone. Today is included so a reminder deferred by
    quiet hours past midnight still goes out the morning of the session.
    """
    utc_today = now.astimezone(dt.UTC).date()
    # Every zone is within a day of UTC: a window of UTC dates catches local "today/tomorrow".
    window = (utc_today - dt.timedelta(days=1), utc_today + dt.timedelta(days=2))
    rows = (
        DosingSession.objects.filter(
            status=SessionStatus.SCHEDULED,
            client__user__isnull=False,
            scheduled_on__range=window,
            readiness_items__confirmed_at__isnull=True,
        )
        .values_list("client_id", "public_id", "scheduled_on", "practice__timezone")
        .distinct()
    )
    for client_id, public_id, scheduled_on, zone_name in rows:
        zone = ZoneInfo(zone_name)
        days_ahead = (scheduled_on - now.astimezone(zone).date()).days
        if days_ahead not in {0, 1}:
            continue
        day_before = dt.datetime.combine(scheduled_on - dt.timedelta(days=1), dt.time(0), zone)
        yield DueItem(
            client_id=client_id,
            kind=KIND_SESSION_READINESS,
            key=f"session-readiness:{public_id}",
            due_at=day_before.astimezone(dt.UTC),
            link_path=reverse("treatments:readiness", args=[public_id]),
        )
