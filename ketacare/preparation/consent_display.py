"""Rendering a practice's Markdown consent text as sanitised HTML."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": True})


def consent_html(body: str) -> SafeString:
    """Markdown → HTML → nh3 allow-list sanitising (drops scripts, event handlers, js: URLs).

    The one place consent text is marked safe: it is the practice's text, and it is only
    marked safe after nh3 has removed everything outside its allow-list (STYLE §7).
    """
    return mark_safe(nh3.clean(_MARKDOWN.render(body)))  # noqa: S308  (sanitised by nh3)
