"""API authentication: hashed bearer tokens, or the browser session with CSRF enforced."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from ketacare.accounts.models import User
from ketacare.accounts.services import api_token_authenticate


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer kc_…`` only; tokens in query strings are never read (ASVS 14.2.1)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token (ninja enforces it)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # Any: ninja's API
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerTokenAuth(), BrowserSessionAuth(csrf=True)]
