"""A client's PHQ-9 item 9 answer shows crisis resources at once and alerts the care team."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ketacare.alerts.models import Alert
from ketacare.measures.services import assignment_create
from tests.browser.test_home_pages import sign_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phq9_item9_shows_crisis_resources_and_reaches_the_caseload(
    live_server: LiveServer, page: Page, world: World
) -> None:
    assert world.client_a1.user is not None
    assignment_create(
        actor=world.practitioner_a,
        client=world.client_a1,
        instrument_code="PHQ-9",
        due_at=timezone.now(),
        schedule_label="baseline",
    )

    sign_in(page, live_server.url, world.client_a1.user.email)
    page.get_by_role("link", name="PHQ-9").click()  # loaded into "Due for you" by htmx
    for number in range(1, 9):
        item = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        item.get_by_label("Not at all").check()
    page.get_by_role("group", name=re.compile(r"^9\. ")).get_by_label("Several days").check()
    page.get_by_role("button", name=re.compile("Submit|Send", re.IGNORECASE)).click()

    expect(page.get_by_text(re.compile("call or text 988"))).to_be_visible()
    assert Alert.objects.filter(client=world.client_a1, code="phq9_item9_positive").count() == 1

    page.context.clear_cookies()
    sign_in(page, live_server.url, world.practitioner_a.email)
    expect(page.get_by_role("link", name="1 open safety alert")).to_be_visible()
    page.get_by_role("link", name="1 open safety alert").click()
    expect(page.get_by_role("heading", name="Open safety alerts")).to_be_visible()
    expect(page.get_by_text("PHQ-9").first).to_be_visible()
