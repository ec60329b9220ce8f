"""The lead's dashboard and the progress pages: who sees them, filters, milestones."""

from __future__ import annotations

import datetime as dt

import pytest

from ketacare.domain.outcomes import practice_outcomes
from ketacare.outcomes.selectors import outcome_data_for_practice
from tests.conftest import World, signed_in
from tests.outcomes.helpers import DAY0, course_given, score, synthetic_clients

pytestmark = pytest.mark.django_db


def _day(offset: int) -> dt.date:
    return DAY0 + dt.timedelta(days=offset)


def test_lead_sees_the_dashboard_with_denominators_and_the_caveat(world: World) -> None:
    course_given(world.client_a1, world.lead_a)

    response = signed_in(world.lead_a).get("/outcomes/practice/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Lost to follow-up" in body
    assert "fewer than 11" in body
    assert "Observational association, not a causal effect" in body


@pytest.mark.parametrize("persona", ["practitioner_a", "lead_b", "operator"])
def test_others_do_not_see_practice_a_outcomes(world: World, persona: str) -> None:
    response = signed_in(getattr(world, persona)).get("/outcomes/practice/")

    assert response.status_code == (200 if persona == "lead_b" else 403)
    assert "Outcomes at Practice A" not in response.content.decode()


def test_client_does_not_see_the_dashboard(world: World) -> None:
    response = signed_in(world.client_a1.user).get("/outcomes/practice/")

    assert response.status_code == 403


@pytest.mark.parametrize(
    "query",
    ["?protocol=not-a-protocol", "?start=yesterday", "?start=2025-05-01&end=2025-01-01"],
)
def test_bad_filter_input_gives_a_form_error_not_a_500(world: World, query: str) -> None:
    response = signed_in(world.lead_a).get(f"/outcomes/practice/{query}")

    assert response.status_code == 400
    assert "Please correct the highlighted fields" in response.content.decode()


def test_valid_filters_show_outcomes(world: World) -> None:
    response = signed_in(world.lead_a).get(
        "/outcomes/practice/?protocol=im_kap&start=2025-01-01&end=2025-12-31"
    )

    assert response.status_code == 200
    assert "Response and remission" in response.content.decode()


def test_client_sees_their_progress_with_milestones_in_plain_words(world: World) -> None:
    client = world.client_a1
    course_given(client, world.lead_a)
    score(client, 18, _day(-1))
    score(client, 8, _day(14))
    score(client, 3, _day(21))

    response = signed_in(client.user).get("/outcomes/progress/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your PHQ-9 fell by half" in body
    assert "that is what studies call a response" in body
    assert "that is what studies call remission" in body
    assert "chart__session" in body


def test_care_team_sees_the_clients_progress(world: World) -> None:
    course_given(world.client_a1, world.lead_a)
    score(world.client_a1, 18, _day(-1))

    response = signed_in(world.practitioner_a).get(
        f"/outcomes/clients/{world.client_a1.public_id}/progress/"
    )

    assert response.status_code == 200
    assert "Progress:" in response.content.decode()


def test_the_median_time_to_relapse_comes_with_its_confidence_interval(world: World) -> None:
    """24 responders (day 21), 16 relapsing 10–40 days later: median and band on the page."""
    for index, client in enumerate(synthetic_clients(world.practice_a, 24)):
        course_given(client, world.lead_a)
        score(client, 20, _day(-1))
        score(client, 6, _day(21))
        if index < 16:
            onset = 31 + 2 * index
            score(client, 14, _day(onset))
            score(client, 15, _day(onset + 7))
        else:
            score(client, 5, _day(90))

    body = signed_in(world.lead_a).get("/outcomes/practice/").content.decode()
    data = outcome_data_for_practice(actor=world.lead_a, practice=world.practice_a)
    durability = practice_outcomes(data).durability

    assert durability.median_days is not None
    assert durability.median_ci95 is not None
    low, high = durability.median_ci95
    last_day = durability.km[-1][0]
    high_text = f"{high:.0f} days" if high is not None else f"more than {last_day:.0f} days"
    assert f"{durability.median_days:.0f} days" in body
    assert f"(95% confidence interval {low:.0f} to {high_text})" in " ".join(body.split())
    assert "Responders still followed (at risk)" in body
    assert durability.at_risk[0] == 24  # every responder is followed at day 0
    assert f"<td>{durability.at_risk[-1]}</td>" in body
