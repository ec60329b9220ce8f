"""Request id, deny-by-default login and no-store caching.

Security reference §4.1; ASVS v5.0.0-8.2.1 (deny by default), 14.2.2/14.3.2 (no caching of
authenticated responses). Session timeouts live in ``ketacare.accounts.middleware``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse

from ketacare.core import request_context

Handler = Callable[[HttpRequest], HttpResponse]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


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


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's deny-by-default middleware; the API answers 401 itself and htmx gets HX-Redirect."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],  # Any: Django's view signature
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/") or request.path.startswith(settings.STATIC_URL):
            return None  # every API operation declares its own auth (tested)
        return super().process_view(request, view_func, view_args, view_kwargs)

    # htmx gets a 204 with HX-Redirect rather than Django's 302.
    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase]
    ) -> HttpResponse:
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return super().handle_no_permission(request, view_func)


class NoStoreMiddleware:
    """Forbid caching of every dynamic response (static assets are served before this)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Pragma"] = "no-cache"
        return response
