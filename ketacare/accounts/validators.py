"""Password validators beyond Django's: context-specific words (ASVS v5.0.0-6.1.2/6.2.11)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

CONTEXT_WORDS = ("ketacare", "ketamine", "esketamine", "spravato")


class ContextWordValidator:
    """Reject passwords built around the product's own name or its subject."""

    def validate(self, password: str, user: Any = None) -> None:  # Any: Django's API
        lowered = password.lower()
        for word in CONTEXT_WORDS:
            if word in lowered and len(lowered) - len(word) < 8:
                raise ValidationError(
                    "Choose a password that is not built around the word “%(word)s”.",
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return "Your password can’t be built around the name of this service or its medicine."
