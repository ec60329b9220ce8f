"""Per-request facts (request id, client address) that the audit trail and logs attach.

Set by :class:`ketacare.core.middleware.RequestIdMiddleware`; outside a request (CLI, tasks)
the values are empty and the audit trail records the channel instead.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    """What the audit trail needs to know about where an action came from."""

    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""
    channel: str = "system"  # "web", "api", "cli" or "system"


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "ketacare_request_context",
    default=_EMPTY,
)


def current() -> RequestContext:
    """The context of the request being served, or an empty one."""
    return _current.get()


def bind(context: RequestContext) -> contextvars.Token[RequestContext]:
    """Make ``context`` current; pass the token to :func:`reset` when done."""
    return _current.set(context)


def reset(token: contextvars.Token[RequestContext]) -> None:
    """Restore the previous context."""
    _current.reset(token)
