"""Psychoeducation modules: loaded from the package, front matter parsed, Markdown sanitised.

Modules are Markdown files in ``preparation/content/learn/`` (docs/psychoeducation.md). They
are read with :mod:`importlib.resources` so they ship in the wheel, rendered with markdown-it
(CommonMark, raw HTML off) and then cleaned by nh3 against a tag allowlist, so a mistake in a
module can never put markup we did not intend on a client's screen.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

CONTENT_PACKAGE = "ketacare.preparation"
CONTENT_DIR = ("content", "learn")
REQUIRED_KEYS = ("slug", "title", "order", "minutes", "summary")
ALLOWED_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre",
        "strong", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"https", "mailto", "tel"})
SOURCES_HEADING = re.compile(r"^##\s+Sources\s*$", re.MULTILINE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ModuleFormatError(ValueError):
    """A module file whose front matter or structure is malformed; the message names the file."""


@dataclass(frozen=True)
class Module:
    """One rendered psychoeducation module."""

    slug: str
    title: str
    order: int
    minutes: int
    summary: str
    body_html: SafeString  # sanitised by nh3 before it was marked safe
    filename: str


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to show: raw HTML is escaped, then allowlisted.

    Args:
        text: CommonMark source.

    Returns:
        HTML containing only :data:`ALLOWED_TAGS` and link attributes.
    """
    html = MarkdownIt("commonmark", {"html": False}).render(text)
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  (nh3 has just sanitised it against the allowlist)


def _front_matter(text: str, filename: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ModuleFormatError(f"{filename}: front matter must start with a '---' line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ModuleFormatError(f"{filename}: front matter is not closed by '---'") from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise ModuleFormatError(f"{filename}, line {number}: expected 'key: value'")
        meta[key.strip()] = value.strip()
    return meta, "\n".join(lines[end + 1 :])


def _positive_int(meta: dict[str, str], key: str, filename: str) -> int:
    value = meta[key]
    if not value.isdigit() or int(value) < 1:
        raise ModuleFormatError(f"{filename}: '{key}' must be a whole number above 0")
    return int(value)


def parse_module(text: str, *, filename: str) -> Module:
    """Parse one module file (front matter, then Markdown ending in a Sources section).

    Args:
        text: the whole file.
        filename: used in error messages.

    Returns:
        The rendered module.

    Raises:
        ModuleFormatError: missing or malformed front matter, a bad slug or number, or no
            "## Sources" section with at least one entry.
    """
    meta, body = _front_matter(text, filename)
    missing = [key for key in REQUIRED_KEYS if not meta.get(key)]
    if missing:
        raise ModuleFormatError(f"{filename}: front matter is missing {', '.join(missing)}")
    if not _SLUG.match(meta["slug"]):
        raise ModuleFormatError(f"{filename}: slug must be lower-case words joined by '-'")
    if not sources_of(body):
        raise ModuleFormatError(f"{filename}: needs a '## Sources' section listing its sources")
    return Module(
        slug=meta["slug"],
        title=meta["title"],
        order=_positive_int(meta, "order", filename),
        minutes=_positive_int(meta, "minutes", filename),
        summary=meta["summary"],
        body_html=render_markdown(body),
        filename=filename,
    )


def sources_of(body: str) -> list[str]:
    """The list items of the module's final "## Sources" section (empty when there is none)."""
    match = SOURCES_HEADING.search(body)
    if match is None:
        return []
    section = body[match.end() :]
    return [line.strip()[2:] for line in section.splitlines() if line.strip()[:2] in {"- ", "* "}]


@functools.cache
def modules() -> tuple[Module, ...]:
    """Every module shipped with the package, in reading order (parsed once per process).

    Raises:
        ModuleFormatError: a file is malformed, or two files share a slug or an order.
    """
    folder = resources.files(CONTENT_PACKAGE).joinpath(*CONTENT_DIR)
    parsed = [
        parse_module(entry.read_text(encoding="utf-8"), filename=entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith(".md")
    ]
    for attribute in ("slug", "order"):
        values = [getattr(module, attribute) for module in parsed]
        if len(set(values)) != len(values):
            raise ModuleFormatError(f"learn modules: two files share the same {attribute}")
    return tuple(sorted(parsed, key=lambda module: module.order))


def module_get(slug: str) -> Module | None:
    """The module with this slug, if there is one."""
    return next((module for module in modules() if module.slug == slug), None)


def neighbours(slug: str) -> tuple[Module | None, Module | None]:
    """The modules before and after ``slug`` in reading order."""
    ordered = modules()
    index = next(i for i, module in enumerate(ordered) if module.slug == slug)
    before = ordered[index - 1] if index > 0 else None
    after = ordered[index + 1] if index + 1 < len(ordered) else None
    return before, after
