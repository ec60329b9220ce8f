"""Protocol templates follow their sources, and course plans land on the right days."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketacare.domain.protocols import PROTOCOLS, ScheduleError, plan_sessions, protocol_get

MONDAY = dt.date(2026, 11, 30)


def test_iv_series_is_six_half_mg_per_kg_infusions_over_forty_minutes() -> None:
    iv = protocol_get("iv_racemic_series")

    assert iv.total_sessions == 6
    assert iv.phases[0].dose.mg_per_kg == 0.5
    assert iv.phases[0].dose.infusion_min == 40


def test_spravato_follows_the_label() -> None:
    spravato = protocol_get("spravato")

    assert spravato.min_monitoring_min >= 120
    assert 40 in spravato.vitals_at_min
    assert (spravato.fasting_food_h, spravato.fasting_liquids_min) == (2, 30)
    assert [phase.per_week for phase in spravato.phases[:2]] == [2, 1]
    assert "REMS patient monitoring form" in spravato.forms


@pytest.mark.parametrize("code", list(PROTOCOLS))
def test_every_template_asks_for_fasting_an_escort_and_cites_each_item(code: str) -> None:
    template = PROTOCOLS[code]

    codes = {item.code for item in template.checklist}
    assert {"fasting", "escort", "no_alcohol_24h"} <= codes
    assert all(item.source for item in template.checklist)
    assert template.sources


def test_unknown_protocol_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="iv_racemic_series"):
        protocol_get("nope")


def test_iv_plan_fits_six_infusions_within_three_weeks() -> None:
    plan = plan_sessions(protocol_get("iv_racemic_series"), MONDAY)

    assert [session.number for session in plan] == [1, 2, 3, 4, 5, 6]
    assert plan[0].on == MONDAY
    assert (plan[-1].on - plan[0].on).days <= 21


def test_spravato_plan_is_twice_weekly_for_four_weeks_then_weekly() -> None:
    plan = plan_sessions(protocol_get("spravato"), MONDAY)

    induction = [s for s in plan if s.phase.startswith("induction")]
    weekly = [s for s in plan if s.phase.startswith("weekly")]
    assert len(induction) == 8
    assert (induction[-1].on - MONDAY).days < 28
    assert all((b.on - a.on).days == 7 for a, b in itertools.pairwise(weekly))


def test_a_weekend_start_is_refused() -> None:
    with pytest.raises(ScheduleError, match="weekday"):
        plan_sessions(protocol_get("im_kap"), dt.date(2026, 11, 28))


@given(
    start=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)).filter(
        lambda day: day.weekday() < 5
    ),
    code=st.sampled_from(sorted(PROTOCOLS)),
)
def test_plans_are_on_weekdays_strictly_increasing_and_complete(start: dt.date, code: str) -> None:
    template = PROTOCOLS[code]

    plan = plan_sessions(template, start)

    assert len(plan) == template.total_sessions
    assert plan[0].on == start
    assert all(session.on.weekday() < 5 for session in plan)
    assert all(a.on < b.on for a, b in itertools.pairwise(plan))
