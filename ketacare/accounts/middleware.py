"""Idle and absolute session timeouts (security reference §4.3).

ASVS v5.0.0-7.3.1/7.3.2; HIPAA 164.312(a)(2)(iii) automatic logoff: staff 15 minutes idle,
clients 30 minutes idle, 12 hours absolute, enforced on the server. Requests that carry the
``X-Ketacare-Background`` header (htmx polling) do not count as activity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from ketacare.accounts.selectors import user_is_staff_member
from ketacare.audit.services import AuditAction, audit_record

Handler = Callable[[HttpRequest], HttpResponse]
SESSION_AUTHENTICATED_AT = "ketacare_authenticated_at"
SESSION_LAST_ACTIVITY = "ketacare_last_activity"
BACKGROUND_HEADER = "HTTP_X_KETACARE_BACKGROUND"  # polling requests do not extend idle time


def _idle_limit(request: HttpRequest) -> timedelta:
    if user_is_staff_member(request.user):
        staff: timedelta = settings.KETACARE_IDLE_TIMEOUT_STAFF
        return staff
    client: timedelta = settings.KETACARE_IDLE_TIMEOUT_CLIENT
    return client


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
        # Only a session sign-in counts: API bearer tokens set request.user inside the view
        # and must stay stateless (no session row, no cookie).
        has_session = request.user.is_authenticated
        if has_session and self._expired(request):
            return self._expire(request)
        response = self.get_response(request)
        if has_session and not request.META.get(BACKGROUND_HEADER):
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
