"""The default huey queue: SQLite under the data dir, created on first use, not at start-up.

``SqliteHuey`` opens its file and creates its tables when Django loads ``djhuey``; with a fresh
``KETACARE_DATA_DIR`` (or a read-only one on a web host that never enqueues) that would stop
every command from starting. This variant makes the folder and tables on its first connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from huey import Huey  # type: ignore[import-untyped]
from huey.storage import SqliteStorage  # type: ignore[import-untyped]


class DataDirSqliteStorage(SqliteStorage):  # type: ignore[misc]
    """``SqliteStorage`` that creates its folder and tables lazily."""

    def __init__(self, name: str, **kwargs: Any) -> None:  # Any: huey's storage options
        """Accept huey's options; never touch the file here."""
        kwargs["create_tables"] = False
        super().__init__(name, **kwargs)

    def _create_connection(self) -> sqlite3.Connection:
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        conn: sqlite3.Connection = super()._create_connection()
        for statement in self.ddl:  # every statement is "create … if not exists"
            conn.execute(statement)
        return conn


class DataDirSqliteHuey(Huey):  # type: ignore[misc]
    """``SqliteHuey`` with :class:`DataDirSqliteStorage`."""

    storage_class = DataDirSqliteStorage
