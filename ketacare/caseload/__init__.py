"""The practitioner's caseload, ordered by who needs attention now."""
