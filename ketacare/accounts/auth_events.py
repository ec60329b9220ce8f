"""Authentication events become audit rows and session markers (security reference §4.2).

Django and django-axes announce logins, failures and lockouts through signals; these handlers
only record them. No business logic lives here.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from ketacare.accounts.middleware import SESSION_AUTHENTICATED_AT, SESSION_LAST_ACTIVITY
from ketacare.audit.services import AuditAction, audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().isoformat()
        request.session[SESSION_AUTHENTICATED_AT] = now
        request.session[SESSION_LAST_ACTIVITY] = now
    audit_record(actor=user, action=AuditAction.LOGIN)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted e-mail is not recorded: it may be a client's and the attempt may be a typo.
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, outcome="failure")


@receiver(user_locked_out)
def _on_lockout(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    audit_record(actor=None, action=AuditAction.LOCKOUT, outcome="denied")
