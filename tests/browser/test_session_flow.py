"""A whole IV racemic session and a whole Spravato session with its REMS form, in the browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import get_resolver
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from ketacare.alerts.models import Alert
from ketacare.treatments.models import DosingSession, RemsFiling, SessionNote, SessionStatus
from tests.browser.test_home_pages import sign_in
from tests.conftest import World
from tests.treatments.rems_helpers import FILER_ANSWERS
from tests.treatments.session_helpers import checked_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _urlconf_loaded() -> None:
    """Import every view before the browser's first request (some import heavy libraries)."""
    assert get_resolver().url_patterns


def _local(minutes_ago: float) -> str:
    when = timezone.localtime(timezone.now() - dt.timedelta(minutes=minutes_ago))
    return when.strftime("%Y-%m-%dT%H:%M")


def _form(page: Page, action: str) -> Locator:
    return page.locator(f"form[action$='/record/{action}/']")


def _open(page: Page, live_server: LiveServer, world: World, session: DosingSession) -> None:
    sign_in(page, live_server.url, world.practitioner_a.email)
    page.goto(f"{live_server.url}/treatments/sessions/{session.public_id}/")
    expect(page.get_by_role("heading", name=re.compile(r"^Session 1"))).to_be_visible()


def _predose(page: Page, weight: str, systolic: str, diastolic: str) -> None:
    form = _form(page, "predose")
    form.get_by_label("Weight (kg)").fill(weight)
    form.get_by_label("Systolic (mmHg)").fill(systolic)
    form.get_by_label("Diastolic (mmHg)").fill(diastolic)
    form.get_by_label("SpO2 (%)").fill("98")
    form.get_by_role("button", name="Save pre-dose vitals").click()
    expect(page.get_by_text("blood pressure allows dosing")).to_be_visible()


def _dose(page: Page, drug: str, route: str, mg: str, *, start: float, end: float | None) -> None:
    form = _form(page, "administration")
    form.get_by_label("Drug").select_option(drug)
    form.get_by_label("Route").select_option(route)
    form.get_by_label("Dose (mg)").fill(mg)
    form.get_by_label("Lot number").fill("LOT-B1")
    form.get_by_label("Started").fill(_local(start))
    if end is not None:
        form.get_by_label("Ended (infusions)").fill(_local(end))
    form.get_by_role("button", name="Record dose").click()
    expect(page.get_by_text("Dose recorded.")).to_be_visible()


def _vitals_row(page: Page, systolic: str, diastolic: str, heart_rate: str = "80") -> None:
    """One row of the vitals grid, saved with Enter (htmx swaps the live region)."""
    grid = page.locator("form[data-vitals-grid]")
    grid.get_by_label("Systolic (mmHg)").fill(systolic)
    grid.get_by_label("Diastolic (mmHg)").fill(diastolic)
    grid.get_by_label("Heart rate (/min)").fill(heart_rate)
    grid.get_by_label("SpO2 (%)").fill("97")
    grid.get_by_label("SpO2 (%)").press("Enter")
    row = page.locator("#vitals tbody td", has_text=f"{systolic}/{diastolic}")
    expect(row.first).to_be_visible()


def _checks(page: Page, moaas: str, cadss_item_1: str) -> None:
    _form(page, "sedation").get_by_label("MOAA/S").select_option(moaas)
    _form(page, "sedation").get_by_role("button", name="Save MOAA/S").click()
    expect(page.get_by_text("MOAA/S saved.")).to_be_visible()
    dissociation = _form(page, "dissociation")
    dissociation.get_by_label("Item 1", exact=True).select_option(cadss_item_1)
    for item in ("2", "6", "7", "15", "22"):
        dissociation.get_by_label(f"Item {item}", exact=True).select_option("0")
    dissociation.get_by_role("button", name="Save CADSS-6").click()
    expect(page.get_by_text("CADSS-6 saved.")).to_be_visible()


def _discharge(page: Page) -> None:
    for label in ("Blood pressure trending down", "Alert and oriented", "Walking steadily"):
        _form(page, "discharge-check").get_by_label("Criterion").select_option(label=label)
        _form(page, "discharge-check").get_by_role("button", name="Record as met").click()
        expect(page.get_by_text("Criterion recorded.")).to_be_visible()
    _form(page, "discharge-check").get_by_label("Criterion").select_option(label="Escort present")
    _form(page, "discharge-check").get_by_role("button", name="Record as met").click()
    expect(page.get_by_text("Escort present: met")).to_be_visible()
    page.get_by_role("button", name="Discharge the client").click()
    expect(page.get_by_text(re.compile(r"Discharged at \d\d:\d\d"))).to_be_visible()


