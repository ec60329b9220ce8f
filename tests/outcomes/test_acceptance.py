"""Issue #7 acceptance: the CLI's outcomes match an independent recomputation from the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketacare.accounts.models import Practice
from ketacare.audit.models import AuditEvent
from ketacare.cli import app
from ketacare.cli.demo_cohort import demo_cohort_write
from ketacare.cli.demo_data import demo_seed
from tests.conftest import World
from tests.outcomes.helpers import DAY0, course_given, score, synthetic_clients

pytestmark = pytest.mark.django_db
runner = CliRunner()
CONTRACT = {
    "n_clients",
    "n_treated",
    "n_with_followup",
    "lost_to_followup",
    "response_rate",
    "remission_rate",
    "durability",
    "integration_effect",
}


def _day(offset: int) -> dt.date:
    return DAY0 + dt.timedelta(days=offset)


def write_practice(world: World) -> None:
    """60 courses: 12 untreated, 4 starting in remission, 12 lost, 32 followed up."""
    rng = random.Random(7)  # noqa: S311  (synthetic test data, not security)
    clients = synthetic_clients(world.practice_a, 60)
    for index, client in enumerate(clients):
        untreated, in_remission, lost = index < 12, 12 <= index < 16, 16 <= index < 28
        course_given(client, world.lead_a, given=0 if untreated else None)
        baseline = 3 if in_remission else rng.randint(10, 24)
        score(client, baseline, _day(-rng.randint(0, 20)))
        if untreated:
            continue
        if lost:
            score(client, rng.randint(0, 20), _day(60))  # outside every early window
            continue
        # Two scores in the window: the one closer to day 22.5 must count. Of the 32 followed
        # up, 12 remit, 4 more respond and 16 do not (every cell at least 11, none hidden).
        followed = index - 28
        if followed < 12:
            chosen = rng.randint(0, 4)
        elif followed < 16:
            chosen = rng.randint(5, baseline // 2)
        else:
            chosen = rng.randint(baseline // 2 + 1, 24)
        score(client, rng.randint(0, 24), _day(14))
        score(client, chosen, _day(rng.choice([21, 24, 28])))


Key = tuple[str, str]  # (pseudonymous client, course)


def _read_phq9(
    path: Path, *, keep: Callable[[dict[str, str]], bool]
) -> tuple[dict[Key, int], dict[Key, int], dict[Key, dict[int, int]]]:
    """Per course from the export: sessions given, the PHQ-9 baseline, and the PHQ-9 totals by
    day of the rows ``keep`` accepts."""
    sessions: dict[Key, int] = {}
    baseline: dict[Key, int] = {}
    follow: dict[Key, dict[int, int]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            key = (row["client"], row["course"])
            sessions[key] = int(row["sessions_given"])
            if row["instrument"] != "PHQ-9":
                continue
            if row["phase"] == "baseline":
                baseline[key] = int(row["total"])
            elif keep(row):
                follow[key][int(row["day"])] = int(row["total"])
    return sessions, baseline, follow


def _recompute(path: Path) -> dict[str, float | int]:
    """The reference's definitions, implemented from scratch on the exported rows."""
    sessions, baseline, follow = _read_phq9(
        path, keep=lambda row: row["phase"] in {"induction", "follow-up"}
    )
    treated = [key for key, n in sessions.items() if n >= 1]
    eligible = [key for key in treated if key in baseline and baseline[key] >= 5]
    chosen: dict[tuple[str, str], int] = {}
    for key in eligible:
        days = [day for day in follow[key] if 14 <= day <= 31]
        if days:
            chosen[key] = follow[key][min(days, key=lambda d: (abs(2 * d - 45), d))]
    responders = sum(2 * (baseline[k] - f) >= baseline[k] for k, f in chosen.items())
    remitters = sum(f < 5 for f in chosen.values())
    return {
        "n_clients": len(sessions),
        "n_treated": len(treated),
        "n_with_followup": len(chosen),
        "lost_to_followup": len(eligible) - len(chosen),
        "response_rate": responders / len(chosen),
        "remission_rate": remitters / len(chosen),
    }


def test_outcomes_json_matches_an_independent_recomputation_from_the_export(
    world: World, tmp_path: Path
) -> None:
    write_practice(world)
    path = tmp_path / "measures.csv"

    exported = runner.invoke(
        app, ["export", "measures", "--practice", "practice-a", "--csv", str(path)]
    )
    result = runner.invoke(app, ["outcomes", "--practice", "practice-a", "--json"])

    assert exported.exit_code == 0, exported.output
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == CONTRACT
    assert set(payload["durability"]) == {"median_days", "km"}
    assert set(payload["integration_effect"]) == {"hazard_ratio", "ci95", "n"}
    expected = _recompute(path)
    assert expected["n_clients"] == 60
    assert expected["lost_to_followup"] == 12
    for key in ("n_clients", "n_treated", "n_with_followup", "lost_to_followup"):
        assert payload[key] == expected[key], key
    for key in ("response_rate", "remission_rate"):
        assert payload[key] == pytest.approx(expected[key]), key


