"""In-session safety rules: the pre-dose BP gate, vitals alerts, red flags, discharge, cadence.

Sources: /work/shared/reference/pharmacology.md §3 (platform defaults [P] for every threshold;
Spravato US PI and REMS [V] for the 40-min BP re-check and the 2-h minimum monitoring) and §6.
"""

from ketacare.domain.session_safety.rules import (
    DEFAULTS,
    MOAAS_LEVELS,
    RED_FLAG_KINDS,
    Action,
    BpGate,
    Finding,
    Prompt,
    Reading,
    Review,
    Severity,
    Thresholds,
    discharge_blockers,
    esketamine_device_times,
    evaluate_readings,
    evaluate_symptoms,
    mg_per_kg,
    next_vitals_due_min,
    predose_bp_gate,
)

__all__ = [
    "DEFAULTS",
    "MOAAS_LEVELS",
    "RED_FLAG_KINDS",
    "Action",
    "BpGate",
    "Finding",
    "Prompt",
    "Reading",
    "Review",
    "Severity",
    "Thresholds",
    "discharge_blockers",
    "esketamine_device_times",
    "evaluate_readings",
    "evaluate_symptoms",
    "mg_per_kg",
    "next_vitals_due_min",
    "predose_bp_gate",
]
