"""API schemas of daily check-ins, commitments and their check-ins (inputs are strict)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field

from ketacare.core.schemas import StrictIn
from ketacare.integration.models import Commitment, CommitmentCheckIn, DailyCheckIn


class DailyCheckInIn(StrictIn):
    mood: int = Field(ge=0, le=10)
    anxiety: int = Field(ge=0, le=10)
    sleep_quality: int = Field(ge=0, le=10)
    practices: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    note: str = Field(default="", max_length=140)
    on: dt.date | None = None


class DailyCheckInOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    on: dt.date
    mood: int
    anxiety: int
    sleep_quality: int
    practices: list[uuid.UUID]
    note: str

    @staticmethod
    def of(row: DailyCheckIn) -> DailyCheckInOut:
        return DailyCheckInOut(
            id=row.public_id,
            client_id=row.client.public_id,
            on=row.on,
            mood=row.mood,
            anxiety=row.anxiety,
            sleep_quality=row.sleep_quality,
            practices=[c.public_id for c in row.practices_done.all()],
            note=row.note,
        )


class CommitmentIn(StrictIn):
    domain: str = Field(max_length=32)
    next_step: str = Field(max_length=500)
    cadence: str = Field(max_length=16)
    start_on: dt.date
    review_on: dt.date
    insight_id: uuid.UUID | None = None


class CommitmentOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    insight_id: uuid.UUID | None
    domain: str
    next_step: str
    cadence: str
    start_on: dt.date
    review_on: dt.date
    status: str

    @staticmethod
    def of(row: Commitment) -> CommitmentOut:
        return CommitmentOut(
            id=row.public_id,
            client_id=row.client.public_id,
            insight_id=row.insight.public_id if row.insight else None,
            domain=row.domain,
            next_step=row.next_step,
            cadence=row.cadence,
            start_on=row.start_on,
            review_on=row.review_on,
            status=row.status,
        )


class CommitmentCheckInIn(StrictIn):
    outcome: str = Field(max_length=16)
    note: str = Field(default="", max_length=500)
    on: dt.date | None = None


class CommitmentCheckInOut(Schema):
    id: uuid.UUID
    commitment_id: uuid.UUID
    on: dt.date
    outcome: str
    note: str

    @staticmethod
    def of(row: CommitmentCheckIn) -> CommitmentCheckInOut:
        return CommitmentCheckInOut(
            id=row.public_id,
            commitment_id=row.commitment.public_id,
            on=row.on,
            outcome=row.outcome,
            note=row.note,
        )
