"""Template context for the page shell: the signed-in person's role and practice."""

from __future__ import annotations

from django.http import HttpRequest

from ketacare.accounts.selectors import primary_membership


def shell(request: HttpRequest) -> dict[str, object]:
    """Role and practice of the signed-in user, for navigation (no PHI)."""
    user = getattr(request, "user", None)
    membership = primary_membership(user) if user is not None else None
    return {
        "shell_role": membership.role if membership else "",
        "shell_practice": membership.practice if membership else None,
    }