def test_export_holds_no_names_emails_or_dates(world: World, tmp_path: Path) -> None:
    write_practice(world)
    path = tmp_path / "measures.csv"

    result = runner.invoke(
        app, ["export", "measures", "--practice", "practice-a", "--csv", str(path)]
    )

    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "client,course,protocol,sessions_given,instrument,day,phase,item,value,total"
    )
    assert "@" not in text
    assert "ZZ-SYN" not in text
    assert "Sentinel" not in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None
    assert re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", text) is None
    for client in world.practice_a.clients.all():
        assert str(client.public_id) not in text
    event = AuditEvent.objects.filter(action="export").get()
    assert event.channel == "cli"
    assert event.actor_id is None
    assert set(event.extra) == {"object_type", "format", "rows", "responses", "clients"}


def test_pseudonyms_are_stable_across_exports(world: World, tmp_path: Path) -> None:
    course_given(world.client_a1, world.lead_a)
    score(world.client_a1, 18, _day(-1))
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"

    runner.invoke(app, ["export", "measures", "--practice", "practice-a", "--csv", str(first)])
    runner.invoke(app, ["export", "measures", "--practice", "practice-a", "--csv", str(second)])

    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    with first.open(encoding="utf-8", newline="") as stream:
        ids = {row["client"] for row in csv.DictReader(stream)}
    assert len(ids) == 1
    assert re.fullmatch(r"[0-9a-f]{16}", ids.pop())


def _recompute_durability(path: Path) -> tuple[list[tuple[float, float, int]], float | None]:
    """Kaplan–Meier of first response → relapse, from scratch on the exported rows.

    The reference's definitions (instruments.md §3): response is a PHQ-9 at least 50 % below
    baseline on a day after the course start; relapse is two consecutive PHQ-9 assessments of
    10 or more 5–15 days apart after the response, dated at the first of them; responders
    without relapse are censored at their last assessment. Baseline eligibility as above.
    Returns the product-limit curve as (day, survival, at risk) and the median.
    """
    sessions, baseline, follow = _read_phq9(path, keep=lambda row: int(row["day"]) >= 1)
    spells: list[tuple[int, bool]] = []
    for key, given in sessions.items():
        if given < 1 or baseline.get(key, 0) < 5:
            continue
        series = sorted(follow[key].items())
        response = next((d for d, s in series if 2 * (baseline[key] - s) >= baseline[key]), None)
        if response is None:
            continue
        after = [(d, s) for d, s in series if d > response]
        onset = next(
            (
                d
                for (d, s), (d2, s2) in itertools.pairwise(after)
                if s >= 10 and s2 >= 10 and 5 <= d2 - d <= 15
            ),
            None,
        )
        end = onset if onset is not None else series[-1][0]
        spells.append((end - response, onset is not None))
    days = sorted({d for d, _ in spells})
    curve = [] if 0 in days else [(0.0, 1.0, len(spells))]
    survival, median = 1.0, None
    for day in days:
        at_risk = sum(d >= day for d, _ in spells)
        events = sum(d == day and relapsed for d, relapsed in spells)
        survival *= 1 - events / at_risk
        curve.append((float(day), survival, at_risk))
        if median is None and survival <= 0.5:
            median = float(day)
    return curve, median


def test_the_demo_practice_outcomes_match_the_export_durability_included(
    tmp_path: Path,
) -> None:
    demo_seed(password="a-long-demo-passphrase")
    demo_cohort_write(practice=Practice.objects.get(slug="demo-practice"), n=300, seed=5)
    path = tmp_path / "measures.csv"

    exported = runner.invoke(
        app, ["export", "measures", "--practice", "demo-practice", "--csv", str(path)]
    )
    result = runner.invoke(app, ["outcomes", "--practice", "demo-practice", "--json"])

    assert exported.exit_code == 0, exported.output
    payload = json.loads(result.stdout)
    expected = _recompute(path)
    for key in ("n_clients", "n_treated", "n_with_followup", "lost_to_followup"):
        assert payload[key] == expected[key], key
    for key in ("response_rate", "remission_rate"):
        assert payload[key] == pytest.approx(expected[key]), key
    curve, median = _recompute_durability(path)
    shown = [
        (day, pytest.approx(value, abs=1e-6)) for day, value, at_risk in curve if at_risk >= 11
    ]
    assert len(shown) > 10  # a real curve, not a suppressed one
    assert [tuple(point) for point in payload["durability"]["km"]] == shown
    # The median is published only where the curve is (not in the cut tail).
    in_curve = median is not None and median <= shown[-1][0]
    assert payload["durability"]["median_days"] == (median if in_curve else None)
