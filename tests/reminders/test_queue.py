"""The default SQLite queue creates its folder and tables on first use, never at start-up."""

from __future__ import annotations

from pathlib import Path

from ketacare.reminders.queue import DataDirSqliteHuey


def test_the_queue_file_appears_only_when_first_used(tmp_path: Path) -> None:
    filename = tmp_path / "fresh" / "huey.sqlite3"
    huey = DataDirSqliteHuey("test", filename=str(filename))
    created_at_start = filename.exists()

    huey.storage.enqueue(b"payload", 0)

    assert not created_at_start
    assert filename.exists()
    assert huey.storage.queue_size() == 1
    huey.storage.close()
