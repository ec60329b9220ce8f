"""A client completes the intake and signs treatment consent; a practitioner approves them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ketacare.preparation.consent_selectors import has_current_treatment_consent
from ketacare.preparation.consent_services import consent_document_publish
from tests.browser.test_home_pages import sign_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEXT = "Save and continue"


def _fill_intake(page: Page) -> None:
    page.get_by_role("button", name="Start the questionnaire").click()  # the htmx card
    page.locator("input[name=age]").fill("40")
    page.get_by_role("button", name=NEXT).click()
    page.check("input[name=planned_drug][value=racemic_ketamine]")
    page.select_option("select[name=planned_route]", "im")
    page.check("input[name=setting][value=clinic]")
    page.check("input[name=escort_available][value=yes]")
    page.get_by_role("button", name=NEXT).click()
    page.check("input[name=diagnoses][value=major_depressive_disorder]")
    page.check("input[name=pregnant][value=no]")
    page.check("input[name=breastfeeding][value=no]")
    page.check("input[name=hepatic_function][value=normal]")
    page.get_by_role("button", name=NEXT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Substances and medicines")
    page.get_by_role("button", name=NEXT).click()
    page.check("input[name=suicidality][value=none]")
    page.get_by_role("button", name=NEXT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vital signs and allergies")
    page.get_by_role("button", name=NEXT).click()
    page.get_by_role("button", name="Send my answers to my care team").click()


def _sign_consent(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Consent to ketamine-assisted therapy").click()
    expect(page.get_by_role("heading", name="Sign this document")).to_be_visible()
    page.get_by_label("Type your full name").fill("zz-sentinel-a1  sentinel")
    page.get_by_label("I have read this document and I agree to it").check()
    page.get_by_role("button", name="Sign", exact=True).click()


def test_client_prepares_and_a_practitioner_approves(
    live_server: LiveServer, page: Page, world: World
) -> None:
    assert world.client_a1.user is not None
    consent_document_publish(
        actor=world.lead_a,
        practice=world.practice_a,
        kind="treatment",
        title="Consent to ketamine-assisted therapy",
        body="## What you agree to\n\nSynthetic test text.",
    )

    sign_in(page, live_server.url, world.client_a1.user.email)
    _fill_intake(page)
    expect(page.get_by_text("Sent: under review")).to_be_visible()
    _sign_consent(page, live_server.url)
    expect(page.get_by_text(re.compile("signed \\d"))).to_be_visible()
    assert has_current_treatment_consent(world.client_a1)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, world.practitioner_a.email)
    page.get_by_role("link", name="ZZ-SENTINEL-A1 Sentinel").click()
    expect(page.get_by_text("signed version 1")).to_be_visible()
    expect(page.get_by_text("Eligibility (advisory)")).to_be_visible()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Sign the decision").click()
    expect(page.get_by_text("Decision signed.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, world.client_a1.user.email)
    expect(page.get_by_text("Ready to go ahead", exact=True)).to_be_visible()
