"""`ketacare demo --clients N --seed S`: the synthetic cohort written into Demo Practice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from ketacare.accounts.models import Practice, User
from ketacare.alerts.models import Alert, AlertStatus
from ketacare.audit.models import AuditEvent
from ketacare.cli import app
from ketacare.cli.demo_cohort import (
    DemoCohortRefused,
    DemoCohortSummary,
    course_starts,
    demo_cohort_write,
    family_marker,
    history_masks,
)
from ketacare.cli.demo_cohort_rows import (
    GivenSession,
    PlanStep,
    SessionContext,
    answers_for,
    given_session_rows,
    protocol_plans,
)
from ketacare.cli.demo_data import demo_seed
from ketacare.clients.models import CareTeamMember, Client
from ketacare.domain.cohort import Cohort, generate_cohort
from ketacare.domain.instruments import lookup
from ketacare.domain.integration_rules import MoodPoint, evaluate_mood_drop
from ketacare.domain.protocols import PROTOCOLS
from ketacare.domain.session_safety import DEFAULTS, Reading, evaluate_readings
from ketacare.integration.models import CoachingSession, DailyCheckIn
from ketacare.journal.models import Entry
from ketacare.measures.models import QuestionnaireResponse
from ketacare.treatments.models import Course, DosingSession, SessionStatus
from ketacare.treatments.session_models import Administration, VitalSigns

pytestmark = pytest.mark.django_db
runner = CliRunner()
N, SEED = 25, 11


@pytest.fixture
def practice() -> Practice:
    demo_seed(password="a-long-demo-passphrase")
    return Practice.objects.get(slug="demo-practice")


@pytest.fixture
def summary(practice: Practice) -> DemoCohortSummary:
    return demo_cohort_write(practice=practice, n=N, seed=SEED)


@pytest.fixture
def cohort() -> Cohort:
    return generate_cohort(N, SEED)


def _masks(cohort: Cohort) -> dict[str, np.typing.NDArray[np.bool_]]:
    today = timezone.now().date()  # Demo Practice keeps UTC
    return history_masks(cohort, course_starts(cohort, today), today)


def _ours() -> dict[str, object]:
    return {"client__family_name__startswith": family_marker(SEED)}


def test_counts_match_the_generator(summary: DemoCohortSummary, cohort: Cohort) -> None:
    masks = _masks(cohort)
    plans: dict[str, tuple[PlanStep, ...]] = protocol_plans()
    planned = sum(len(plans[code]) for code in cohort.clients["protocol"].tolist())
    today = timezone.now().date()
    horizon = today.toordinal() - course_starts(cohort, today)
    given = int((cohort.sessions["day"] < horizon[cohort.sessions["client"]]).sum())

    assert Client.objects.filter(family_name__startswith=family_marker(SEED)).count() == N
    assert CareTeamMember.objects.filter(**_ours()).count() == N
    assert Course.objects.filter(**_ours()).count() == N
    assert DosingSession.objects.filter(**_ours()).count() == planned
    assert summary.sessions == given
    assert QuestionnaireResponse.objects.filter(**_ours()).count() == masks["responses"].sum()
    assert Entry.objects.filter(**_ours()).count() == masks["journal_entries"].sum()
    assert DailyCheckIn.objects.filter(**_ours()).count() == masks["check_ins"].sum()
    assert CoachingSession.objects.filter(**_ours()).count() == masks["coaching_sessions"].sum()
    assert summary.responses == masks["responses"].sum()
    _assert_nothing_but_planned_sessions_in_the_future()


def _assert_nothing_but_planned_sessions_in_the_future() -> None:
    now = timezone.now()
    today = now.date()
    future = DosingSession.objects.filter(**_ours(), scheduled_on__gte=today)
    assert set(future.values_list("status", flat=True)) <= {
        SessionStatus.SCHEDULED,
        SessionStatus.CANCELLED,
    }
    assert not QuestionnaireResponse.objects.filter(**_ours(), submitted_at__gt=now).exists()
    assert not Entry.objects.filter(**_ours(), created_at__gt=now).exists()
    assert not DailyCheckIn.objects.filter(**_ours(), on__gte=today).exists()
    assert not Administration.objects.filter(**_ours(), started_at__gt=now).exists()
    oldest = Course.objects.filter(**_ours()).order_by("start_on").first()
    assert oldest is not None
    assert oldest.start_on >= today - dt.timedelta(days=280)


def _assert_phq9_responses_match_their_answers() -> None:
    phq9 = lookup("PHQ-9")

    responses = list(QuestionnaireResponse.objects.filter(**_ours(), instrument_code="PHQ-9"))

    assert responses
    for response in responses:
        answers = response.answers
        rescored = phq9.score(answers)
        assert response.total == Decimal(sum(answers[str(k)] for k in range(1, 10)))
        assert response.total == rescored.total
        assert response.band == rescored.band
        assert response.flags == list(rescored.flags)
        assert response.score == rescored.as_dict()


def test_answers_keep_item_9_at_zero_unless_the_total_needs_it() -> None:
    assert answers_for("PHQ-9", 24, 3)["9"] == 0
    assert answers_for("PHQ-9", 26, 3)["9"] == 2
    assert sum(answers_for("GAD-7", 20, 5).values()) == 20
    assert all(0 <= v <= 3 for total in range(28) for v in answers_for("PHQ-9", total, 1).values())


def _alert_sources(source_type: str) -> set[tuple[object, str]]:
    return set(
        Alert.objects.filter(source_type=source_type).values_list("source_public_id", "code")
    )


def test_responses_match_answers_and_every_crossing_has_its_alert(
    summary: DemoCohortSummary,
) -> None:
    _assert_phq9_responses_match_their_answers()
    _assert_older_alerts_resolved(summary)
    flagged = {
        (r.public_id, flag)
        for r in QuestionnaireResponse.objects.filter(**_ours())
        for flag in r.flags
    }
    assert flagged <= _alert_sources("questionnaire_response")

    session_alerts = _alert_sources("dosing_session")
    for session in DosingSession.objects.filter(**_ours()).exclude(status="deferred"):
        readings = [
            Reading(v.taken_at, v.systolic, v.diastolic, v.heart_rate, v.spo2)
            for v in VitalSigns.objects.filter(session=session).exclude(phase="pre_dose")
        ]
        for finding in evaluate_readings(readings, DEFAULTS).findings:
            assert (session.public_id, finding.code) in session_alerts

    mood_alerts = set(
        Alert.objects.filter(source_type="daily_check_in").values_list("client_id", "code")
    )
    for client in Client.objects.filter(family_name__startswith=family_marker(SEED)):
        points: list[MoodPoint] = []
        for on, mood in (
            DailyCheckIn.objects.filter(client=client).order_by("on").values_list("on", "mood")
        ):
            points.append(MoodPoint(on, mood))
            for drop in evaluate_mood_drop(points):
                assert (client.pk, str(drop.code)) in mood_alerts
    assert summary.alerts == Alert.objects.filter(**_ours()).count()


def _assert_older_alerts_resolved(summary: DemoCohortSummary) -> None:
    week_ago = timezone.now() - dt.timedelta(days=7)
    old = Alert.objects.filter(**_ours(), created_at__lt=week_ago)

    assert set(old.values_list("status", flat=True)) <= {AlertStatus.RESOLVED}
    assert all(alert.resolution_note for alert in old)
    assert summary.alerts_resolved == old.count()
    assert not Alert.objects.filter(**_ours(), created_at__gte=week_ago, status="resolved")


def test_journal_text_is_encrypted_and_each_client_audited(summary: DemoCohortSummary) -> None:
    _assert_one_audit_event_per_client_and_one_summary()
    entry = Entry.objects.filter(**_ours()).first()
    assert entry is not None

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {Entry._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608
        raw = cursor.fetchone()[0]

    assert entry.body
    assert entry.body not in raw
    assert entry.body.split()[0] not in raw


def _assert_one_audit_event_per_client_and_one_summary() -> None:
    seeded = AuditEvent.objects.filter(extra__demo_cohort_seed=SEED)

    per_client = seeded.filter(object_type="Client")
    assert per_client.count() == N
    assert seeded.exclude(object_type="Client").count() == 1
    assert seeded.exclude(object_type="Client").get().extra["clients"] == N


def test_the_same_seed_twice_adds_nothing(practice: Practice, summary: DemoCohortSummary) -> None:
    before = (Client.objects.count(), QuestionnaireResponse.objects.count())

    with pytest.raises(DemoCohortRefused, match=f"seed {SEED}"):
        demo_cohort_write(practice=practice, n=N, seed=SEED)

    assert (Client.objects.count(), QuestionnaireResponse.objects.count()) == before


def test_cli_prints_a_summary_and_refuses_the_same_seed_calmly() -> None:
    args = ["demo", "--password", "a-long-demo-passphrase", "--clients", "4", "--seed", "3"]

    first = runner.invoke(app, args)
    second = runner.invoke(app, args)

    assert first.exit_code == 0, first.output
    assert "Added 4 synthetic clients (seed 3)" in first.stdout
    assert "questionnaire responses" in first.stdout
    assert second.exit_code == 0, second.output
    assert "nothing was added" in second.stdout
    assert Client.objects.filter(family_name__startswith=family_marker(3)).count() == 4


def test_a_stop_level_peak_stops_the_session_and_needs_an_alert(practice: Practice) -> None:
    context = SessionContext(
        practice=practice,
        client=Client(practice=practice),
        practitioner=User(),
        template=PROTOCOLS["im_kap"],
        weight_kg=Decimal("70.0"),
        limits=DEFAULTS,
    )
    session = DosingSession()

    record = given_session_rows(
        context, session, timezone.now() - dt.timedelta(days=1), GivenSession(150, 85, 80, 205, 95)
    )

    assert record.status == SessionStatus.STOPPED
    assert "bp_stop" in {finding.code for finding in record.review.findings}
    assert record.review_vitals is not None  # 150 mmHg: the clinician's decision is recorded
