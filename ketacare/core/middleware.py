"""Request id, session timeouts, deny-by-default login and no-store caching.

Security reference §4.1/§4.3; ASVS v5.0.0-7.3.1/7.3.2 (idle and absolute timeouts),
8.2.1 (deny by default), 14.2.2/14.3.2 (no caching of authenticated responses).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from ketacare.core import request_context

Handler = Callable[[HttpRequest], HttpResponse]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
SESSION_AUTHENTICATED_AT = "ketacare_authenticated_at"
SESSION_LAST_ACTIVITY = "ketacare_last_activity"
BACKGROUND_HEADER = "HTTP_X_KETACARE_BACKGROUND"  # polling requests do not extend idle time


class RequestIdMiddleware:
    """Give every request an id (or accept a well-formed upstream one) for logs and audit."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(16)
        channel = "api" if request.path.startswith("/api/") else "web"
        token = request_context.bind(
            request_context.RequestContext(
                request_id=request_id,
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.headers.get("User-Agent", "")[:200],
                channel=channel,
            )
        )
        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            response = self.get_response(request)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _idle_limit(request: HttpRequest) -> timedelta:
    from ketacare.accounts.selectors import user_is_staff_member

    if user_is_staff_member(request.user):
        return settings.KETACARE_IDLE_TIMEOUT_STAFF  # type: ignore[no-any-return]
    return settings.KETACARE_IDLE_TIMEOUT_CLIENT  # type: ignore[no-any-return]


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class SessionTimeoutMiddleware:
    """End sessions idle past 15 min (staff) / 30 min (clients), or older than 12 h."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            return self._expire(request)
        response = self.get_response(request)
        if request.user.is_authenticated and not request.META.get(BACKGROUND_HEADER):
            request.session[SESSION_LAST_ACTIVITY] = timezone.now().isoformat()
        return response

    def _expired(self, request: HttpRequest) -> bool:
        now = timezone.now()
        started = _parse(request.session.get(SESSION_AUTHENTICATED_AT))
        last = _parse(request.session.get(SESSION_LAST_ACTIVITY))
        if started is None or last is None:
            return True  # a session without our markers was not created by our login
        if now - started > settings.KETACARE_ABSOLUTE_SESSION_LIFETIME:
            return True
        return now - last > _idle_limit(request)

    def _expire(self, request: HttpRequest) -> HttpResponse:
        from ketacare.audit.services import AuditAction, audit_record

        audit_record(actor=request.user, action=AuditAction.SESSION_EXPIRED)
        logout(request)
        login_url = reverse(settings.LOGIN_URL) + "?expired=1"
        if request.path.startswith("/api/"):
            return HttpResponse(
                b'{"detail": "Your session expired.", "code": "session_expired"}',
                status=401,
                content_type="application/json",
            )
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return HttpResponseRedirect(login_url)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's deny-by-default middleware; the API answers 401 itself and htmx gets HX-Redirect."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: list[object],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        if request.path.startswith("/api/") or request.path.startswith(settings.STATIC_URL):
            return None  # every API operation declares its own auth (tested)
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse]
    ) -> HttpResponse:
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return super().handle_no_permission(request, view_func)  # type: ignore[no-any-return]


class NoStoreMiddleware:
    """Forbid caching of every dynamic response (static assets are served before this)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Pragma"] = "no-cache"
        return response
