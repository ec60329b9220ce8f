"""huey task: recompute the caseload rows that midnight expired (run by ``ketacare worker``)."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab  # type: ignore[import-untyped]
from huey.contrib.djhuey import db_periodic_task  # type: ignore[import-untyped]

from ketacare.caseload.attention import attention_refresh_all


@db_periodic_task(crontab(minute="5", hour="0"))  # type: ignore[untyped-decorator]
def caseload_refresh_task() -> int:
    """Daily at 00:05 UTC: recompute every stale caseload row (docs/decisions/0008).

    Not needed for correctness (a read recomputes what it finds stale), only so that the
    first caseload of the day does not pay for the whole practice. Returns how many rows.
    """
    return attention_refresh_all(now=timezone.now())
