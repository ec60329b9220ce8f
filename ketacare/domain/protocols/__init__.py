"""Treatment protocol templates: schedules, monitoring, vitals cadence and readiness checklists.

Pure data with their sources (pharmacology reference §3); the treatments app copies a template
into a practice's own protocol, which the practice may adjust.
"""

from ketacare.domain.protocols.schedule import PlannedSession, ScheduleError, plan_sessions
from ketacare.domain.protocols.templates import (
    PROTOCOLS,
    ChecklistItem,
    Dose,
    Phase,
    ProtocolTemplate,
    protocol_get,
)

__all__ = [
    "PROTOCOLS",
    "ChecklistItem",
    "Dose",
    "Phase",
    "PlannedSession",
    "ProtocolTemplate",
    "ScheduleError",
    "plan_sessions",
    "protocol_get",
]
