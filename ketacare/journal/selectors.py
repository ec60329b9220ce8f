"""Actor-scoped, audited reads of journal entries, drafts and prompts.

Scope (docs/journal.md): a client reads all of their own entries; staff who may see the client
(care team, or a lead of the practice — the same rule as questionnaire responses) read only the
entries the client shared. Unsharing removes staff access at once, because every read filters
on the flag. Reads that decrypt raise ``ketacare.core.crypto.DecryptionError`` if a key is
missing; views turn that into a clear message.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from ketacare.accounts.models import Practice
from ketacare.audit.services import AuditAction, audit_record, audit_record_list
from ketacare.clients.models import Client
from ketacare.clients.permissions import clients_visible_to
from ketacare.core.permissions import NotFound
from ketacare.journal.models import Entry, EntryDraft, EntryRevision, Prompt
from ketacare.journal.permissions import is_the_client
from ketacare.journal.phases import Phase, phase_after
from ketacare.treatments.models import DosingSession, SessionStatus

MAX_ROWS = 100
REFLECTABLE = (SessionStatus.CHECKED_IN, SessionStatus.IN_PROGRESS, SessionStatus.COMPLETED)


def _entries(*, actor: Any) -> QuerySet[Entry]:  # Any: User
    visible = clients_visible_to(actor)
    return (
        Entry.objects.filter(client__in=visible)
        .filter(Q(client__user=actor) | Q(shared_with_care_team=True))
        .select_related("client", "client__practice", "prompt", "dosing_session")
    )


def entry_list(*, actor: Any, client: Client | None = None) -> list[Entry]:  # Any: User
    """Entries the actor may read, newest first (optionally one client's), audited as a LIST.

    A client gets their own entries; staff get shared entries of clients they may see.
    """
    entries = _entries(actor=actor)
    if client is not None:
        entries = entries.filter(client=client)
    page = list(entries.order_by("-created_at", "-pk")[:MAX_ROWS])
    audit_record_list(
        actor=actor,
        object_type="JournalEntry",
        subject_client_public_ids={e.client.public_id for e in page},
    )
    return page


def entry_get(*, actor: Any, public_id: uuid.UUID | str) -> Entry:  # Any: User
    """One entry the actor may read, audited as a VIEW.

    Raises:
        NotFound: missing, not shared, or outside the actor's scope (indistinguishable).
    """
    try:
        entry = _entries(actor=actor).get(public_id=public_id)
    except (Entry.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    audit_record(actor=actor, action=AuditAction.VIEW, obj=entry)
    return entry


def entry_own_get(*, actor: Any, public_id: uuid.UUID | str) -> Entry:  # Any: User
    """One of the actor's own entries (for editing and sharing), audited as a VIEW.

    Raises:
        NotFound: not the actor's own entry (staff included, even when shared).
    """
    entry = entry_get(actor=actor, public_id=public_id)
    if not is_the_client(actor, entry.client):
        raise NotFound
    return entry


def entry_revisions(*, actor: Any, entry: Entry) -> list[EntryRevision]:  # Any: User
    """Earlier versions of an entry the actor already holds, newest first (audited LIST)."""
    revisions = list(entry.revisions.order_by("-number"))
    audit_record_list(
        actor=actor,
        object_type="JournalEntryRevision",
        subject_client_public_ids={entry.client.public_id} if revisions else set(),
    )
    return revisions


def draft_get(*, actor: Any, client: Client, slot: str) -> EntryDraft | None:  # Any: User
    """The client's autosaved draft for ``slot``, if any (audited as a VIEW)."""
    if not is_the_client(actor, client):
        raise NotFound
    draft = EntryDraft.objects.filter(client=client, slot=slot).first()
    if draft is not None:
        audit_record(actor=actor, action=AuditAction.VIEW, obj=draft)
    return draft


def current_phase(*, client: Client) -> Phase:
    """The client's phase now: time since their latest checked-in session, else preparation.

    The clock starts at discharge when recorded, otherwise at check-in.
    """
    session = (
        DosingSession.objects.filter(client=client, checked_in_at__isnull=False)
        .order_by("-checked_in_at")
        .first()
    )
    if session is None or session.checked_in_at is None:
        return Phase.PREPARATION
    anchor = session.discharged_at or session.checked_in_at
    return phase_after(max(timezone.now() - anchor, dt.timedelta(0)))


def prompts_for(*, phase: str, practice: Practice, reflection: bool = False) -> list[Prompt]:
    """Live platform prompts and the practice's own for ``phase`` (platform first, by code)."""
    return list(
        Prompt.objects.filter(
            Q(practice__isnull=True) | Q(practice=practice),
            phase=phase,
            retired_at__isnull=True,
            for_reflection=reflection,
        ).order_by("practice_id", "code")
    )


def prompt_get(*, practice: Practice, public_id: uuid.UUID | str | None) -> Prompt | None:
    """A live prompt usable in ``practice`` (platform or its own); None if absent or foreign."""
    if not public_id:
        return None
    try:
        return Prompt.objects.filter(
            Q(practice__isnull=True) | Q(practice=practice), retired_at__isnull=True
        ).get(public_id=public_id)
    except (Prompt.DoesNotExist, ValidationError, ValueError):
        return None


def practice_prompts(*, practice: Practice) -> list[Prompt]:
    """The practice's own prompts, live ones first (no PHI: no audit)."""
    return list(Prompt.objects.filter(practice=practice).order_by("-retired_at", "phase", "code"))


def session_for_reflection(*, actor: Any, public_id: uuid.UUID | str) -> DosingSession:  # Any
    """The actor's own session that is checked in or completed (audited as a VIEW).

    Raises:
        NotFound: not the actor's session, or it has not started.
    """
    try:
        session = DosingSession.objects.select_related("client", "client__practice").get(
            public_id=public_id, status__in=REFLECTABLE
        )
    except (DosingSession.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
    if not is_the_client(actor, session.client):
        raise NotFound
    audit_record(actor=actor, action=AuditAction.VIEW, obj=session)
    return session


def reflection_of(*, session: DosingSession) -> Entry | None:
    """The reflection already written for ``session`` (the caller holds the session)."""
    return Entry.objects.filter(dosing_session=session).first()


def sessions_to_reflect(*, actor: Any, client: Client) -> list[DosingSession]:  # Any: User
    """The client's started or completed sessions with no reflection yet (audited LIST)."""
    if not is_the_client(actor, client):
        raise NotFound
    reflected = Entry.objects.filter(client=client, dosing_session__isnull=False).values(
        "dosing_session_id"
    )
    sessions = list(
        DosingSession.objects.filter(client=client, status__in=REFLECTABLE)
        .exclude(pk__in=reflected)
        .order_by("-checked_in_at")[:MAX_ROWS]
    )
    audit_record_list(
        actor=actor,
        object_type="DosingSession",
        subject_client_public_ids={client.public_id} if sessions else set(),
    )
    return sessions
