"""Benchmark: the caseload page at 2,000 clients vs a bare view serving the same bytes.

Run by hand (not a test):
    .venv/bin/python bench/caseload_bench.py [--clients 2000] [--requests 20] [--repeat 5]
        [--database PATH]

Builds (with bulk_create) a practice whose lead has 2,000 synthetic clients carrying realistic
signals — open alerts, overdue questionnaires, PHQ-9 series with relapses, integration
check-ins, follow-ups, Spravato sessions with and without REMS filings, planned sessions — in
a fresh SQLite file (a temporary directory unless `--database` names one; an existing file is
reused as it is), under `config.settings.test` with that file as the database. It then signs
in as the lead with Django's test `Client` and times `GET /caseload/` against `GET
/bench/bare/`, a view that returns a prebuilt `HttpResponse` holding the very bytes the
caseload page answered, through the same middleware stack (session, authentication, request
id, security headers). Best of `--repeat` rounds of `--requests` requests each; prints both
rates and their ratio. Target: caseload ≥ 0.5× the bare view.
"""

# Django and the apps are imported after the settings are chosen (the database path is an
# option), so imports live inside functions.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.test import Client as HttpClient

    from ketacare.accounts.models import Practice, User

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
TARGET_RATIO = 0.5
PASSWORD = "a-long-synthetic-bench-passphrase"  # noqa: S105  (synthetic, local only)
BODY: list[bytes] = []


def _setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django
    from django.conf import settings

    django.setup()
    # Keep the connection across requests (test settings close it for the live server).
    from django.db import connections

    connections["default"].settings_dict["CONN_MAX_AGE"] = None
    settings.ROOT_URLCONF = __name__


def bare(request: HttpRequest) -> HttpResponse:
    """Serve the caseload page's bytes as they were, with no work behind them."""
    from django.http import HttpResponse

    return HttpResponse(BODY[0])


def _urlpatterns() -> list[object]:
    from django.urls import path

    from config.urls import urlpatterns as project

    return [path("bench/bare/", bare, name="bench-bare"), *project]


def __getattr__(name: str) -> object:  # the URLconf is built lazily, after django.setup()
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def build(n_clients: int, seed: int) -> str:
    """A practice, its lead and ``n_clients`` clients with signals; returns the lead's email."""
    from django.core.management import call_command

    from ketacare.accounts.models import Role, User
    from ketacare.accounts.services import membership_add, practice_create

    call_command("migrate", verbosity=0)
    email = "lead@bench.example"
    if User.objects.filter(email=email).exists():
        return email
    practice = practice_create(name="Bench Practice", slug="bench-practice")
    lead = User.objects.create_user(email=email, password=PASSWORD, display_name="Bench Lead")
    membership_add(actor=None, user=lead, practice=practice, role=Role.LEAD)
    _signals(practice, lead, n_clients, random.Random(seed))
    return email


