"""A client and a practitioner sign in with a real browser and see their own home pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_client_signs_in_and_sees_only_their_own_arc(
    live_server: LiveServer, page: Page, world: World
) -> None:
    assert world.client_a1.user is not None

    sign_in(page, live_server.url, world.client_a1.user.email)

    expect(page.get_by_role("heading", name="Hello, ZZ-SENTINEL-A1")).to_be_visible()
    expect(page.get_by_role("heading", name="Your path")).to_be_visible()
    expect(page.get_by_text("You are here")).to_be_visible()
    assert "ZZ-SENTINEL-A2" not in page.content()
    # The stylesheet applied (the card background is white) and nothing scrolls sideways at 375 px.
    background = page.locator(".card").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_practitioner_signs_in_and_sees_their_caseload(
    live_server: LiveServer, page: Page, world: World
) -> None:
    sign_in(page, live_server.url, world.practitioner_a.email)

    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    row_link = page.get_by_role("link", name="ZZ-SENTINEL-A1 Sentinel")
    expect(row_link).to_be_visible()
    assert "ZZ-SENTINEL-A2" not in page.content()
    # The home page's htmx sections load after it and shift the layout: let them settle
    # before clicking (a click mid-shift lands on the wrong element).
    page.wait_for_load_state("networkidle")
    row_link.click()
    expect(page.get_by_role("heading", name="ZZ-SENTINEL-A1 Sentinel")).to_be_visible()
    expect(page.get_by_role("heading", name="Care team")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_sign_out_returns_to_sign_in(live_server: LiveServer, page: Page, world: World) -> None:
    sign_in(page, live_server.url, world.lead_a.email)
    expect(page.get_by_role("heading", name="Practice A", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/")

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
