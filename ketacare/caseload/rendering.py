"""The caseload table's row markup, built when a row is recomputed and stored with it.

The page then joins the stored rows of a page (docs/decisions/0008): rendering 100 rows per
view through the template engine or `format_html` cost more than everything else the view
does (docs/benchmarks.md, "Caseload"). Every value is escaped here with the standard
library's `html.escape` (quotes included), the same escaping a template would apply; the
markup mirrors what a template would give, and tests read it through the page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from html import escape

from django.urls import reverse

from ketacare.caseload.reasons import Reason

_PLACEHOLDER = uuid.UUID(int=0)


class RowUrls:
    """Reverse each URL name once with a placeholder id, then substitute the real id."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, bool], str] = {}

    def __call__(self, name: str, public_id: uuid.UUID | None) -> str:
        key = (name, public_id is not None)
        if key not in self._patterns:
            self._patterns[key] = reverse(name, args=[_PLACEHOLDER] if public_id else None)
        pattern = self._patterns[key]
        return pattern if public_id is None else pattern.replace(str(_PLACEHOLDER), str(public_id))


def _badge(reason: Reason, public_id: uuid.UUID, urls: RowUrls) -> str:
    url = urls(reason.url_name, public_id if reason.url_takes_client else None)
    on = reason.on
    when = f' <span class="badge__date">({on.day} {on:%b})</span>' if on else ""
    return (
        f'<li><a class="badge badge--{reason.severity.value}" href="{escape(url)}">'
        f'<span class="badge__level">{reason.severity.word}:</span> {escape(reason.label)}'
        f"{when}</a></li>"
    )


def row_html(
    *,
    public_id: uuid.UUID,
    display_name: str,
    reasons: Sequence[Reason],
    score: int,
    next_session_on: dt.date | None,
    urls: RowUrls,
) -> str:
    """One table row (``<tr>…</tr>``) of the caseload, every value escaped."""
    if reasons:
        badges = (
            '<ul class="badges">'
            + "".join(_badge(reason, public_id, urls) for reason in reasons)
            + "</ul>"
        )
    else:
        badges = '<span class="muted">Nothing due</span>'
    next_on = (
        f"{next_session_on.day} {next_session_on:%b %Y}" if next_session_on else "None planned"
    )
    name = escape(display_name)
    return (
        f'<tr><th scope="row"><a href="{escape(urls("clients:detail", public_id))}">{name}</a> '
        f'<a class="caseload__timeline" href="{escape(urls("caseload:timeline", public_id))}">'
        f'Timeline<span class="visually-hidden"> of {name}</span></a></th>'
        f'<td data-label="Needs attention">{badges}</td><td data-label="Score">{score}</td>'
        f'<td data-label="Next session">{next_on}</td></tr>\n'
    )
