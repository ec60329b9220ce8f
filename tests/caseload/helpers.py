"""Build caseload signals quickly and synthetically (direct rows, bulk where it matters)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from ketacare.accounts.models import User
from ketacare.alerts.models import Alert, AlertStatus
from ketacare.clients.models import CareTeamMember, Client
from ketacare.integration.models import (
    Cadence,
    Commitment,
    CommitmentStatus,
    DailyCheckIn,
    Domain,
    FollowUp,
    FollowUpKind,
)
from ketacare.journal.models import Entry
from ketacare.measures.models import QuestionnaireAssignment, QuestionnaireResponse
from ketacare.treatments.models import (
    Administration,
    Course,
    CourseStatus,
    DosingSession,
    RemsFiling,
    SessionStatus,
)

NOW = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def at_noon(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def bulk_clients(practitioner: User, client: Client, count: int, prefix: str) -> list[Client]:
    """``count`` clients of ``client``'s practice on ``practitioner``'s care team."""
    practice = client.practice
    made = Client.objects.bulk_create(
        Client(practice=practice, given_name=f"{prefix}{i:03d}", family_name="Synthetic")
        for i in range(count)
    )
    CareTeamMember.objects.bulk_create(
        CareTeamMember(practice=practice, client=c, practitioner=practitioner) for c in made
    )
    return made


def alert(
    client: Client, severity: str = "urgent", code: str = "synthetic", status: str = "open"
) -> Alert:
    extra: dict[str, object] = {}
    if status == AlertStatus.ACKNOWLEDGED:
        extra["acknowledged_at"] = NOW
    return Alert.objects.create(
        practice=client.practice,
        client=client,
        source_type="synthetic",
        source_public_id=uuid.uuid4(),
        code=code,
        severity=severity,
        summary="Synthetic alert",
        status=status,
        **extra,
    )


def assignment(
    client: Client, by: User, due_at: dt.datetime, *, cancelled: bool = False
) -> QuestionnaireAssignment:
    return QuestionnaireAssignment.objects.create(
        practice=client.practice,
        client=client,
        instrument_code="PHQ-9",
        assigned_by=by,
        due_at=due_at,
        cancelled_at=NOW if cancelled else None,
    )


def phq9(client: Client, by: User, totals: dict[dt.date, int]) -> list[QuestionnaireResponse]:
    return QuestionnaireResponse.objects.bulk_create(
        QuestionnaireResponse(
            practice=client.practice,
            client=client,
            instrument_code="PHQ-9",
            instrument_version="1",
            answers={},
            score={},
            total=Decimal(total),
            band="synthetic",
            submitted_by=by,
            submitted_at=at_noon(on),
        )
        for on, total in totals.items()
    )


def course_of(client: Client, by: User, protocol: str = "im_kap") -> Course:
    course = Course.objects.filter(client=client).first()
    return course or Course.objects.create(
        practice=client.practice,
        client=client,
        protocol_code=protocol,
        start_on=days_ago(60),
        status=CourseStatus.ACTIVE,
        created_by=by,
    )


def session(
    client: Client,
    by: User,
    on: dt.date,
    status: str = SessionStatus.COMPLETED,
    drug: str | None = None,
) -> DosingSession:
    course = course_of(client, by, "spravato" if drug == "esketamine" else "im_kap")
    made = DosingSession.objects.create(
        practice=client.practice,
        client=client,
        course=course,
        number=DosingSession.objects.filter(course=course).count() + 1,
        phase="induction",
        scheduled_on=on,
        status=status,
    )
    if drug is not None:
        Administration.objects.create(
            practice=client.practice,
            client=client,
            session=made,
            recorded_by=by,
            drug=drug,
            route="intranasal",
            dose_mg=Decimal(56),
            dose_mg_per_kg=Decimal("0.8"),
            lot_number="SYN-1",
            started_at=at_noon(on),
        )
    return made


def rems_filed(dosing: DosingSession, by: User) -> RemsFiling:
    return RemsFiling.objects.create(
        practice=dosing.practice,
        client=dosing.client,
        session=dosing,
        recorded_by=by,
        filed_at=NOW,
        form={},
    )


def check_in(client: Client, on: dt.date) -> DailyCheckIn:
    return DailyCheckIn.objects.create(
        practice=client.practice, client=client, on=on, mood=5, anxiety=5, sleep_quality=5
    )


def commitment(client: Client, by: User, start_on: dt.date) -> Commitment:
    return Commitment.objects.create(
        practice=client.practice,
        client=client,
        domain=Domain.BEHAVIOUR,
        next_step="A synthetic next step",
        cadence=Cadence.DAILY,
        start_on=start_on,
        review_on=start_on + dt.timedelta(days=28),
        status=CommitmentStatus.ACTIVE,
        created_by=by,
    )


def follow_up(client: Client, due_on: dt.date, *, done: bool = False) -> FollowUp:
    return FollowUp.objects.create(
        practice=client.practice,
        client=client,
        kind=FollowUpKind.JOURNAL_PROMPT,
        phase="1w",
        due_on=due_on,
        source_session_public_id=uuid.uuid4(),
        source_course_public_id=uuid.uuid4(),
        done_at=NOW if done else None,
    )


def journal_entry(client: Client, *, shared: bool) -> Entry:
    return Entry.objects.create(
        practice=client.practice,
        client=client,
        phase="preparation",
        body="A synthetic entry",
        shared_with_care_team=shared,
    )
