"""Journal services and selectors: encryption at rest, keys, rotation, history, drafts, prompts."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from ketacare.core import rotation
from ketacare.core.crypto import DecryptionError
from ketacare.core.permissions import NotFound
from ketacare.journal.exceptions import JournalError
from ketacare.journal.models import Entry, EntryDraft, EntryRevision, Prompt, RevisionImmutable
from ketacare.journal.phases import Domain, Phase, phase_after
from ketacare.journal.prompts import PLATFORM_PROMPTS
from ketacare.journal.selectors import current_phase, entry_get, entry_list, prompts_for
from ketacare.journal.services import (
    draft_save,
    entry_share_set,
    entry_update,
    prompt_create,
    prompt_retire,
)
from ketacare.treatments.models import DosingSession
from tests.conftest import World
from tests.journal.helpers import SECRET, checked_in_session, entry_of
from tests.treatments.helpers import user_of

pytestmark = pytest.mark.django_db

OLD = "test1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
NEW = "fresh:" + base64.b64encode(bytes([7]) * 32).decode("ascii")


def _raw_rows() -> str:
    """Every row of every table, as text: what a copy of the database file would hold."""
    dumped: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dumped.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dumped)


def test_stored_row_never_contains_the_plaintext(world: World) -> None:
    entry = entry_of(world.client_a1)

    with connection.cursor() as cursor:
        cursor.execute("SELECT body, themes FROM journal_entry WHERE id = %s", [entry.pk])
        body, themes = cursor.fetchone()

    assert body.startswith("v1:test1:")
    assert SECRET not in body
    assert "stillness" not in themes
    assert Entry.objects.get(pk=entry.pk).body == SECRET


def test_plaintext_appears_nowhere_in_the_database_or_a_backup_of_its_file(
    world: World, tmp_path: Path
) -> None:
    entry = entry_of(world.client_a1)
    entry_update(actor=user_of(world.client_a1), entry=entry, body="ZZ-SECOND-TEXT", themes="")
    draft_save(actor=user_of(world.client_a1), client=world.client_a1, slot="new", body="ZZ-DRAFT")

    raw = _raw_rows()
    backup = b""
    if connection.vendor == "sqlite":  # the default deployment: a backup is a copy of the file
        backup = connection.connection.serialize()  # the database file's bytes
        (tmp_path / "backup.sqlite3").write_bytes(backup)
        # The copy really holds the journal rows (and readable non-PHI text such as prompts).
        assert entry.public_id.hex.encode() in backup
        assert PLATFORM_PROMPTS[0].text.encode() in backup

    for secret in (SECRET, "ZZ-SECOND-TEXT", "ZZ-DRAFT", "stillness"):
        assert secret not in raw
        assert secret.encode() not in backup


def test_missing_key_raises_a_clear_error_never_garbage(world: World) -> None:
    entry = entry_of(world.client_a1)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), pytest.raises(DecryptionError) as caught:
        entry_get(actor=user_of(world.client_a1), public_id=entry.public_id)

    assert "'test1'" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_rotation_keeps_every_entry_revision_and_draft_readable(world: World) -> None:
    client_user = user_of(world.client_a1)
    entry = entry_of(world.client_a1)
    entry_update(actor=client_user, entry=entry, body="ZZ-v2", themes="")
    draft_save(actor=client_user, client=world.client_a1, slot="new", body="ZZ-draft")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        report = rotation.field_keys_rotate()
        with connection.cursor() as cursor:
            cursor.execute("SELECT body FROM journal_entry")
            stored = [row[0] for row in cursor.fetchall()]
        with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):  # the old key is gone now
            assert Entry.objects.get(pk=entry.pk).body == "ZZ-v2"
            assert EntryRevision.objects.get(entry=entry).body == SECRET
            assert EntryDraft.objects.get(client=world.client_a1).body == "ZZ-draft"

    assert report.rotated >= 4
    assert all(value.startswith("v1:fresh:") for value in stored)


def test_edit_keeps_the_previous_version_as_an_immutable_revision(world: World) -> None:
    entry = entry_of(world.client_a1)

    entry_update(actor=user_of(world.client_a1), entry=entry, body="ZZ-new", themes="x")

    revision = EntryRevision.objects.get(entry=entry)
    assert (revision.number, revision.body) == (1, SECRET)
    assert entry.body == "ZZ-new"
    assert entry.revision_count == 1
    with pytest.raises(RevisionImmutable):
        revision.save()
    with pytest.raises(RevisionImmutable):
        revision.delete()


def test_only_the_client_edits_or_shares_their_entry(world: World) -> None:
    entry = entry_of(world.client_a1, shared=True)

    with pytest.raises(PermissionDenied):
        entry_update(actor=world.practitioner_a, entry=entry, body="x", themes="")
    with pytest.raises(PermissionDenied):
        entry_share_set(actor=world.practitioner_a, entry=entry, shared=False)


def test_empty_entry_is_refused(world: World) -> None:
    entry = entry_of(world.client_a1)

    with pytest.raises(JournalError):
        entry_update(actor=user_of(world.client_a1), entry=entry, body="   ", themes="")


@pytest.mark.parametrize(
    ("persona", "sees_private", "sees_shared"),
    [
        ("client_a1", True, True),
        ("practitioner_a", False, True),
        ("lead_a", False, True),
        ("practitioner_a2", False, False),
        ("client_a2", False, False),
        ("lead_b", False, False),
        ("practitioner_b", False, False),
        ("operator", False, False),
    ],
)
def test_sharing_matrix(world: World, persona: str, sees_private: bool, sees_shared: bool) -> None:
    private = entry_of(world.client_a1, "ZZ-private")
    shared = entry_of(world.client_a1, "ZZ-shared", shared=True)
    actor = getattr(world, persona)
    actor = actor.user if hasattr(actor, "user") else actor

    listed = {e.pk for e in entry_list(actor=actor)}

    assert (private.pk in listed) is sees_private
    assert (shared.pk in listed) is sees_shared
    for entry, allowed in ((private, sees_private), (shared, sees_shared)):
        if allowed:
            assert entry_get(actor=actor, public_id=entry.public_id).pk == entry.pk
        else:
            with pytest.raises(NotFound):
                entry_get(actor=actor, public_id=entry.public_id)


def test_unsharing_removes_staff_access_at_once(world: World) -> None:
    entry = entry_of(world.client_a1, shared=True)
    assert entry_get(actor=world.practitioner_a, public_id=entry.public_id)

    entry_share_set(actor=user_of(world.client_a1), entry=entry, shared=False)

    with pytest.raises(NotFound):
        entry_get(actor=world.practitioner_a, public_id=entry.public_id)
    assert entry_list(actor=world.practitioner_a) == []


def test_draft_autosave_keeps_one_encrypted_row_per_slot(world: World) -> None:
    client_user = user_of(world.client_a1)

    draft_save(actor=client_user, client=world.client_a1, slot="new", body="ZZ-a")
    draft_save(actor=client_user, client=world.client_a1, slot="new", body="ZZ-ab")

    assert EntryDraft.objects.get(client=world.client_a1, slot="new").body == "ZZ-ab"
    with pytest.raises(PermissionDenied):
        draft_save(actor=world.practitioner_a, client=world.client_a1, slot="new", body="x")


def test_saving_the_entry_drops_its_draft(world: World) -> None:
    draft_save(actor=user_of(world.client_a1), client=world.client_a1, slot="new", body="ZZ")

    entry_of(world.client_a1)

    assert not EntryDraft.objects.filter(client=world.client_a1).exists()


def test_library_has_forty_prompts_covering_every_phase_and_domain() -> None:
    codes = [p.code for p in PLATFORM_PROMPTS]

    assert len(PLATFORM_PROMPTS) >= 40
    assert len(set(codes)) == len(codes)
    assert {p.phase for p in PLATFORM_PROMPTS} == set(Phase.values)
    assert {p.domain for p in PLATFORM_PROMPTS} == set(Domain.values)
    reflection = [p for p in PLATFORM_PROMPTS if p.for_reflection]
    assert 3 <= len(reflection) <= 4
    assert {p.domain for p in reflection} <= {"meaning", "emotional_regulation"}
    assert Prompt.objects.filter(practice__isnull=True).count() == len(PLATFORM_PROMPTS)


def test_practice_prompts_are_offered_only_in_their_practice_until_retired(world: World) -> None:
    prompt = prompt_create(
        actor=world.practitioner_a,
        practice=world.practice_a,
        phase="1w",
        domain="body",
        text="ZZ practice prompt",
    )

    assert prompt in prompts_for(phase="1w", practice=world.practice_a)
    assert prompt not in prompts_for(phase="1w", practice=world.practice_b)
    assert prompt not in prompts_for(phase="2w", practice=world.practice_a)
    with pytest.raises(PermissionDenied):
        prompt_retire(actor=world.lead_b, prompt=prompt)
    prompt_retire(actor=world.lead_a, prompt=prompt)
    assert prompt not in prompts_for(phase="1w", practice=world.practice_a)
    with pytest.raises(PermissionDenied):
        prompt_create(
            actor=user_of(world.client_a1),
            practice=world.practice_a,
            phase="1w",
            domain="body",
            text="x",
        )


@pytest.mark.parametrize(
    ("elapsed", "phase"),
    [
        (dt.timedelta(hours=2), "session_day"),
        (dt.timedelta(hours=24), "24h"),
        (dt.timedelta(hours=71), "24h"),
        (dt.timedelta(hours=72), "72h"),
        (dt.timedelta(days=7), "1w"),
        (dt.timedelta(days=14), "2w"),
        (dt.timedelta(days=30), "1m"),
        (dt.timedelta(days=90), "3m"),
        (dt.timedelta(days=400), "6m"),
    ],
)
def test_phase_after_a_session(elapsed: dt.timedelta, phase: str) -> None:
    assert phase_after(elapsed) == phase


def test_current_phase_counts_from_discharge_or_check_in(world: World) -> None:
    assert current_phase(client=world.client_a1) == Phase.PREPARATION
    session = checked_in_session(world)
    assert current_phase(client=world.client_a1) == Phase.SESSION_DAY

    DosingSession.objects.filter(pk=session.pk).update(
        discharged_at=timezone.now() - dt.timedelta(days=8)
    )

    assert current_phase(client=world.client_a1) == Phase.W1


def test_the_prompt_library_comes_back_after_a_flush() -> None:
    """A flush (test teardown, `manage.py flush`) ends with post_migrate, which reloads it."""
    Prompt.objects.filter(practice__isnull=True).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert Prompt.objects.filter(practice__isnull=True).count() == len(PLATFORM_PROMPTS)
