"""Bring a synthetic client through a Spravato session, for the REMS form tests and matrix."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ketacare.accounts.models import User
from ketacare.clients.models import Client
from ketacare.treatments.models import DosingSession
from ketacare.treatments.session_models import DischargeItem
from ketacare.treatments.session_record_services import (
    discharge_check_record,
    dissociation_check_record,
    sedation_check_record,
    session_discharge,
)
from ketacare.treatments.session_services import administration_record, vital_signs_record
from tests.conftest import World
from tests.treatments.helpers import planned
from tests.treatments.session_helpers import ago, cleared

# What the record cannot hold; the filer types it on the REMS page (form field names).
FILER_ANSWERS = {
    "patient_birth_date": "1980-02-03",
    "patient_sex": "female",
    "takes_benzodiazepines": "no",
    "takes_non_benzodiazepine_hypnotics": "no",
    "takes_psychostimulants": "no",
    "takes_maois": "no",
    "provider_last_name": "Monitor",
    "provider_phone": "555-0100",
    "setting_certification_id": "HCS-TEST-0001",
    "setting_address_line1": "1 Example Street",
    "setting_city": "Springfield",
    "setting_state": "ZZ",
    "setting_zip": "00000",
}


def spravato_dosed(
    client: Client, practitioner: User, *, started_min_ago: float = 150
) -> DosingSession:
    """A Spravato session: 56 mg (2 devices) given ``started_min_ago`` minutes ago, vitals."""
    session = cleared(client, practitioner, "spravato")
    administration_record(
        actor=practitioner,
        session=session,
        drug="esketamine",
        route="intranasal",
        dose_mg=Decimal(56),
        lot_number="LOT-S1",
        started_at=ago(started_min_ago),
    )
    for minutes, systolic, diastolic in ((20, 138, 86), (40, 142, 88), (130, 124, 80)):
        if minutes < started_min_ago:
            vital_signs_record(
                actor=practitioner,
                session=session,
                phase="during",
                taken_at=ago(started_min_ago - minutes),
                systolic=systolic,
                diastolic=diastolic,
                heart_rate=80,
                spo2=97,
                respiratory_rate=14,
            )
    session.refresh_from_db()
    return session


def spravato_discharged(client: Client, practitioner: User) -> DosingSession:
    """A Spravato session monitored for more than 2 h, checked and discharged."""
    session = spravato_dosed(client, practitioner)
    sedation_check_record(actor=practitioner, session=session, score=5)
    dissociation_check_record(
        actor=practitioner,
        session=session,
        items={"1": 1, "2": 0, "6": 0, "7": 0, "15": 0, "22": 0},
    )
    for item in DischargeItem:
        discharge_check_record(actor=practitioner, session=session, item=item.value)
    return session_discharge(actor=practitioner, session=session)


def rems_path(suffix: str) -> Callable[[World, str | None], str]:
    """The matrix's path builder: a planned Spravato session of the target client."""

    def build(world: World, target: str | None) -> str:
        assert target is not None
        client = getattr(world, target)
        team = {"client_a1": "practitioner_a", "client_a2": "practitioner_a2"}
        practitioner = getattr(world, team.get(target, "practitioner_b"))
        session = planned(client, practitioner, "spravato").sessions.get(number=1)
        return f"/treatments/sessions/{session.public_id}/{suffix}"

    return build
