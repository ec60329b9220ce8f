"""Acceptance: journal plaintext is absent from the database file, its WAL and a backup of it.

The app writes a sentinel entry, an edit (so a revision) and a draft into a real file-based
SQLite database in WAL mode (the default deployment), in a subprocess; the bytes of the file
and of its write-ahead log are scanned while the connection is open, then the file after the
last close (checkpointed) and a backup made with SQLite's online backup API (what
``sqlite3 ketacare.sqlite3 ".backup copy.sqlite3"`` does). For PostgreSQL the equivalent is
a ``pg_dump`` of the database: the journal columns are stored as ciphertext, so a dump holds
ciphertext too (docs/journal.md, "Encryption at rest").
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.journal.at_rest_writer import SECRETS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="checks the SQLite file deployment")
def test_journal_text_is_absent_from_the_database_file_its_wal_and_a_backup(
    tmp_path: Path,
) -> None:
    database = tmp_path / "ketacare.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(KETACARE_ENV="test", DATABASE_URL=f"sqlite:///{database}")

    done = subprocess.run(
        [sys.executable, "-m", "tests.journal.at_rest_writer"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["journal_mode"] == "wal"
    assert found["wal_bytes"] > 0  # the writes really went through the write-ahead log
    # The scan sees the rows (ids and non-PHI text are readable), yet no journal text.
    assert found["entry_id_present"]
    assert found["practice_name_present"]
    assert found["leaked"] == []

    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(database) as source, sqlite3.connect(backup) as target:
        source.backup(target)
    source.close()
    target.close()
    for path in (database, backup):
        image = path.read_bytes()
        assert b"At Rest Practice" in image
        for secret in SECRETS:
            assert secret.encode() not in image, path.name
