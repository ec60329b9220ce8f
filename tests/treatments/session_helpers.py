"""Bring a synthetic client to a checked-in or dosing session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.clients.models import Client
from ketacare.treatments.models import DosingSession
from ketacare.treatments.services import session_check_in
from ketacare.treatments.session_services import (
    administration_record,
    session_weight_record,
    vital_signs_record,
)
from tests.treatments.helpers import planned


def ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def checked_in(
    client: Client, practitioner: User, protocol: str = "iv_racemic_series"
) -> DosingSession:
    """Session 1 of a new course, checked in (open readiness items overridden)."""
    session = planned(client, practitioner, protocol).sessions.get(number=1)
    return session_check_in(actor=practitioner, session=session, override_note="Reviewed").session


def cleared(
    client: Client, practitioner: User, protocol: str = "iv_racemic_series"
) -> DosingSession:
    """Checked in, 80 kg, pre-dose BP 120/80 (proceed)."""
    session = checked_in(client, practitioner, protocol)
    session_weight_record(actor=practitioner, session=session, weight_kg=Decimal(80))
    vital_signs_record(
        actor=practitioner,
        session=session,
        phase="pre_dose",
        taken_at=ago(200),
        systolic=120,
        diastolic=80,
        heart_rate=70,
        spo2=98,
    )
    return session


def dosing(client: Client, practitioner: User, *, started_min_ago: float = 180) -> DosingSession:
    """An IV session whose 40-min infusion (40 mg) started ``started_min_ago`` minutes ago."""
    session = cleared(client, practitioner)
    administration_record(
        actor=practitioner,
        session=session,
        drug="racemic_ketamine",
        route="iv",
        dose_mg=Decimal(40),
        lot_number="LOT-1",
        started_at=ago(started_min_ago),
        ended_at=ago(started_min_ago - 40),
    )
    session.refresh_from_db()
    return session
