"""Signal receivers: follow-ups on a discharge, and their completion by a journal entry.

A discharged dosing session generates its follow-ups; a new journal entry completes the
journal-prompt follow-ups that are due (journal sits below integration, so it sends a signal).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.dispatch import receiver

from ketacare.journal.signals import entry_saved
from ketacare.treatments.signals import session_discharged


@receiver(session_discharged, dispatch_uid="integration.follow_ups_on_discharge")
def _follow_ups_on_discharge(sender: Any, session: Any, **kwargs: Any) -> None:  # Any: signal API
    # Imported here so the app registry is ready before models load.
    from ketacare.integration.follow_ups import follow_ups_generate  # noqa: PLC0415

    follow_ups_generate(session=session)


@receiver(entry_saved, dispatch_uid="integration.journal_follow_ups_on_entry")
def _journal_follow_ups_on_entry(sender: Any, entry: Any, **kwargs: Any) -> None:  # Any: signal
    from ketacare.integration.follow_ups import journal_follow_ups_complete  # noqa: PLC0415

    client = entry.client
    if client.user is None:
        return  # only a client with an account writes entries; nothing to complete otherwise
    day = entry.created_at.astimezone(ZoneInfo(client.practice.timezone)).date()
    journal_follow_ups_complete(actor=client.user, client=client, day=day)
