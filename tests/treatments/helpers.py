"""Bring a synthetic client to the treatment gates: a screening decision and a signed consent."""

from __future__ import annotations

import datetime as dt

from ketacare.accounts.models import User
from ketacare.clients.models import Client
from ketacare.preparation.consent_services import consent_document_publish, consent_sign
from ketacare.preparation.models import ConsentSignature, ScreeningDecision, ScreeningResult
from ketacare.preparation.services import (
    intake_save_step,
    intake_start_or_resume,
    intake_submit,
    screening_decision_record,
)
from ketacare.treatments.models import Course
from ketacare.treatments.services import course_plan
from tests.preparation.helpers import STEP_DATA

MONDAY = dt.date(2030, 1, 7)


def user_of(client: Client) -> User:
    assert client.user is not None
    return client.user


def screened(client: Client) -> ScreeningResult:
    """A submitted intake of ``client`` with every step answered (eligible)."""
    intake = intake_start_or_resume(actor=user_of(client), client=client)
    for step, data in STEP_DATA.items():
        intake = intake_save_step(actor=user_of(client), intake=intake, step=step, data=data)
    return intake_submit(actor=user_of(client), intake=intake)


def decided(
    client: Client,
    practitioner: User,
    decision: str = "approve",
    amends: ScreeningDecision | None = None,
) -> ScreeningDecision:
    """A signed decision on the client's latest result (a fresh intake if there is none)."""
    result = (
        amends.screening_result
        if amends
        else ScreeningResult.objects.filter(client=client).order_by("-computed_at").first()
        or screened(client)
    )
    conditions = "Escort home" if decision == "approve_with_conditions" else ""
    return screening_decision_record(
        actor=practitioner, result=result, decision=decision, conditions=conditions, amends=amends
    )


def consented(client: Client) -> ConsentSignature:
    """The client's signature of a newly published treatment consent."""
    document = consent_document_publish(
        actor=None, practice=client.practice, kind="treatment", title="Treatment", body="Words."
    )
    return consent_sign(
        actor=user_of(client),
        document=document,
        typed_full_name=f"{client.given_name} {client.family_name}",
        confirmed=True,
    )


def planned(client: Client, practitioner: User, protocol_code: str = "im_kap") -> Course:
    """An approved, consented client with a planned course."""
    decided(client, practitioner)
    consented(client)
    return course_plan(
        actor=practitioner, client=client, protocol_code=protocol_code, start_on=MONDAY
    )
