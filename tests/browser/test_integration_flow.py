"""Issue #6 acceptance on a phone: session → journal → insight → commitment → weeks of check-ins.

A client whose dosing session was discharged (through the treatments services) reflects on it
in the journal, turns the entry into an insight, makes a commitment in one of the four
domains, checks in on it and does the daily check-in; pre-dated check-ins then stand for the
weeks that follow, and the plan summary counts them. Every page must fit 375 px (no sideways
scroll).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from ketacare.clients.models import Client
from ketacare.integration.models import Commitment, DailyCheckIn, FollowUp, Insight
from ketacare.integration.services import client_today, commitment_check_in
from ketacare.journal.models import Entry
from tests.browser.test_home_pages import sign_in
from tests.conftest import World
from tests.treatments.helpers import user_of
from tests.treatments.rems_helpers import spravato_discharged

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE: ViewportSize = {"width": 375, "height": 740}
WEEKS_BACK = 21  # the commitment started three weeks ago
STEP = "Three slow breaths before lunch"
NOTE = "Only once, before a call"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh context at 375 × 740, a small phone."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _fits(page: Page) -> None:
    """The page does not scroll sideways at 375 px (checked once its htmx sections loaded).

    Waiting for the network to settle also keeps the test's own database writes from
    meeting a request still running in the live server (in-memory SQLite locks tables).
    """
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def _warm_up(base_url: str) -> None:
    """The first request imports every URLconf, slow on a busy machine: not the browser's wait."""
    with urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=120) as response:  # noqa: S310
        assert response.status == 200


def _reflect(page: Page, base_url: str) -> None:
    """The journal offers the reflection on the session; one prompt answered is enough."""
    page.goto(f"{base_url}/journal/")
    _fits(page)
    page.get_by_role("link", name=re.compile(r"^Reflect on session 1")).click()
    expect(page.get_by_role("heading", name="Reflect on your session")).to_be_visible()
    _fits(page)
    page.locator("textarea").first.fill("I felt how tightly I hold my breath when I worry.")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("Reflection saved in your journal.")).to_be_visible()
    _fits(page)


def _insight(page: Page) -> None:
    """The entry becomes an insight, keeping where it came from."""
    page.get_by_role("link", name="Turn this into an insight").click()
    expect(page.get_by_role("heading", name="Write down an insight")).to_be_visible()
    _fits(page)
    page.get_by_label("What did you realise?").fill("Slow breathing calms the worry.")
    page.get_by_role("button", name="Save the insight").click()
    expect(page.get_by_role("heading", name="Add a commitment")).to_be_visible()
    _fits(page)


def _commitment(page: Page, start: dt.date, review: dt.date) -> None:
    """A commitment in one of the four domains, with a next step, cadence and dates."""
    page.get_by_label("Emotional regulation").check()
    page.get_by_label("Your next concrete step").fill(STEP)
    page.get_by_label("How often").select_option("daily")
    page.get_by_label("Start on").fill(start.isoformat())
    page.get_by_label("Review on").fill(review.isoformat())
    page.get_by_role("button", name="Save the commitment").click()
    expect(page.get_by_role("heading", name=STEP)).to_be_visible()
    _fits(page)


def _check_in(page: Page) -> None:
    """One-tap check-in on the commitment, with a note."""
    page.get_by_label("Partly").check()
    page.get_by_label("A note (optional)").fill(NOTE)
    page.get_by_role("button", name="Check in for today").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    _fits(page)


def _daily(page: Page, base_url: str) -> None:
    """The daily check-in in one tap-sequence."""
    page.goto(f"{base_url}/integration/check-in/")
    _fits(page)
    page.get_by_role("group", name="Mood").get_by_label("7", exact=True).check()
    page.get_by_role("group", name="Anxiety").get_by_label("3", exact=True).check()
    page.get_by_role("group", name="Sleep last night").get_by_label("6", exact=True).check()
    page.get_by_label(STEP).check()
    page.get_by_role("button", name="Save today's check-in").click()
    expect(page.get_by_text("Thank you: today's check-in is saved.")).to_be_visible()
    _fits(page)


def _weeks_before(client: Client, commitment: Commitment, today: dt.date) -> tuple[int, int]:
    """Pre-dated check-ins through the service (every fourth day missed): (done, partly)."""
    outcomes = []
    for days_ago in range(1, WEEKS_BACK + 1):
        if days_ago % 4:
            outcome = "done" if days_ago % 3 else "partly"
            outcomes.append(outcome)
            commitment_check_in(
                actor=user_of(client),
                commitment=commitment,
                outcome=outcome,
                on=today - dt.timedelta(days=days_ago),
            )
    return outcomes.count("done"), outcomes.count("partly")


def test_a_client_goes_from_a_session_to_weeks_of_check_ins_on_a_phone(
    live_server: LiveServer, phone: Page, world: World
) -> None:
    page, client, base_url = phone, world.client_a1, live_server.url
    session = spravato_discharged(client, world.practitioner_a)
    assert FollowUp.objects.filter(client=client).exists()  # the discharge made follow-ups
    today = client_today(client)
    _warm_up(base_url)
    sign_in(page, base_url, user_of(client).email)
    _fits(page)

    _reflect(page, base_url)
    entry = Entry.objects.get(client=client, dosing_session=session)
    _insight(page)
    insight = Insight.objects.get(client=client)
    assert (insight.source_kind, insight.source_public_id) == (
        "session_reflection",
        entry.public_id,
    )
    _commitment(page, today - dt.timedelta(days=WEEKS_BACK), today + dt.timedelta(days=14))
    commitment = Commitment.objects.get(client=client)
    assert (commitment.domain, commitment.insight_id) == ("emotional_regulation", insight.pk)
    _check_in(page)
    _daily(page, base_url)
    daily = DailyCheckIn.objects.get(client=client)
    assert (daily.mood, daily.anxiety, daily.sleep_quality) == (7, 3, 6)
    assert list(daily.practices_done.all()) == [commitment]
    kept, partly = _weeks_before(client, commitment, today)

    page.goto(f"{base_url}/integration/")
    expect(
        page.get_by_text(
            f"You kept this {kept} of {WEEKS_BACK + 1} times in the last 4 weeks, "
            f"and partly {partly + 1} times."  # today's check-in was "partly"
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="a session reflection")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name=STEP).click()
    expect(page.get_by_role("cell", name=NOTE)).to_be_visible()
    _fits(page)
