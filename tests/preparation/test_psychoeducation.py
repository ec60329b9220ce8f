"""Psychoeducation: module files, safe rendering, progress services, selectors and pages."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from django.core.exceptions import PermissionDenied

from ketacare.accounts.models import User
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.preparation.models_learning import LearningProgress
from ketacare.preparation.psychoeducation import (
    ModuleFormatError,
    module_get,
    modules,
    neighbours,
    parse_module,
    render_markdown,
    sources_of,
)
from ketacare.preparation.selectors_learning import learning_summary
from ketacare.preparation.services_learning import learning_mark_completed, learning_mark_opened
from tests.conftest import World, persona_user, signed_in

SLUGS = [
    "how-ketamine-works",
    "what-a-session-feels-like",
    "staying-safe",
    "preparing-for-a-session",
    "integration",
]
FIRST = SLUGS[0]
HOSTILE = (
    "---\nslug: hostile\ntitle: T\norder: 1\nminutes: 1\nsummary: S\n---\n"
    "Hello <script>alert(1)</script> and <img src=x onerror=alert(2)>\n\n"
    "[click](javascript:alert(3))\n\n## Sources\n\n- A source\n"
)


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _raw_body(slug: str) -> str:
    module = module_get(slug)
    assert module is not None
    folder = resources.files("ketacare.preparation").joinpath("content", "learn")
    return folder.joinpath(module.filename).read_text(encoding="utf-8")


# Content


def test_every_module_ships_in_reading_order() -> None:
    shipped = modules()

    assert [module.slug for module in shipped] == SLUGS
    assert [module.order for module in shipped] == sorted(module.order for module in shipped)


@pytest.mark.parametrize("slug", SLUGS)
def test_module_has_title_summary_minutes_and_sources(slug: str) -> None:
    module = module_get(slug)

    assert module is not None
    assert module.title
    assert module.summary
    assert module.minutes > 0
    assert len(sources_of(_raw_body(slug))) >= 1
    assert "<h2>Sources</h2>" in module.body_html


@pytest.mark.parametrize("slug", SLUGS)
def test_module_is_between_400_and_900_words(slug: str) -> None:
    words = len(_raw_body(slug).split("\n---\n", 1)[1].split())

    assert 400 <= words <= 900


@pytest.mark.parametrize("slug", SLUGS)
def test_module_html_holds_only_allowlisted_markup(slug: str) -> None:
    module = module_get(slug)
    assert module is not None

    tags = set(re.findall(r"<([a-z0-9]+)", module.body_html))

    assert "script" not in tags
    assert tags <= {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "br", "code"}


def test_safety_module_names_the_crisis_line_and_driving_rule() -> None:
    module = module_get("staying-safe")
    assert module is not None

    assert "988" in module.body_html
    assert "until the next day" in module.body_html


# Rendering


def test_raw_html_in_a_module_is_escaped_not_passed_through() -> None:
    module = parse_module(HOSTILE, filename="hostile.md")

    assert "<script" not in module.body_html
    assert "<img" not in module.body_html
    assert "&lt;script&gt;" in module.body_html
    assert 'href="javascript' not in module.body_html
    assert "&lt;img src=x onerror=alert(2)&gt;" in module.body_html


def test_sanitiser_strips_tags_outside_the_allowlist() -> None:
    html = render_markdown("![x](https://example.org/x.png)\n\n| a |\n|---|\n")

    assert "<img" not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no fence\n", "must start with"),
        ("---\nslug: a\n", "not closed"),
        ("---\nslug a\n---\n", "line 2: expected 'key: value'"),
        ("---\nslug: a\ntitle: T\n---\n## Sources\n- x\n", "missing order, minutes, summary"),
        ("---\nslug: A B\ntitle: T\norder: 1\nminutes: 1\nsummary: S\n---\n", "slug"),
        (
            "---\nslug: a\ntitle: T\norder: x\nminutes: 1\nsummary: S\n---\n## Sources\n- x\n",
            "order",
        ),
        ("---\nslug: a\ntitle: T\norder: 1\nminutes: 1\nsummary: S\n---\nNo sources.\n", "Sources"),
    ],
)
def test_malformed_module_raises_an_error_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(ModuleFormatError, match=message) as caught:
        parse_module(text, filename="broken.md")

    assert "broken.md" in str(caught.value)


def test_neighbours_link_the_first_and_last_modules_one_way() -> None:
    assert neighbours(SLUGS[0])[0] is None
    assert neighbours(SLUGS[-1])[1] is None
    before, after = neighbours(SLUGS[1])
    assert before is not None
    assert after is not None
    assert (before.slug, after.slug) == (SLUGS[0], SLUGS[2])


# Services and selectors


@pytest.mark.django_db
def test_marking_completed_twice_keeps_one_row_and_one_update_event(world: World) -> None:
    actor, client = _user(world.client_a1), world.client_a1

    first = learning_mark_completed(actor=actor, client=client, slug=FIRST)
    before = AuditEvent.objects.count()
    again = learning_mark_completed(actor=actor, client=client, slug=FIRST)

    assert LearningProgress.objects.filter(client=client).count() == 1
    assert again.completed_at == first.completed_at
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_opening_is_recorded_once_and_audited(world: World) -> None:
    actor, client = _user(world.client_a1), world.client_a1
    before = AuditEvent.objects.count()

    learning_mark_opened(actor=actor, client=client, slug=FIRST)
    learning_mark_opened(actor=actor, client=client, slug=FIRST)

    progress = LearningProgress.objects.get(client=client)
    assert progress.completed_at is None
    assert progress.practice_id == client.practice_id
    events = AuditEvent.objects.filter(seq__gt=before)
    assert [event.action for event in events] == ["create"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["practitioner_a", "lead_a", "client_a2", "practitioner_b"])
def test_only_the_client_marks_their_own_progress(world: World, persona: str) -> None:
    actor = persona_user(world, persona)
    assert actor is not None

    with pytest.raises(PermissionDenied):
        learning_mark_completed(actor=actor, client=world.client_a1, slug=FIRST)

    assert not LearningProgress.objects.exists()


@pytest.mark.django_db
def test_marking_an_unknown_module_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        learning_mark_opened(actor=_user(world.client_a1), client=world.client_a1, slug="nope")


@pytest.mark.django_db
def test_summary_counts_completed_of_total_for_the_care_team(world: World) -> None:
    actor, client = _user(world.client_a1), world.client_a1
    learning_mark_completed(actor=actor, client=client, slug=SLUGS[0])
    learning_mark_completed(actor=actor, client=client, slug=SLUGS[1])
    learning_mark_opened(actor=actor, client=client, slug=SLUGS[2])

    summary = learning_summary(actor=world.practitioner_a, client=client)

    assert (summary.completed, summary.total) == (2, len(SLUGS))
    assert [row.is_opened for row in summary.rows] == [True, True, True, False, False]


@pytest.mark.django_db
def test_summary_is_not_found_outside_the_actor_scope(world: World) -> None:
    with pytest.raises(NotFound):
        learning_summary(actor=world.practitioner_b, client=world.client_a1)


# Pages


@pytest.mark.django_db
def test_client_reads_a_module_and_marks_it_read(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    page = http.get(f"/preparation/learn/{FIRST}/")
    response = http.post(f"/preparation/learn/{FIRST}/read/")
    listing = http.get("/preparation/learn/")

    assert "Mark as read" in page.content.decode()
    assert f"/preparation/learn/{SLUGS[1]}/" in page.content.decode()
    assert response.status_code == 302
    assert LearningProgress.objects.get(client=world.client_a1).completed_at is not None
    assert f"1 of {len(SLUGS)} read" in listing.content.decode()


@pytest.mark.django_db
def test_home_card_shows_progress_as_an_htmx_section(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    home = http.get("/")
    card = http.get("/preparation/learn/", headers={"HX-Request": "true"})

    assert 'hx-get="/preparation/learn/"' in home.content.decode()
    assert "<html" not in card.content.decode()
    assert f"0 of {len(SLUGS)} read" in card.content.decode()


@pytest.mark.django_db
def test_staff_read_a_module_without_recording_progress(world: World) -> None:
    http = signed_in(world.practitioner_a)

    page = http.get(f"/preparation/learn/{FIRST}/")
    post = http.post(f"/preparation/learn/{FIRST}/read/")

    assert page.status_code == 200
    assert "Mark as read" not in page.content.decode()
    assert post.status_code == 403
    assert not LearningProgress.objects.exists()


@pytest.mark.django_db
def test_staff_see_the_count_on_the_client_record(world: World) -> None:
    learning_mark_completed(actor=_user(world.client_a1), client=world.client_a1, slug=FIRST)
    http = signed_in(world.practitioner_a)
    path = f"/preparation/learn/clients/{world.client_a1.public_id}/"

    record = http.get(f"/clients/{world.client_a1.public_id}/")
    section = http.get(path, headers={"HX-Request": "true"})

    assert f'hx-get="{path}"' in record.content.decode()
    assert f"1 of {len(SLUGS)} guides read" in section.content.decode()


@pytest.mark.django_db
def test_unknown_module_page_is_not_found(world: World) -> None:
    http = signed_in(_user(world.client_a1))

    response = http.get("/preparation/learn/no-such-guide/")

    assert response.status_code == 404
