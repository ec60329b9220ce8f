"""Authorisation primitives shared by every app's permission predicates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NotFound(Http404):
    """An object that does not exist or lies outside the actor's scope (never distinguishable)."""


def require(allowed: bool, message: str = "You do not have permission to do that.") -> None:
    """Raise :class:`PermissionDenied` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)