def _signals(practice: Practice, lead: User, n_clients: int, rng: random.Random) -> None:
    from ketacare.alerts.models import Alert
    from ketacare.clients.models import Client
    from ketacare.integration.models import DailyCheckIn, FollowUp
    from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
    from ketacare.treatments.models import Administration, Course, DosingSession, RemsFiling

    today = dt.datetime.now(tz=dt.UTC).date()
    noon = dt.time(12, tzinfo=dt.UTC)

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    clients = Client.objects.bulk_create(
        Client(practice=practice, given_name=f"Bench{i:04d}", family_name="Synthetic",
               status="integrating")
        for i in range(n_clients)
    )  # fmt: skip
    own = {"practice": practice}
    courses = Course.objects.bulk_create(
        Course(**own, client=c, protocol_code="spravato" if i % 10 == 0 else "im_kap",
               start_on=ago(70), status="active", created_by=lead)
        for i, c in enumerate(clients)
    )  # fmt: skip
    sessions = []
    for i, (client, course) in enumerate(zip(clients, courses, strict=True)):
        for number, days in enumerate((70, 66, 63, 59, 56, 52), start=1):
            sessions.append(DosingSession(**own, client=client, course=course, number=number,
                                          phase="induction",
                                          scheduled_on=ago(days - 50 * (i % 3 == 0)),
                                          status="completed"))  # fmt: skip
        if i % 2 == 0:
            sessions.append(DosingSession(**own, client=client, course=course, number=7,
                                          phase="maintenance",
                                          scheduled_on=ago(-rng.randint(1, 20)),
                                          status="scheduled"))  # fmt: skip
    sessions = DosingSession.objects.bulk_create(sessions)
    spravato = [
        s for s in sessions if s.status == "completed" and s.course.protocol_code == "spravato"
    ]
    Administration.objects.bulk_create(
        Administration(**own, client=s.client, session=s, recorded_by=lead, drug="esketamine",
                       route="intranasal", dose_mg=Decimal(56), dose_mg_per_kg=Decimal("0.8"),
                       lot_number="BENCH", started_at=dt.datetime.combine(s.scheduled_on, noon))
        for s in spravato
    )  # fmt: skip
    RemsFiling.objects.bulk_create(
        RemsFiling(**own, client=s.client, session=s, recorded_by=lead,
                   filed_at=dt.datetime.combine(s.scheduled_on, noon), form={})
        for s in spravato if rng.random() < 0.8
    )  # fmt: skip
    severities = ("urgent", "review", "review", "attention", "attention", "attention")
    Alert.objects.bulk_create(
        Alert(**own, client=c, source_type="bench", source_public_id=uuid.uuid4(),
              code="bp_stop" if rng.random() < 0.2 else "bench", severity=rng.choice(severities),
              summary="Synthetic bench alert")
        for c in clients if rng.random() < 0.25
    )  # fmt: skip
    now = dt.datetime.now(tz=dt.UTC)
    QuestionnaireAssignment.objects.bulk_create(
        QuestionnaireAssignment(**own, client=c, instrument_code="PHQ-9", assigned_by=lead,
                                due_at=now + dt.timedelta(days=rng.randint(-10, 10)))
        for c in clients for _ in range(2)
    )  # fmt: skip
    responses = []
    for c in clients:
        relapsing = rng.random() < 0.1
        series = [(80, 20), (66, 12), (52, 8), (38, 7)]
        series += [(24, 13), (16, 14)] if relapsing else [(24, 7), (16, 6)]
        for days, total in series:
            responses.append(QuestionnaireResponse(**own, client=c, instrument_code="PHQ-9",
                             instrument_version="1", answers={}, score={}, total=Decimal(total),
                             band="synthetic", submitted_by=lead,
                             submitted_at=dt.datetime.combine(ago(days), noon)))  # fmt: skip
    QuestionnaireResponse.objects.bulk_create(responses)
    DailyCheckIn.objects.bulk_create(
        DailyCheckIn(**own, client=c, on=ago(days), mood=rng.randint(2, 8), anxiety=4,
                     sleep_quality=6)
        for c in clients for days in range(rng.choice((0, 1, 2, 5, 9)), 30, 2)
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        FollowUp(**own, client=c, kind="journal_prompt", phase=phase, due_on=ago(days),
                 source_session_public_id=uuid.uuid4(), source_course_public_id=uuid.uuid4(),
                 done_at=now if rng.random() < 0.7 else None)
        for c in clients for phase, days in (("1w", 40), ("2w", 33), ("1m", 19), ("3m", -40))
    )  # fmt: skip


def _rate(http: HttpClient, path: str, requests: int, repeat: int) -> tuple[float, float]:
    """Best-of-``repeat`` requests/s by wall time and by this process's CPU time."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            response = http.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return requests / best_wall, requests / best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    database = args.database or Path(tempfile.mkdtemp(prefix="caseload-bench-")) / "bench.sqlite3"
    _setup_django(database)
    from django.test import Client as HttpClient

    started = time.perf_counter()
    email = build(args.clients, args.seed)
    print(f"database {database}: built in {time.perf_counter() - started:.1f} s")
    http = HttpClient()
    login = http.post("/accounts/login/", {"username": email, "password": PASSWORD})
    first = http.get("/caseload/")
    if login.status_code != 302 or first.status_code != 200:
        raise SystemExit("could not sign in as the lead and open the caseload")
    BODY.append(first.content)
    rows = first.content.count(b"<tr>") - 1
    caseload, caseload_cpu = _rate(http, "/caseload/", args.requests, args.repeat)
    baseline, baseline_cpu = _rate(http, "/bench/bare/", args.requests, args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"clients {args.clients}, rows on the page {rows}, body {len(BODY[0]):,} bytes")
    for label, page, bare_rate in (
        ("wall", caseload, baseline),
        ("cpu ", caseload_cpu, baseline_cpu),
    ):
        ratio = page / bare_rate
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(
            f"{label}: caseload {page:7.1f}/s ({1000 / page:6.1f} ms), bare {bare_rate:7.1f}/s "
            f"({1000 / bare_rate:5.1f} ms), ratio {ratio:.3f}x (target >= {TARGET_RATIO}x: "
            f"{verdict})"
        )


if __name__ == "__main__":
    main()
