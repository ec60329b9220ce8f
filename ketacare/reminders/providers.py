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
from ketacare.integration.models import DailyCheckIn, FollowUp, FollowUpKind
from ketacare.measures.models import QuestionnaireAssignment
from ketacare.reminders.models import ReminderPreference
from ketacare.treatments.models import DosingSession, SessionStatus

# Kinds every provider may use; the e-mail turns each into generic words only.
KIND_QUESTIONNAIRE = "questionnaire"
KIND_SESSION_READINESS = "session_readiness"
KIND_JOURNAL_PROMPT = "journal_prompt"
KIND_DAILY_CHECK_IN = "daily_check_in"
KIND_INTEGRATION_SESSION = "integration_session"

# Platform choices (docs/reminders.md): remind a day before a questionnaire is due, and stop
# reminding about one left open for two weeks (by then the care team follows up in person).
QUESTIONNAIRE_REMIND_BEFORE = dt.timedelta(hours=24)
QUESTIONNAIRE_STALE_AFTER = dt.timedelta(days=14)
# Follow-ups (journal prompts, suggested integration sessions) are reminded from their due day
# until a week late; after that they show as overdue on the care team's caseload [P].
FOLLOW_UP_STALE_AFTER_DAYS = 7
# Questionnaire follow-ups are reminded through their assignments (``questionnaires_due``).
FOLLOW_UP_KINDS: dict[str, str] = {
    FollowUpKind.JOURNAL_PROMPT.value: KIND_JOURNAL_PROMPT,
    FollowUpKind.INTEGRATION_SESSION.value: KIND_INTEGRATION_SESSION,
}


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


def _local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), zone).astimezone(dt.UTC)


def follow_ups_due(now: dt.datetime) -> Iterator[DueItem]:
    """Open journal-prompt and suggested-integration-session follow-ups due today or lately.

    "Today" is the practice's day (``FollowUp.due_on`` is a practice-local date). Listed from
    the due day until ``FOLLOW_UP_STALE_AFTER_DAYS`` late. A system read of
    ``integration.models.FollowUp``: the per-send audit record covers it.
    """
    utc_today = now.astimezone(dt.UTC).date()
    window = (
        utc_today - dt.timedelta(days=FOLLOW_UP_STALE_AFTER_DAYS + 1),
        utc_today + dt.timedelta(days=1),
    )
    rows = FollowUp.objects.filter(
        done_at__isnull=True,
        kind__in=list(FOLLOW_UP_KINDS),
        client__user__isnull=False,
        due_on__range=window,
    ).values_list("client_id", "public_id", "kind", "due_on", "practice__timezone")
    for client_id, public_id, kind, due_on, zone_name in rows:
        zone = ZoneInfo(zone_name)
        late_days = (now.astimezone(zone).date() - due_on).days
        if not 0 <= late_days <= FOLLOW_UP_STALE_AFTER_DAYS:
            continue
        journal = kind == FollowUpKind.JOURNAL_PROMPT
        yield DueItem(
            client_id=client_id,
            kind=FOLLOW_UP_KINDS[kind],
            key=f"follow-up:{public_id}",
            due_at=_local_midnight(due_on, zone),
            link_path=reverse("journal:new" if journal else "integration:plan"),
        )


def daily_check_ins_due(now: dt.datetime) -> Iterator[DueItem]:
    """Clients who asked for it and have not checked in today, from their chosen time.

    Opt-in only (``ReminderPreference.daily_check_in_reminder``, off by default). "Today" and
    the time are the client's own time zone (their preference). One key per client and day, so
    at most one such reminder a day; a check-in made before the pass removes the item.
    """
    preferences = list(
        ReminderPreference.objects.filter(
            daily_check_in_reminder=True, email_enabled=True, client__user__isnull=False
        ).values_list("client_id", "client__public_id", "time_zone", "daily_check_in_at")
    )
    if not preferences:
        return
    utc_today = now.astimezone(dt.UTC).date()
    checked_in = set(
        DailyCheckIn.objects.filter(
            client_id__in=[row[0] for row in preferences],
            on__range=(utc_today - dt.timedelta(days=1), utc_today + dt.timedelta(days=1)),
        ).values_list("client_id", "on")
    )
    for client_id, client_public_id, zone_name, remind_at in preferences:
        zone = ZoneInfo(zone_name)
        local = now.astimezone(zone)
        day = local.date()
        if local.time() < remind_at or (client_id, day) in checked_in:
            continue
        yield DueItem(
            client_id=client_id,
            kind=KIND_DAILY_CHECK_IN,
            key=f"daily-check-in:{client_public_id}:{day.isoformat()}",
            due_at=dt.datetime.combine(day, remind_at, zone).astimezone(dt.UTC),
            link_path=reverse("integration:daily"),
        )
