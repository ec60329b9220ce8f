"""Signals of the journal app; receivers live in the apps above it that react (integration)."""

from __future__ import annotations

import django.dispatch

entry_saved = django.dispatch.Signal()
"""Sent on commit when a client writes a new journal entry, with ``entry=`` (an Entry).

Not sent for edits: an edit changes an entry already counted. Receivers must not read the
entry's text for anything but the client's own pages (it is PHI); the follow-up receiver uses
only the client and the day.
"""
