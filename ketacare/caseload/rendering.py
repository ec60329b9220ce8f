"""The caseload table's rows as HTML, built with `format_html` (every value escaped).

A 100-row page through the template engine's per-row include took most of the request; the
same markup built here is several times faster (docs/benchmarks.md, "Caseload"). The
markup mirrors what a template would give; tests read it through the page.
"""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ketacare.caseload.selectors import CaseloadRow, Reason

_PLACEHOLDER = uuid.UUID(int=0)


class _Urls:
    """Reverse each URL name once with a placeholder id, then substitute the real id."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, bool], str] = {}

    def __call__(self, name: str, public_id: uuid.UUID | None) -> str:
        key = (name, public_id is not None)
        if key not in self._patterns:
            self._patterns[key] = reverse(name, args=[_PLACEHOLDER] if public_id else None)
        pattern = self._patterns[key]
        return pattern if public_id is None else pattern.replace(str(_PLACEHOLDER), str(public_id))


def _badge(reason: Reason, row: CaseloadRow, urls: _Urls) -> SafeString:
    url = urls(reason.url_name, row.client_public_id if reason.url_takes_client else None)
    on = reason.on
    when = format_html(' <span class="badge__date">({})</span>', f"{on.day} {on:%b}") if on else ""
    return format_html(
        '<li><a class="badge badge--{}" href="{}"><span class="badge__level">{}:</span> {}{}</a>'
        "</li>",
        reason.severity.value,
        url,
        reason.severity.word,
        reason.label,
        when,
    )


def _row(row: CaseloadRow, urls: _Urls) -> SafeString:
    if row.reasons:
        badges = format_html(
            '<ul class="badges">{}</ul>',
            SafeString("".join(_badge(reason, row, urls) for reason in row.reasons)),
        )
    else:
        badges = format_html('<span class="muted">{}</span>', "Nothing due")
    next_on = (
        f"{row.next_session_on.day} {row.next_session_on:%b %Y}"
        if row.next_session_on
        else "None planned"
    )
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a> <a class="caseload__timeline" href="{}">'
        'Timeline<span class="visually-hidden"> of {}</span></a></th>'
        '<td data-label="Needs attention">{}</td><td data-label="Score">{}</td>'
        '<td data-label="Next session">{}</td></tr>\n',
        urls("clients:detail", row.client_public_id),
        row.display_name,
        urls("caseload:timeline", row.client_public_id),
        row.display_name,
        badges,
        row.score,
        next_on,
    )


def rows_html(rows: list[CaseloadRow]) -> SafeString:
    """The table body rows for ``rows``."""
    urls = _Urls()
    return format_html_join("", "{}", ((_row(row, urls),) for row in rows))
