"""API token format and hashing: 256-bit random secrets, only SHA-256 hashes stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "kc_"  # noqa: S105  (a public marker, not a secret)


def token_generate() -> str:
    """A new bearer token (shown once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256 hex digest of a token; what the database stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
