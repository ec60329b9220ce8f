"""Typing helpers shared by views."""

from __future__ import annotations

from django.http import HttpRequest

from ketacare.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request behind the login requirement: ``user`` is a real, signed-in user."""

    user: User
