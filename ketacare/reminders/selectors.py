"""Actor-scoped, audited reads of reminder preferences."""

from __future__ import annotations

from typing import Any

from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.reminders.models import ReminderPreference
from ketacare.reminders.permissions import can_manage_own_reminders


def preference_or_default(client: Client) -> ReminderPreference:
    """The client's stored preference, or an unsaved one with the defaults (system read).

    The default time zone is the practice's.
    """
    stored = ReminderPreference.objects.filter(client=client).first()
    if stored is not None:
        return stored
    return ReminderPreference(
        practice=client.practice, client=client, time_zone=client.practice.timezone
    )


def reminder_preference_own(*, actor: Any, client: Client) -> ReminderPreference:  # Any: User
    """The actor's own reminder preference (defaults if never saved), audited as a VIEW.

    Raises:
        NotFound: the actor is not this client.
    """
    if not can_manage_own_reminders(actor, client):
        raise NotFound
    preference = preference_or_default(client)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=preference if preference.pk else client,
        extra={"object": "ReminderPreference"},
    )
    return preference
