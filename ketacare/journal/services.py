"""Writes to the journal: entries, edits with history, sharing, drafts, reflections, prompts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import Practice, User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import require
from ketacare.journal.exceptions import EMPTY_BODY, NOT_A_CLIENT, JournalError
from ketacare.journal.models import Entry, EntryDraft, EntryRevision, Prompt
from ketacare.journal.permissions import can_manage_prompts, is_the_client
from ketacare.journal.phases import Domain, Phase
from ketacare.journal.signals import entry_saved
from ketacare.treatments.models import DosingSession

MAX_BODY_CHARS = 20_000


@dataclass(frozen=True)
class EntryContent:
    """What the client wrote: body, optional themes (comma-separated), the prompt and phase."""

    body: str
    themes: str = ""
    prompt: Prompt | None = None
    phase: str = Phase.PREPARATION


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise JournalError(EMPTY_BODY, "empty_body")
    if len(body) > MAX_BODY_CHARS:
        raise JournalError(f"Keep an entry under {MAX_BODY_CHARS} characters.", "too_long")
    return body


def _clean_themes(themes: str) -> str:
    return ", ".join(t.strip() for t in themes.split(",") if t.strip())[:500]


def _require_client(actor: User, client: Client) -> None:
    require(is_the_client(actor, client), NOT_A_CLIENT)


@transaction.atomic
def entry_create(
    *,
    actor: User,
    client: Client,
    content: EntryContent,
    shared_with_care_team: bool = False,
    dosing_session: DosingSession | None = None,
) -> Entry:
    """Write a new entry in the client's own journal and drop its new-entry draft.

    Sends ``journal.signals.entry_saved`` on commit.

    Raises:
        PermissionDenied: the actor is not this client.
        JournalError: empty or too long, or an unknown phase.
    """
    _require_client(actor, client)
    if content.phase not in Phase.values:
        raise JournalError("Choose a phase from the list.", "invalid_phase")
    entry = Entry.objects.create(
        practice=client.practice,
        client=client,
        prompt=content.prompt,
        phase=content.phase,
        dosing_session=dosing_session,
        body=_clean_body(content.body),
        themes=_clean_themes(content.themes),
        shared_with_care_team=shared_with_care_team,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=entry)
    slot = f"reflect-{dosing_session.public_id}" if dosing_session else "new"
    EntryDraft.objects.filter(client=client, slot__startswith=slot).delete()
    # Higher apps react after commit (integration completes journal follow-ups); a receiver's
    # failure is logged and never undoes the saved entry.
    transaction.on_commit(lambda: entry_saved.send(sender=Entry, entry=entry), robust=True)
    return entry


@transaction.atomic
def entry_update(*, actor: User, entry: Entry, body: str, themes: str) -> Entry:
    """Replace an entry's text, keeping the previous version as an append-only revision.

    Raises:
        PermissionDenied: the actor is not the entry's client.
        JournalError: the new text is empty or too long.
    """
    _require_client(actor, entry.client)
    body, themes = _clean_body(body), _clean_themes(themes)
    if body == entry.body and themes == entry.themes:
        return entry
    entry.revision_count += 1
    EntryRevision.objects.create(
        practice=entry.practice,
        client=entry.client,
        entry=entry,
        number=entry.revision_count,
        body=entry.body,
        themes=entry.themes,
        replaced_at=timezone.now(),
        replaced_by=actor,
    )
    entry.body, entry.themes = body, themes
    entry.save(update_fields=["body", "themes", "revision_count", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=entry)
    EntryDraft.objects.filter(client=entry.client, slot=f"edit-{entry.public_id}").delete()
    return entry


@transaction.atomic
def entry_share_set(*, actor: User, entry: Entry, shared: bool) -> Entry:
    """Share an entry with the care team, or make it private again (effective at once).

    Raises:
        PermissionDenied: the actor is not the entry's client.
    """
    _require_client(actor, entry.client)
    if entry.shared_with_care_team != shared:
        entry.shared_with_care_team = shared
        entry.save(update_fields=["shared_with_care_team", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=entry, extra={"shared": shared})
    return entry


@transaction.atomic
def draft_save(*, actor: User, client: Client, slot: str, body: str) -> EntryDraft:
    """Autosave what the client is typing in one writing slot (encrypted like entries).

    Raises:
        PermissionDenied: the actor is not this client.
    """
    _require_client(actor, client)
    draft, _ = EntryDraft.objects.update_or_create(
        client=client,
        slot=slot[:80],
        defaults={"practice": client.practice, "body": body[:MAX_BODY_CHARS]},
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=draft)
    return draft


@transaction.atomic
def prompt_create(*, actor: User, practice: Practice, phase: str, domain: str, text: str) -> Prompt:
    """Add one of the practice's own prompts (not client data, audited as practice config).

    Raises:
        PermissionDenied: the actor is not a practitioner or lead of the practice.
        JournalError: an unknown phase or domain, or empty text.
    """
    require(can_manage_prompts(actor, practice))
    if phase not in Phase.values or domain not in Domain.values:
        raise JournalError("Choose a phase and a domain from the lists.", "invalid_choice")
    if not text.strip():
        raise JournalError("Write the prompt's text.", "empty_text")
    number = Prompt.objects.filter(practice=practice).count() + 1
    prompt = Prompt.objects.create(
        practice=practice,
        code=f"practice-{number}",
        phase=phase,
        domain=domain,
        text=text.strip()[:400],
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=prompt)
    return prompt


@transaction.atomic
def prompt_retire(*, actor: User, prompt: Prompt) -> Prompt:
    """Stop offering one of the practice's own prompts (entries that used it keep the link).

    Raises:
        PermissionDenied: a platform prompt, or the actor does not staff its practice.
    """
    require(prompt.practice is not None and can_manage_prompts(actor, prompt.practice))
    if prompt.retired_at is None:
        prompt.retired_at = timezone.now()
        prompt.save(update_fields=["retired_at", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=prompt)
    return prompt


def reflection_body(answers: list[tuple[Prompt, str]]) -> str:
    """The reflection's text: each answered prompt followed by the client's answer."""
    return "\n\n".join(
        f"{prompt.text}\n{answer.strip()}" for prompt, answer in answers if answer.strip()
    )


def reflection_write(
    *, actor: User, session: DosingSession, answers: list[tuple[Prompt, str]], shared: bool
) -> Entry:
    """Save the client's guided reflection on a session as a ``session_day`` entry.

    Raises:
        PermissionDenied: the actor is not the session's client.
        JournalError: no answer was written.
    """
    return entry_create(
        actor=actor,
        client=session.client,
        content=EntryContent(body=reflection_body(answers), phase=Phase.SESSION_DAY),
        shared_with_care_team=shared,
        dosing_session=session,
    )
