"""Security headers, caching and cookies (C12, C23, C24), and the generic error pages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import path

from config import urls as project_urls
from tests.conftest import PASSWORD, World, persona_user, signed_in

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.security

# One signed-in persona per kind of home page (practice B mirrors A), with the client record
# each may open; the crawl reaches every other in-scope page by following links.
DETAIL_IN_SCOPE: dict[str, str | None] = {
    "operator": None,
    "lead_a": "client_a2",
    "practitioner_a": "client_a1",
    "client_a1": "client_a1",
}
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin"}


LINK = re.compile(rb'<a [^>]*href="(/[^"#?]*)"')
MAX_PAGES = 30


def _crawl(world: World, persona: str) -> dict[str, Response]:
    """GET every page the persona can reach, by URL and by following the links on each page.

    Starts from home, the client list and an in-scope client record, so pages added to the
    navigation later (and every linked record) are scanned without editing this test.
    """
    http = signed_in(persona_user(world, persona))
    queue = ["/", "/clients/"]
    detail = DETAIL_IN_SCOPE[persona]
    if detail is not None:
        queue.append(f"/clients/{getattr(world, detail).public_id}/")
    responses: dict[str, Response] = {}
    while queue and len(responses) < MAX_PAGES:
        url = queue.pop(0)
        if url in responses:
            continue
        responses[url] = http.get(url)
        links = LINK.findall(responses[url].content)
        queue += [link.decode() for link in links if not link.startswith(b"/static/")]
    return responses


def _csp_directives(response: Response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _header_problems(response: Response) -> list[str]:
    """Every missing or weak security header of one response (a passive ZAP-like scan)."""
    problems = []
    csp = _csp_directives(response)
    sources = [source for values in csp.values() for source in values]
    if not csp:
        problems.append("no Content-Security-Policy")
    if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources:
        problems.append("CSP allows unsafe-inline/unsafe-eval")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append("CSP frame-ancestors is not 'none'")
    if "*" in csp.get("script-src", csp.get("default-src", ["*"])):
        problems.append("CSP script-src allows any origin")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    problems += [
        f"{name}: {response.get(name)!r}"
        for name, value in expected.items()
        if response.get(name) != value
    ]
    if response.get("Referrer-Policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    permissions = response.get("Permissions-Policy", "")
    if not all(f"{feature}=()" in permissions for feature in ("camera", "microphone")):
        problems.append(f"Permissions-Policy: {permissions!r}")
    if not REQUEST_ID.match(response.get("X-Request-ID", "")):
        problems.append("no request id")
    return problems


@pytest.mark.parametrize("persona", list(DETAIL_IN_SCOPE))
def test_every_page_a_persona_reaches_sends_the_security_headers(
    world: World, persona: str
) -> None:
    responses = _crawl(world, persona)

    not_ok = {url: r.status_code for url, r in responses.items() if r.status_code != 200}
    problems = {url: found for url, r in responses.items() if (found := _header_problems(r))}
    assert len(responses) >= 2
    assert not_ok == {}
    assert problems == {}


@pytest.mark.parametrize("persona", list(DETAIL_IN_SCOPE))
def test_every_authenticated_page_is_uncached_and_kept_out_of_htmx_history(
    world: World, persona: str
) -> None:
    responses = _crawl(world, persona)

    cached = [url for url, r in responses.items() if "no-store" not in r.get("Cache-Control", "")]
    in_history = [url for url, r in responses.items() if b'hx-history="false"' not in r.content]
    assert cached == []
    assert in_history == []


def test_pages_load_scripts_only_from_files_so_the_csp_holds(world: World) -> None:
    responses = _crawl(world, "lead_a")

    inline = {
        url: found
        for url, r in responses.items()
        if (found := re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=", r.content))
    }

    assert len(responses) >= 3
    assert inline == {}


def test_login_page_sends_the_security_headers_and_no_store(db: None) -> None:
    response = HttpClient().get("/accounts/login/")

    assert response.status_code == 200
    assert _header_problems(response) == []
    assert "no-store" in response["Cache-Control"]


def test_redirects_of_authenticated_requests_are_not_cached(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.get("/accounts/login/")

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert _header_problems(response) == []


def test_secure_request_gets_a_year_long_hsts_including_subdomains(world: World) -> None:
    http = signed_in(world.practitioner_a)

    response = http.get("/", secure=True)

    parts = [part.strip() for part in response["Strict-Transport-Security"].split(";")]
    max_age = next(int(p.removeprefix("max-age=")) for p in parts if p.startswith("max-age="))
    assert max_age >= 31_536_000
    assert "includeSubDomains" in parts


def test_login_response_cookies_are_host_prefixed_secure_httponly_and_lax(world: World) -> None:
    http = HttpClient()
    http.get("/accounts/login/")

    response = http.post(
        "/accounts/login/", {"username": world.practitioner_a.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert set(response.cookies) == {"__Host-sessionid", "__Host-csrftoken"}
    for cookie in response.cookies.values():
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
        assert cookie["path"] == "/", cookie.key  # __Host- requires Path=/ and no Domain
        assert cookie["domain"] == "", cookie.key


def test_not_found_page_is_generic_and_shows_the_request_id(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.get("/clients/ZZ-SENTINEL-probe/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 404
    assert REQUEST_ID.match(request_id)
    assert f"<code>{request_id}</code>".encode() in response.content
    assert b"We could not find that page" in response.content
    assert b"ZZ-SENTINEL-probe" not in response.content
    assert _header_problems(response) == []
    assert "no-store" in response["Cache-Control"]


def test_not_found_page_for_anonymous_visitors_carries_a_request_id(db: None) -> None:
    response = HttpClient().get("/no-such-page/")

    assert response.status_code == 404
    assert f"<code>{response['X-Request-ID']}</code>".encode() in response.content


def test_well_formed_upstream_request_id_is_kept_and_malformed_one_replaced(db: None) -> None:
    http = HttpClient()

    kept = http.get("/accounts/login/", HTTP_X_REQUEST_ID="edge-1234abcd")
    replaced = http.get("/accounts/login/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "edge-1234abcd"
    assert REQUEST_ID.match(replaced["X-Request-ID"])


@login_not_required
def _explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("ZZ-SENTINEL-secret-detail in a stack trace")


class BoomUrls:
    """The project's URLs plus one that fails (a class: Django caches resolvers by urlconf)."""

    urlpatterns = [path("boom/", _explode), *project_urls.urlpatterns]
    handler404 = project_urls.handler404
    handler500 = project_urls.handler500


def test_server_error_page_is_generic_and_shows_the_request_id(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    http = HttpClient(raise_request_exception=False)

    with override_settings(ROOT_URLCONF=BoomUrls):
        response = http.get("/boom/")

    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert REQUEST_ID.match(request_id)
    assert f"<code>{request_id}</code>".encode() in response.content
    assert b"Something went wrong" in response.content
    assert b"ZZ-SENTINEL" not in response.content
    assert b"Traceback" not in response.content
    assert b"RuntimeError" not in response.content
    assert "no-store" in response["Cache-Control"]
    assert [r.levelname for r in caplog.records if r.name == "django.request"] == ["ERROR"]
