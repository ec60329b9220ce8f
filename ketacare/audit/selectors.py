"""Reading the audit trail: verification of the hash chain."""

from __future__ import annotations

from ketacare.audit.chain import HASHED_FIELDS, VerifyResult, verify_rows
from ketacare.audit.models import AuditEvent


def audit_chain_verify(*, batch_size: int = 5000) -> VerifyResult:
    """Recompute the chain over every audit event in ``seq`` order (streamed in batches).

    Returns:
        The first row that fails, or ``ok`` with the count checked.
    """
    columns = (*HASHED_FIELDS, "prev_hash", "row_hash")
    rows = AuditEvent.objects.order_by("seq").values(*columns).iterator(chunk_size=batch_size)
    return verify_rows(rows)
