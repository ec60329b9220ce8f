"""Shared API schemas: strict inputs and the one error shape (used by every app's api.py)."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictIn(Schema):
    """Base for input schemas: unknown fields are rejected (ASVS 15.3.3, no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """Every API error: a human sentence and a stable machine code."""

    detail: str
    code: str
