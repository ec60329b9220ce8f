"""Signals of the treatments app; receivers live in the apps that react (e.g. follow-ups)."""

from __future__ import annotations

import django.dispatch

session_discharged = django.dispatch.Signal()
"""Sent on commit when a dosing session is discharged, with ``session=`` (a DosingSession)."""
