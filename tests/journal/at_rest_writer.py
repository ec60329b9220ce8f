"""Run as a subprocess by test_at_rest: write journal text through the app into a file database.

Prints one JSON line with the bytes the database file and its write-ahead log hold, scanned
while the connection is still open (SQLite folds the WAL into the file on the last close).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SECRETS = (
    "ZZ-AT-REST-BODY lake at dawn",
    "ZZ-AT-REST-EDIT",
    "ZZ-AT-REST-DRAFT",
    "ZZ-AT-REST-THEME",
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from ketacare.accounts.services import practice_create  # noqa: PLC0415
    from ketacare.journal.services import (  # noqa: PLC0415
        EntryContent,
        draft_save,
        entry_create,
        entry_update,
    )
    from tests.conftest import make_client  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    practice = practice_create(name="At Rest Practice", slug="at-rest")
    client = make_client(practice, "at-rest@example.test", "ZZ-AT-REST-NAME")
    user = client.user
    assert user is not None
    body, edit, draft, theme = SECRETS
    entry = entry_create(actor=user, client=client, content=EntryContent(body=body, themes=theme))
    entry_update(actor=user, entry=entry, body=edit, themes=theme)
    draft_save(actor=user, client=client, slot="new", body=draft)

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()
    database = Path(connection.settings_dict["NAME"])
    wal = database.with_name(database.name + "-wal")
    image = database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    found = {
        "journal_mode": mode,
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        "entry_id_present": entry.public_id.hex.encode() in image,
        "practice_name_present": b"At Rest Practice" in image,
        "leaked": [secret for secret in SECRETS if secret.encode() in image],
    }
    sys.stdout.write(json.dumps(found) + "\n")


if __name__ == "__main__":
    main()
