"""Saving reminder preferences and sending the reminders that are due (audited, no PHI).

E-mails say only that something is due, in generic words, with a link: no name, no scores,
no instrument names, no free text (docs/security.md, "PHI in e-mail"; docs/reminders.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.reminders.exceptions import ONLY_THE_CLIENT
from ketacare.reminders.models import DEFAULT_DAILY_CHECK_IN_AT, ReminderPreference, ReminderSent
from ketacare.reminders.permissions import can_manage_own_reminders
from ketacare.reminders.providers import (
    KIND_DAILY_CHECK_IN,
    KIND_INTEGRATION_SESSION,
    KIND_JOURNAL_PROMPT,
    KIND_QUESTIONNAIRE,
    KIND_SESSION_READINESS,
    DueItem,
    providers,
)
from ketacare.reminders.quiet_hours import local_day_bounds, quiet_until
from ketacare.reminders.selectors import preference_or_default

logger = logging.getLogger(__name__)

REMINDER_SUBJECT = "ketacare: you have something due"
# Generic words only: an instrument's name could itself reveal a condition.
KIND_WORDS = {
    KIND_QUESTIONNAIRE: "a questionnaire",
    KIND_JOURNAL_PROMPT: "a journal prompt",
    KIND_SESSION_READINESS: "getting ready for your next session",
    KIND_DAILY_CHECK_IN: "your daily check-in",
    KIND_INTEGRATION_SESSION: "arranging an integration session",
}
OTHER_WORDS = "something to do"


@dataclass(frozen=True)
class ReminderSettings:
    """What a client may change about their reminders."""

    email_enabled: bool
    daily_check_in_reminder: bool
    time_zone: str
    quiet_hours_start: dt.time
    quiet_hours_end: dt.time
    max_per_day: int
    daily_check_in_at: dt.time = DEFAULT_DAILY_CHECK_IN_AT


@dataclass
class SendSummary:
    """Counts from one pass (no ids, no names): safe to print and log."""

    sent: int = 0
    already_sent: int = 0
    deferred_quiet_hours: int = 0
    deferred_daily_limit: int = 0
    not_wanted: int = 0


@transaction.atomic
def reminder_preference_update(
    *, actor: User, client: Client, values: ReminderSettings
) -> ReminderPreference:
    """Create or change the client's own reminder preference.

    Raises:
        PermissionDenied: the actor is not this client.
        ValueError: the time zone is not an IANA zone.
    """
    require(can_manage_own_reminders(actor, client), ONLY_THE_CLIENT)
    ZoneInfo(values.time_zone)  # raises for an unknown zone; forms check it first
    preference, created = ReminderPreference.objects.update_or_create(
        client=client,
        defaults={"practice": client.practice, **values.__dict__},
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=preference
    )
    return preference


def collect_due(now: dt.datetime) -> list[DueItem]:
    """Everything every configured provider says is due at ``now``."""
    return [item for provider in providers() for item in provider(now)]


def reminders_send_due(*, now: dt.datetime) -> SendSummary:
    """Send every due reminder not sent before, within each client's preferences.

    Quiet hours defer a reminder to the first run after they end; the daily limit defers the
    rest to the next local day. Each send is its own transaction with one audit record
    (actor: the system), so a failure for one client leaves the others sent.

    Args:
        now: the aware time of this pass.

    Returns:
        How many reminders were sent, skipped or deferred.
    """
    by_client: dict[int, list[DueItem]] = defaultdict(list)
    for item in collect_due(now):
        by_client[item.client_id].append(item)
    summary = SendSummary()
    clients = Client.objects.select_related("user", "practice").filter(pk__in=by_client)
    for client in clients:
        _send_for_client(client, by_client[client.pk], now=now, summary=summary)
    return summary


def _wanted(item: DueItem, preference: ReminderPreference) -> bool:
    return item.kind != KIND_DAILY_CHECK_IN or preference.daily_check_in_reminder


def _send_for_client(
    client: Client, items: Iterable[DueItem], *, now: dt.datetime, summary: SendSummary
) -> None:
    items = sorted(items, key=lambda item: (item.due_at, item.key))
    sent_keys = set(
        ReminderSent.objects.filter(client=client, key__in=[i.key for i in items]).values_list(
            "key", flat=True
        )
    )
    fresh = [item for item in items if item.key not in sent_keys]
    summary.already_sent += len(items) - len(fresh)
    preference = preference_or_default(client)
    user = client.user
    reachable = user is not None and user.is_active and bool(user.email)
    pending = [item for item in fresh if reachable and preference.email_enabled]
    pending = [item for item in pending if _wanted(item, preference)]
    summary.not_wanted += len(fresh) - len(pending)
    if not pending:
        return
    zone = ZoneInfo(preference.time_zone)
    start, end = preference.quiet_hours_start, preference.quiet_hours_end
    if quiet_until(now, zone=zone, start=start, end=end) is not None:
        summary.deferred_quiet_hours += len(pending)
        return
    day_start, day_end = local_day_bounds(now, zone=zone)
    sent_today = ReminderSent.objects.filter(
        client=client, sent_at__gte=day_start, sent_at__lt=day_end
    ).count()
    room = max(preference.max_per_day - sent_today, 0)
    summary.deferred_daily_limit += len(pending[room:])
    for item in pending[:room]:
        if _send_one(client, item, now=now):
            summary.sent += 1
        else:
            summary.already_sent += 1


def _send_one(client: Client, item: DueItem, *, now: dt.datetime) -> bool:
    """Log, audit and (on commit) e-mail one reminder; False if another pass sent it first."""
    if not item.link_path.startswith("/"):
        raise ValueError("a reminder link must be a path on this site")
    assert client.user is not None  # noqa: S101  (checked by the caller)
    try:
        with transaction.atomic():
            sent = ReminderSent.objects.create(
                practice=client.practice, client=client, kind=item.kind, key=item.key, sent_at=now
            )
            audit_record(actor=None, action=AuditAction.CREATE, obj=sent, extra={"kind": item.kind})
            transaction.on_commit(
                functools.partial(
                    reminder_email_send, to=client.user.email, kind=item.kind, path=item.link_path
                ),
                robust=True,  # a mail failure is logged by Django and never undoes the log
            )
    except IntegrityError:
        return False
    return True


def reminder_body(*, kind: str, path: str) -> str:
    """The whole e-mail text: generic words for the kind and two absolute links."""
    words = KIND_WORDS.get(kind, OTHER_WORDS)
    base = settings.KETACARE_BASE_URL
    settings_link = base + reverse("reminders:preferences")
    return (
        f"You have something due in ketacare: {words}.\n\n"
        f"Open it after signing in: {base}{path}\n\n"
        f"To change when or whether we send these reminders: {settings_link}\n"
    )


def reminder_email_send(*, to: str, kind: str, path: str) -> None:
    """E-mail one reminder through the configured backend (console unless configured)."""
    send_mail(REMINDER_SUBJECT, reminder_body(kind=kind, path=path), None, [to])
    logger.info("reminder sent", extra={"kind": kind})
