"""Score history: the chart geometry, the SVG with its bands, and the client's plain words."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import time_machine

from ketacare.clients.models import Client
from ketacare.domain.instruments import lookup
from ketacare.measures.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, Sample, chart_build
from ketacare.measures.display import history_sentence
from ketacare.measures.models import QuestionnaireResponse
from ketacare.measures.services import response_amend, response_submit
from tests.conftest import World, signed_in

NOV_3 = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
NOV_24 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def _sample(when: dt.datetime, total: float, band: str = "") -> Sample:
    return Sample(when, total, band)


# --- the chart helper (pure: no database) ---


def test_chart_bands_cover_the_whole_instrument_range_without_gaps() -> None:
    chart = chart_build(lookup("PHQ-9"), [_sample(NOV_3, 18)])

    assert chart is not None
    lowest_first = chart.bands
    assert lowest_first[0].label == "none-minimal"
    assert lowest_first[0].y + lowest_first[0].height == pytest.approx(HEIGHT - BOTTOM)
    assert lowest_first[-1].y == pytest.approx(TOP)
    for lower, upper in itertools.pairwise(lowest_first):
        assert upper.y + upper.height == pytest.approx(lower.y)


def test_chart_points_map_totals_to_height_and_dates_to_width() -> None:
    middle = NOV_3 + (NOV_24 - NOV_3) / 2
    samples = [_sample(NOV_24, 0), _sample(NOV_3, 27), _sample(middle, 13.5)]

    chart = chart_build(lookup("PHQ-9"), samples)

    assert chart is not None
    first, mid, last = chart.points
    assert (first.x, first.y) == (LEFT, TOP)  # oldest on the left; 27 is the top
    assert (last.x, last.y) == (WIDTH - RIGHT, HEIGHT - BOTTOM)  # 0 is the bottom
    assert mid.x == pytest.approx((LEFT + WIDTH - RIGHT) / 2)
    assert mid.y == pytest.approx((TOP + HEIGHT - BOTTOM) / 2)
    assert chart.polyline == f"{first.x},{first.y} {mid.x},{mid.y} {last.x},{last.y}"


def test_chart_of_one_response_puts_it_in_the_middle() -> None:
    chart = chart_build(lookup("GAD-7"), [_sample(NOV_3, 7, "mild")])

    assert chart is not None
    assert chart.points[0].x == pytest.approx((LEFT + WIDTH - RIGHT) / 2)
    assert chart.points[0].text == "3 Nov: 7 (mild)"


def test_chart_has_no_bands_for_an_instrument_without_published_bands() -> None:
    chart = chart_build(lookup("PHQ-2"), [_sample(NOV_3, 3)])

    assert chart is not None
    assert chart.bands == ()


def test_chart_without_samples_is_none() -> None:
    assert chart_build(lookup("PHQ-9"), []) is None


@pytest.mark.parametrize(("code", "lowest_tone"), [("PHQ-9", 0), ("WHO-5", 4)])
def test_band_tones_follow_the_instrument_direction(code: str, lowest_tone: int) -> None:
    chart = chart_build(lookup(code), [_sample(NOV_3, 10)])

    assert chart is not None
    assert chart.bands[0].tone == lowest_tone


def test_chart_labels_at_most_six_dates() -> None:
    samples = [_sample(NOV_3 + dt.timedelta(days=n), n % 27) for n in range(20)]

    chart = chart_build(lookup("PHQ-9"), samples)

    assert chart is not None
    assert len(chart.x_ticks) == 6
    assert (chart.x_ticks[0].text, chart.x_ticks[-1].text) == ("3 Nov", "22 Nov")


# --- the client's plain words ---


def test_sentence_says_a_falling_phq9_is_better() -> None:
    samples = [_sample(NOV_3, 18, "moderately severe"), _sample(NOV_24, 9, "mild")]

    sentence = history_sentence(lookup("PHQ-9"), samples)

    assert sentence == (
        "Your PHQ-9 went down from 18 (moderately severe) on 3 Nov to 9 (mild) on 24 Nov, "
        "which is a change for the better."
    )


@pytest.mark.parametrize(
    ("first", "last", "verdict"),
    [(8, 16, "change for the better"), (16, 8, "change for the worse")],
)
def test_sentence_judges_who5_as_higher_is_better(first: int, last: int, verdict: str) -> None:
    samples = [_sample(NOV_3, first), _sample(NOV_24, last)]

    assert verdict in history_sentence(lookup("WHO-5"), samples)


def test_sentence_for_a_neutral_scale_makes_no_judgement() -> None:
    sentence = history_sentence(lookup("EDI"), [_sample(NOV_3, 20), _sample(NOV_24, 60)])

    assert sentence == "Your EDI went up from 20 on 3 Nov to 60 on 24 Nov."


def test_sentence_for_one_or_unchanged_scores() -> None:
    phq9 = lookup("PHQ-9")

    one = history_sentence(phq9, [_sample(NOV_3, 9, "mild")])
    same = history_sentence(phq9, [_sample(NOV_3, 9, "mild"), _sample(NOV_24, 9, "mild")])

    assert one == "Your PHQ-9 was 9 (mild) on 3 Nov."
    assert same == "Your PHQ-9 stayed at 9 (mild) from 3 Nov to 24 Nov."


def test_sentence_names_the_year_when_the_scores_span_two() -> None:
    later = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)

    sentence = history_sentence(lookup("PHQ-9"), [_sample(NOV_3, 12), _sample(later, 4)])

    assert "on 3 Nov 2026 to 4 on 5 Jan 2027" in sentence


# --- pages ---


def _phq9(total_threes: int) -> dict[str, object]:
    return {str(n): 3 if n <= total_threes else 0 for n in range(1, 10)}


def _submit(client: Client, when: dt.datetime, code: str, answers: dict[str, object]) -> None:
    assert client.user is not None
    with time_machine.travel(when, tick=False):
        response_submit(actor=client.user, client=client, instrument_code=code, answers=answers)


def _svgs(body: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", body, flags=re.DOTALL)


@pytest.mark.django_db
def test_client_history_page_tells_the_story_in_plain_words(world: World) -> None:
    _submit(world.client_a1, NOV_3, "PHQ-9", _phq9(6))  # 18
    _submit(world.client_a1, NOV_24, "PHQ-9", _phq9(3))  # 9
    _submit(world.client_a2, NOV_24, "GAD-7", {str(n): 0 for n in range(1, 8)})
    assert world.client_a1.user is not None
    http = signed_in(world.client_a1.user)

    body = http.get("/measures/history/").content.decode()

    assert "Your PHQ-9 went down from 18 (moderately severe) on 3 Nov" in body
    assert "to 9 (mild) on 24 Nov, which is a change for the better." in body
    assert "GAD-7" not in body  # client_a2's answers stay theirs
    assert len(_svgs(body)) == 1


@pytest.mark.django_db
def test_staff_chart_draws_bands_only_for_instruments_that_have_them(world: World) -> None:
    _submit(world.client_a1, NOV_3, "PHQ-9", _phq9(6))
    _submit(world.client_a1, NOV_24, "PHQ-2", {"1": 1, "2": 1})
    http = signed_in(world.practitioner_a)

    body = http.get(f"/measures/clients/{world.client_a1.public_id}/").content.decode()

    phq9, phq2 = _svgs(body)  # registry order: PHQ-9 before PHQ-2
    assert phq9.count('class="chart__band ') == len(lookup("PHQ-9").bands)
    assert "chart__band " not in phq2
    for svg in (phq9, phq2):
        assert 'role="img"' in svg
        assert "<title" in svg
        assert "<polyline" in svg
        assert "style=" not in svg
    assert "Your PHQ-9" not in body  # the client's wording is for the client
    assert "<caption>PHQ-9 scores by date</caption>" in body


@pytest.mark.django_db
def test_history_uses_the_amendment_not_the_original(world: World) -> None:
    _submit(world.client_a1, NOV_3, "PHQ-9", _phq9(6))
    original = QuestionnaireResponse.objects.get()
    with time_machine.travel(NOV_24, tick=False):
        response_amend(actor=world.practitioner_a, original=original, answers=_phq9(1))
    assert world.client_a1.user is not None
    http = signed_in(world.client_a1.user)

    body = http.get("/measures/history/").content.decode()

    assert "Your PHQ-9 was 3 (none-minimal) on 24 Nov." in body


@pytest.mark.django_db
def test_due_card_links_to_the_clients_history(world: World) -> None:
    assert world.client_a1.user is not None
    http = signed_in(world.client_a1.user)

    body = http.get("/measures/due/", headers={"HX-Request": "true"}).content.decode()

    assert 'href="/measures/history/"' in body


@pytest.mark.django_db
def test_history_page_without_scores_says_so(world: World) -> None:
    http = signed_in(world.practitioner_a)

    body = http.get("/measures/history/").content.decode()

    assert "No scored questionnaires yet." in body
