"""Playwright driving Debian's Chromium (never a downloaded browser) against a live server."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("KETACARE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A headless Chromium per test.

    Per test, not per session: Playwright's sync API keeps an event loop running in this
    thread while it lives, and Django refuses ORM calls (such as the database flush after a
    transactional test) from a thread with a running loop.
    """
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _allow_sync_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    synchronous by design. Scoped to browser tests so no other test (or subprocess) sees it."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _one_request_at_a_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Serialise the live server's requests, and let the last one finish before the flush.

    With in-memory SQLite its threads share one connection, so the htmx cards a page loads
    at once fail with "cannot open savepoint - SQL statements in progress". At teardown (the
    browser is closed by then) it waits for a request still running, such as an htmx card the
    closed page had asked for: on PostgreSQL that request's locks deadlock the flush's
    TRUNCATE.
    """
    lock = threading.Lock()
    original = WSGIHandler.__call__

    def serialised(
        self: WSGIHandler, environ: Any, start_response: Any
    ) -> Iterable[bytes]:  # Any: WSGI
        with lock:
            return original(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", serialised)
    yield
    with lock:  # no request in flight from here on: the flush may run
        pass


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context (no shared cookies) at a phone-sized viewport, 375 px wide."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    with contextlib.suppress(PlaywrightError):  # the page may be gone already
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()