def test_a_practitioner_runs_a_whole_iv_session(
    live_server: LiveServer, page: Page, world: World
) -> None:
    session = checked_in(world.client_a1, world.practitioner_a, "iv_racemic_series")
    _open(page, live_server, world, session)

    _predose(page, "80", "128", "82")
    _dose(page, "racemic_ketamine", "iv", "40", start=150, end=110)
    expect(page.locator("#timeline polyline.chart__line")).to_be_attached()
    _vitals_row(page, "134", "84")
    _vitals_row(page, "185", "112")
    expect(page.get_by_role("heading", name="Re-check")).to_be_visible()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=True):
        _vitals_row(page, "186", "112", heart_rate="96")
        alerts = page.locator("section.session-alerts")
        expect(alerts.get_by_role("heading", name="Open alerts")).to_be_visible()
        expect(alerts).to_contain_text("pause dosing and notify the prescriber")
        # Pre-dated dose: the pre-dose reading (taken now) falls inside the chart too.
        expect(page.locator("#timeline circle.timeline__systolic")).to_have_count(4)
        _checks(page, "4", "2")
        events = _form(page, "adverse-event")
        events.get_by_label("Event").select_option("nausea")
        events.get_by_label("Severity").select_option("mild")
        events.get_by_label("Onset").fill(_local(100))
        events.get_by_label("Action taken").fill("Ondansetron given")
        events.get_by_role("button", name="Record adverse event").click()
        expect(page.get_by_text("Ondansetron given")).to_be_visible()
        _vitals_row(page, "138", "86")
        _discharge(page)
        _form(page, "note").get_by_label("Note").fill("Infusion completed; BP settled.")
        _form(page, "note").get_by_role("button", name="Sign the note").click()
        expect(page.get_by_text("Session note signed.")).to_be_visible()

    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    assert SessionNote.objects.filter(session=session).count() == 1
    assert Alert.objects.filter(source_public_id=session.public_id, code="bp_pause").exists()


def test_a_whole_spravato_session_ends_with_the_rems_form_filed(
    live_server: LiveServer, page: Page, world: World, settings: Settings
) -> None:
    # The session runs on a travelling clock: dosing 2.5 h ago, the 40-min BP re-check, then
    # discharge after the REMS's 2-h minimum; the idle limit is lifted for the jumps.
    settings.KETACARE_IDLE_TIMEOUT_STAFF = dt.timedelta(hours=4)
    real_now = timezone.now()
    session = checked_in(world.client_a1, world.practitioner_a, "spravato")
    with time_machine.travel(real_now - dt.timedelta(minutes=150), tick=True) as clock:
        _open(page, live_server, world, session)
        _predose(page, "70", "130", "80")
        _dose(page, "esketamine", "intranasal", "56", start=0, end=None)
        expect(page.get_by_text("2 device(s) 5 min apart")).to_be_visible()
        clock.move_to(real_now - dt.timedelta(minutes=110))
        _vitals_row(page, "142", "88")
        expect(page.locator("#timeline")).to_contain_text("esketamine")
        _checks(page, "5", "1")
        clock.move_to(real_now - dt.timedelta(minutes=15))
        _vitals_row(page, "126", "80")
        _discharge(page)
    expect(page.locator("#rems-line")).to_contain_text("due by")
    page.locator("#rems-line").get_by_role("link", name="Open the REMS form").click()

    expect(page.get_by_role("heading", name="Not complete yet")).to_be_visible()
    expect(page.locator("#rems-missing")).to_contain_text("certification id")
    for name, value in FILER_ANSWERS.items():
        field = page.locator(f"[name='{name}']")
        if name.startswith(("takes_", "patient_sex")):
            field.select_option(value)
        else:
            field.fill(value)
    page.locator("[name='confirmation']").fill("REMS-CONF-1")
    page.get_by_role("button", name="Mark as filed").click()

    expect(page.get_by_text("The REMS form is marked as filed.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Filed on"))).to_be_visible()
    filing = RemsFiling.objects.get(session=session)
    assert filing.confirmation == "REMS-CONF-1"
    assert filing.form["is_complete"] is True
    assert filing.form["session"]["devices"] == 2
    assert filing.form["vital_signs"]["bp_40_min"] == {"systolic": 142, "diastolic": 88}
    page.get_by_role("link", name="Back to the session").click()
    expect(page.locator("#rems-line")).to_contain_text("filed on")
