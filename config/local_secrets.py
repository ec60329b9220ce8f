"""Generated per-machine secrets for development and the demo: never used in production."""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LocalSecrets:
    """A secret key and field-encryption keys kept in the data directory."""

    secret_key: str
    field_keys: list[str]


def _read_or_create(path: Path, make: str) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(make)
    return make


def ensure_local_secrets(data_dir: Path) -> LocalSecrets:
    """Return the data directory's secrets, creating them (mode 0600) on first use."""
    secret_key = _read_or_create(data_dir / "secret_key", secrets.token_urlsafe(50))
    key = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    field_key = _read_or_create(data_dir / "field_keys", f"local1:{key}")
    return LocalSecrets(secret_key=secret_key, field_keys=[field_key])
