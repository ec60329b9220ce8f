"""Imports every command module so that its commands register on the `ketacare` app."""

from ketacare.cli import admin, caseload, measures, outcomes, pk, reminders, screening

__all__ = ["admin", "caseload", "measures", "outcomes", "pk", "reminders", "screening"]
