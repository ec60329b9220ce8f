"""Issue #7 on the web: the lead's practice outcomes, and progress pages for staff and client.

A seeded synthetic cohort written into Demo Practice on a fixed date (so the numbers do not
depend on the day the test runs) is big enough that the headline cells are not suppressed;
one demo client, Alder, also gets a hand-made course whose milestones are known. Every page
must show what the outcomes selectors compute, raise no JavaScript error and load nothing
from another host.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import get_resolver
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from ketacare.accounts.models import Practice, User
from ketacare.cli.demo_cohort import demo_cohort_write
from ketacare.cli.demo_data import demo_seed
from ketacare.clients.models import Client
from ketacare.domain.outcomes import (
    OBSERVATIONAL_CAVEAT,
    Count,
    Durability,
    IntegrationEffect,
    PracticeOutcomes,
    practice_outcomes,
)
from ketacare.outcomes.dashboard import Cell, km_chart, window_rows
from ketacare.outcomes.selectors import outcome_data_for_practice
from ketacare.treatments.models import Course
from tests.browser.test_home_pages import sign_in
from tests.conftest import PASSWORD
from tests.outcomes.helpers import DAY0, course_given, score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 70 courses of seed 2 give every headline cell ≥ 11 and a hazard ratio; fewer do not.
COHORT_CLIENTS, COHORT_SEED = 70, 2
WRITTEN_AT = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
# Alder's PHQ-9 (day after the first session, total): baseline, response, remission, then
# two totals of 10 or more 10 days apart — the relapse rule.
ALDER_PHQ9 = ((-1, 18), (14, 8), (21, 3), (40, 12), (50, 13))
FILTER_PROTOCOL = "iv_racemic_series"
FILTER_PERIOD = (dt.date(2025, 9, 1), dt.date(2026, 5, 31))  # the cohort, not Alder
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
FOREIGN = re.compile(r"^(?!(https?|wss?)://(localhost|127\.0\.0\.1|\[::1\])[:/])[a-z]+://")


@dataclass(frozen=True)
class Demo:
    """Demo Practice with its cohort, and the people who sign in."""

    practice: Practice
    lead: User
    practitioner: User  # cares for Alder
    alder: Client


@dataclass
class Watch:
    """What the browser reported while the test ran."""

    errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests to any host but this machine's."""
        return [url for url in self.requested if not _is_local(url)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


@pytest.fixture(autouse=True)
def _urlconf_loaded() -> None:
    """Import every view before the browser's first request (some import heavy libraries)."""
    assert get_resolver().url_patterns


@pytest.fixture
def demo(transactional_db: None) -> Demo:
    demo_seed(password=PASSWORD)
    practice = Practice.objects.get(slug="demo-practice")
    with time_machine.travel(WRITTEN_AT, tick=False):
        demo_cohort_write(practice=practice, n=COHORT_CLIENTS, seed=COHORT_SEED)
    practitioner = User.objects.get(email="practitioner1@demo.example")
    alder = Client.objects.get(user__email="client1@demo.example")
    course_given(alder, practitioner)  # six sessions from DAY0, all given
    for offset, total in ALDER_PHQ9:
        score(alder, total, DAY0 + dt.timedelta(days=offset))
    return Demo(practice, User.objects.get(email="lead@demo.example"), practitioner, alder)


@pytest.fixture
def watch(page: Page) -> Watch:
    """Collect JavaScript errors and every request; requests to other hosts are refused."""
    seen = Watch()
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            seen.errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("request", lambda request: seen.requested.append(request.url))

    def refuse(route: Route) -> None:
        route.abort("blockedbyclient")

    page.route(FOREIGN, refuse)
    return seen


def _assert_clean(watch: Watch) -> None:
    assert watch.errors == []
    assert watch.foreign() == []


def _computed(
    demo: Demo, protocol: str | None = None, period: tuple[dt.date, dt.date] | None = None
) -> PracticeOutcomes:
    """The outcomes the dashboard should show, from the selector and the outcomes core."""
    data = outcome_data_for_practice(
        actor=demo.lead, practice=demo.practice, protocol=protocol, period=period
    )
    return practice_outcomes(data)


def _shown(value: Cell | Count) -> str:
    """A cell as `_cell.html` writes it: suppressed cells carry an asterisk."""
    if isinstance(value, Count):
        return "fewer than 11*" if value.suppressed else str(value.value)
    return f"{value.text}*" if value.suppressed else value.text


def _words(text: str) -> re.Pattern[str]:
    """`text` with any white space between words, and maybe some between a count and `;.)`.

    `_cell.html` ends with a line break, so a count followed by punctuation reads "43 ;".
    """
    pattern = r"\s+".join(re.escape(word) for word in text.split())
    return re.compile(re.sub(r"(?<=[\d*])(?=;|\\\.|\\\))", r"\\s*", pattern))


def _assert_table(page: Page, outcomes: PracticeOutcomes) -> None:
    """Every window row, cell by cell, as `window_rows` computes it."""
    rows = page.get_by_role("region", name="Response and remission").locator("tbody tr")
    expected = window_rows(outcomes)
    expect(rows).to_have_count(len(expected))
    for index, row in enumerate(expected):
        cells = [_shown(getattr(row, f.name)) for f in fields(row)[1:]]
        expect(rows.nth(index).locator("th, td")).to_have_text([row.name, *cells])


def _assert_counted(page: Page, outcomes: PracticeOutcomes) -> None:
    counted = page.get_by_role("region", name="Who is counted").locator("dd")
    expect(counted).to_have_text([_shown(outcomes.n_clients), _shown(outcomes.n_treated)])


def _assert_durability(page: Page, durability: Durability) -> None:
    """The responders, relapses and median in words; the KM curve and its numbers table."""
    region = page.get_by_role("region", name="How long the response lasts")
    responders, relapses = _shown(durability.n), _shown(durability.relapses)
    expect(region).to_contain_text(_words(f"Responders: {responders}; relapses: {relapses}."))
    if durability.median_days is not None:
        median = f"{durability.median_days:.0f} days"
        expect(region).to_contain_text(f"Median time from first response to relapse: {median}")
    chart = km_chart(durability.km, durability.median_days)
    if chart is None:
        expect(region).to_contain_text(f"not shown ({durability.reason}).")
        expect(region.locator("svg")).to_have_count(0)
        return
    expect(region.get_by_role("img", name=chart.summary, exact=True)).to_be_visible()
    expect(region.locator("path.chart__line")).to_have_attribute("d", chart.path)
    region.get_by_text("Show the numbers").click()
    table = region.get_by_role("table", name="Share of responders still free of relapse")
    expect(table).to_be_visible()
    expect(table.locator("tbody th")).to_have_text([f"{day:.0f}" for day, _ in durability.km])


def _assert_integration(page: Page, effect: IntegrationEffect) -> None:
    region = page.get_by_role("region", name="Integration and relapse")
    if effect.hazard_ratio is None:
        expect(region).to_contain_text(
            _words(f"No estimate: {effect.reason}. n {_shown(effect.n)}.")
        )
    else:
        assert effect.ci95 is not None
        expect(region.locator("strong")).to_have_text(f"{effect.hazard_ratio:.2f}")
        low, high = effect.ci95
        expect(region).to_contain_text(
            _words(f"(95 % CI {low:.2f} to {high:.2f}; n {_shown(effect.n)})")
        )
    expect(region.locator(".caveat")).to_have_text(OBSERVATIONAL_CAVEAT)


def _assert_dashboard(page: Page, outcomes: PracticeOutcomes) -> None:
    _assert_counted(page, outcomes)
    _assert_table(page, outcomes)
    _assert_durability(page, outcomes.durability)
    _assert_integration(page, outcomes.integration)


def _assert_denominators(page: Page) -> None:
    """Checked without `window_rows`: end-of-induction rates read "x% (k of n)".

    n is the number followed up, and followed up plus lost adds up to the eligible.
    """
    first = page.get_by_role("region", name="Response and remission").locator("tbody tr").first
    eligible, followed, lost, response, remission = (
        first.locator("td").nth(index).inner_text() for index in range(5)
    )
    assert int(followed) + int(lost) == int(eligible)
    for rate in (response, remission):
        match = re.fullmatch(r"(\d+)% \((\d+) of (\d+)\)", rate)
        assert match is not None, rate
        percent, numerator, denominator = (int(group) for group in match.groups())
        assert denominator == int(followed)
        assert percent == round(100 * numerator / denominator)


def test_lead_sees_the_practice_outcomes_and_filters_them(
    live_server: LiveServer, page: Page, watch: Watch, demo: Demo
) -> None:
    everyone = _computed(demo)
    filtered = _computed(demo, FILTER_PROTOCOL, FILTER_PERIOD)
    assert everyone.n_clients.value == Course.objects.filter(practice=demo.practice).count()
    assert everyone.integration.hazard_ratio is not None  # the cohort is big enough
    assert filtered.n_clients.value != everyone.n_clients.value

    sign_in(page, live_server.url, demo.lead.email)
    expect(page.get_by_role("heading", name="Demo Practice", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")  # the home page's htmx cards shift the layout
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()

    expect(page.get_by_role("heading", name="Outcomes at Demo Practice")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Lost to follow-up")).to_be_visible()
    _assert_denominators(page)
    _assert_dashboard(page, everyone)
    page.get_by_label("Protocol").select_option(FILTER_PROTOCOL)
    page.get_by_label("Courses starting from").fill(FILTER_PERIOD[0].isoformat())
    page.get_by_label("Courses starting until").fill(FILTER_PERIOD[1].isoformat())
    page.get_by_role("button", name="Show outcomes").click()

    query = f"protocol={FILTER_PROTOCOL}&start={FILTER_PERIOD[0]}&end={FILTER_PERIOD[1]}"
    expect(page).to_have_url(f"{live_server.url}/outcomes/practice/?{query}")
    expect(page.get_by_label("Protocol")).to_have_value(FILTER_PROTOCOL)
    expect(page.get_by_label("Courses starting from")).to_have_value(str(FILTER_PERIOD[0]))
    expect(page.get_by_label("Courses starting until")).to_have_value(str(FILTER_PERIOD[1]))
    _assert_dashboard(page, filtered)
    _assert_clean(watch)


def _assert_alder_chart(page: Page) -> None:
    """PHQ-9 over its five severity bands, five scores and the six sessions marked."""
    region = page.get_by_role("region", name=re.compile(r"^PHQ-9 — "))
    name = (
        "PHQ-9 totals over time, 5 responses: 18 (moderately severe) on 2 Mar, "
        "latest 13 (moderate) on 22 Apr. 6 sessions marked."
    )
    expect(region.get_by_role("img", name=name, exact=True)).to_be_visible()
    expect(region.locator("text.chart__band-label")).to_have_text(
        ["none-minimal", "mild", "moderate", "moderately severe", "severe"]
    )
    expect(region.locator("circle.chart__point")).to_have_count(len(ALDER_PHQ9))
    expect(region.locator("line.chart__session")).to_have_count(6)
    expect(region.get_by_text("Dashed lines mark dosing sessions.")).to_be_visible()


def test_practitioner_opens_a_clients_progress_from_the_client_record(
    live_server: LiveServer, page: Page, watch: Watch, demo: Demo
) -> None:
    sign_in(page, live_server.url, demo.practitioner.email)
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    page.get_by_role("link", name="Alder Demo", exact=True).click()
    expect(page.get_by_role("heading", name="Alder Demo", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="PHQ-9 and GAD-7 over time, sessions and milestones").click()

    expect(page).to_have_url(f"{live_server.url}/outcomes/clients/{demo.alder.public_id}/progress/")
    expect(page.get_by_role("heading", name="Progress: Alder Demo")).to_be_visible()
    expect(page.get_by_text("Sessions given: 6")).to_be_visible()
    expect(page.locator("ul.milestones li")).to_have_text(
        [
            "PHQ-9 fell by half, from 18 before the first session to 8 on 17 Mar: "
            "that is what studies call a response.",
            "PHQ-9 reached 3 on 24 Mar, in the lowest range: that is what studies call remission.",
            "PHQ-9 was 10 or more twice in a row after the response: that meets the relapse rule.",
        ]
    )
    _assert_alder_chart(page)
    _assert_clean(watch)


def test_client_sees_only_their_own_progress_and_not_the_practice_outcomes(
    live_server: LiveServer, page: Page, watch: Watch, demo: Demo
) -> None:
    assert demo.alder.user is not None
    other = Client.objects.filter(practice=demo.practice).exclude(pk=demo.alder.pk)
    other_names = [client.display_name for client in other]
    assert len(other_names) > COHORT_CLIENTS

    sign_in(page, live_server.url, demo.alder.user.email)
    expect(page.get_by_role("heading", name="Hello, Alder")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()

    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_text("Sessions given: 6")).to_be_visible()
    expect(page.get_by_text("No commitment check-ins yet.")).to_be_visible()
    expect(page.locator("ul.milestones li")).to_have_text(
        [
            "Your PHQ-9 fell by half, from 18 before the first session to 8 on 17 Mar: "
            "that is what studies call a response.",
            "Your PHQ-9 reached 3 on 24 Mar, in the lowest range: "
            "that is what studies call remission.",
            "Your PHQ-9 was 10 or more twice in a row after the response. "
            "Your care team will talk it through with you.",
        ]
    )
    _assert_alder_chart(page)
    content = page.content()
    assert [name for name in other_names if name in content] == []
    _assert_clean(watch)  # the refusals below log their 403 and 404 as console errors

    refused = page.goto(f"{live_server.url}/outcomes/practice/")
    assert refused is not None
    assert refused.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    assert "Outcomes at" not in page.content()
    someone = other.order_by("pk").first()
    assert someone is not None
    hidden = page.goto(f"{live_server.url}/outcomes/clients/{someone.public_id}/progress/")
    assert hidden is not None
    assert hidden.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def _visit(page: Page, base_url: str, path: str, heading: str) -> None:
    """Open `path`, let it settle, and check that every script is one of the app's own.

    An inline script has no `src`, so it fails the check too (the CSP forbids them).
    """
    response = page.goto(f"{base_url}{path}")
    assert response is not None
    assert response.status == 200, path
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate("[...document.scripts].map(script => script.src)")
    assert scripts, path
    assert [src for src in scripts if not src.startswith(f"{base_url}/static/")] == []


def test_outcome_pages_raise_no_script_error_and_load_nothing_from_elsewhere(
    live_server: LiveServer, page: Page, watch: Watch, demo: Demo
) -> None:
    assert demo.alder.user is not None
    base = live_server.url

    sign_in(page, base, demo.lead.email)
    page.wait_for_load_state("networkidle")  # no htmx card cut short by the next page
    _visit(page, base, "/outcomes/practice/", "Outcomes at Demo Practice")
    _visit(
        page,
        base,
        f"/outcomes/practice/?protocol={FILTER_PROTOCOL}&start=2025-09-01&end=",
        "Outcomes at Demo Practice",
    )
    _visit(
        page, base, f"/outcomes/clients/{demo.alder.public_id}/progress/", "Progress: Alder Demo"
    )
    page.context.clear_cookies()
    sign_in(page, base, demo.alder.user.email)
    page.wait_for_load_state("networkidle")
    _visit(page, base, "/outcomes/progress/", "Your progress")

    _assert_clean(watch)
    assert any(url.endswith(".js") for url in watch.requested)  # the watch saw the scripts
    assert any(url.endswith(".css") for url in watch.requested)
