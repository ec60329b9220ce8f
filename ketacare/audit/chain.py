"""The hash chain over audit events: canonical row encoding, hashing and verification.

Each row's hash is SHA-256 over the previous row's hash and a canonical JSON encoding of the
row's fields, so editing any field, removing a row or reordering rows breaks the chain from
that row on (security reference §4.5; HIPAA 164.312(c)(2)).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "actor_role",
    "practice_public_id",
    "action",
    "object_type",
    "object_public_id",
    "subject_client_public_id",
    "outcome",
    "channel",
    "request_id",
    "ip",
    "user_agent",
    "extra",
)


def _canonical(value: Any) -> Any:  # Any: JSON-like values of a row
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def row_digest(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 hex digest chaining ``fields`` (the HASHED_FIELDS of one row) to ``prev_hash``."""
    payload = {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}|{encoded}".encode()).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain verification: ``ok``, rows checked, and the first bad row if any."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify_rows(rows: Iterable[Mapping[str, Any]]) -> VerifyResult:
    """Walk rows in ``seq`` order and report the first row whose chain does not hold.

    Args:
        rows: mappings holding HASHED_FIELDS plus ``prev_hash`` and ``row_hash``.

    Returns:
        The verification result; ``bad_seq`` names the first row that was altered, or the row
        after a removed one.
    """
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for row in rows:
        seq = int(row["seq"])
        if seq != expected_seq:
            return VerifyResult(False, checked, seq, f"rows {expected_seq}..{seq - 1} are missing")
        if row["prev_hash"] != prev_hash:
            return VerifyResult(False, checked, seq, "its link to the previous row is broken")
        if row_digest(prev_hash, row) != row["row_hash"]:
            return VerifyResult(False, checked, seq, "its contents were altered")
        prev_hash, expected_seq, checked = row["row_hash"], seq + 1, checked + 1
    return VerifyResult(True, checked)
