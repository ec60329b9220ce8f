"""Journal phases and prompt domains, and which phase a moment after a session falls in."""

from __future__ import annotations

import datetime as dt

from django.db import models


class Phase(models.TextChoices):
    """Where an entry sits in the arc: before the first session, or the time since the last."""

    PREPARATION = "preparation", "Preparation"
    SESSION_DAY = "session_day", "Session day"
    H24 = "24h", "24 hours after"
    H72 = "72h", "72 hours after"
    W1 = "1w", "1 week after"
    W2 = "2w", "2 weeks after"
    M1 = "1m", "1 month after"
    M3 = "3m", "3 months after"
    M6 = "6m", "6 months after"


class Domain(models.TextChoices):
    """What a prompt works on (the four integration domains of the issue, plus three more)."""

    BEHAVIOUR = "behaviour", "Behaviour"
    BELIEFS = "beliefs", "Beliefs"
    THOUGHT_PATTERNS = "thought_patterns", "Thought patterns"
    EMOTIONAL_REGULATION = "emotional_regulation", "Emotional regulation"
    BODY = "body", "Body"
    RELATIONSHIPS = "relationships", "Relationships"
    MEANING = "meaning", "Meaning"


# The start of each post-session window, counted from the session's discharge (or check-in).
# Practice policy: these are the follow-up points named in the journal issue (#6 item 1).
_WINDOWS: tuple[tuple[dt.timedelta, Phase], ...] = (
    (dt.timedelta(days=180), Phase.M6),
    (dt.timedelta(days=90), Phase.M3),
    (dt.timedelta(days=30), Phase.M1),
    (dt.timedelta(days=14), Phase.W2),
    (dt.timedelta(days=7), Phase.W1),
    (dt.timedelta(hours=72), Phase.H72),
    (dt.timedelta(hours=24), Phase.H24),
)


def phase_after(elapsed: dt.timedelta) -> Phase:
    """The phase ``elapsed`` after a session: under 24 h is the session day itself."""
    for start, phase in _WINDOWS:
        if elapsed >= start:
            return phase
    return Phase.SESSION_DAY
