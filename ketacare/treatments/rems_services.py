"""The Spravato REMS form of a session: the audited read (preview, JSON, PDF) and its filing.

The form itself is pure (`rems.py`); `session_adapters.rems_input` maps the session record
onto it. Filing rule (docs/rems.md, "Filing"): only a discharged esketamine session whose
form has no missing field can be marked filed, once; the JSON as filed is kept on the
`RemsFiling` row and is what the JSON and PDF downloads show from then on.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ketacare.accounts.models import User
from ketacare.audit.services import AuditAction, audit_record
from ketacare.core.permissions import NotFound
from ketacare.domain.protocols import PROTOCOLS
from ketacare.preparation.models import Intake
from ketacare.treatments.exceptions import TreatmentRefused
from ketacare.treatments.models import DosingSession
from ketacare.treatments.permissions import can_plan_treatment
from ketacare.treatments.rems import RemsInput, filing_deadline, missing_fields, rems_form_json
from ketacare.treatments.session_adapters import (
    ESKETAMINE,
    Person,
    RemsSources,
    rems_input,
    rems_input_from_document,
    with_answers,
)
from ketacare.treatments.session_models import (
    Administration,
    AdverseEvent,
    ClinicalCheck,
    DischargeCheck,
    RemsFiling,
    VitalSigns,
)
from ketacare.treatments.session_services import predose_gate_of, thresholds_for

NOT_DISCHARGED = "The REMS form can be filed only after the client has been discharged."
FORM_INCOMPLETE = "The REMS form is not complete yet. Still missing: {fields}."
ALREADY_FILED = "This session's REMS form has already been marked as filed."


@dataclass(frozen=True)
class RemsStatus:
    """What the session screen says about the form: due by, or filed on."""

    due_on: dt.date | None
    filed_at: dt.datetime | None


@dataclass(frozen=True)
class RemsView:
    """One session's form: the input, its JSON document, and the filing if there is one."""

    session: DosingSession
    form: RemsInput
    document: dict[str, Any]  # Any: the JSON document (docs/rems.md)
    filing: RemsFiling | None

    @property
    def missing(self) -> list[str]:
        return list(self.document["missing_fields"])


def is_rems_session(session: DosingSession) -> bool:
    """An esketamine session: its protocol is esketamine, or esketamine was given."""
    template = PROTOCOLS.get(session.course.protocol_code)
    if template is not None and template.drug == ESKETAMINE:
        return True
    return Administration.objects.filter(session=session, drug=ESKETAMINE).exists()


def _local_tz(session: DosingSession) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(session.client.practice.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def rems_status(session: DosingSession) -> RemsStatus | None:
    """Due date or filing date for an esketamine session (None for other sessions).

    A system read: the caller holds ``session`` through an audited selector.
    """
    if not is_rems_session(session):
        return None
    filing = RemsFiling.objects.filter(session=session).first()
    if filing is not None:
        return RemsStatus(None, filing.filed_at)
    first = Administration.objects.filter(session=session, drug=ESKETAMINE).first()
    if first is None:
        return RemsStatus(None, None)
    return RemsStatus(filing_deadline(first.started_at.astimezone(_local_tz(session)).date()), None)


def _person(user: User | None) -> Person | None:
    return None if user is None else Person(user.display_name, user.email)


def _is_first_treatment(session: DosingSession, administrations: list[Administration]) -> bool:
    first = min((a.started_at for a in administrations), default=timezone.now())
    earlier = Administration.objects.filter(
        client=session.client, drug=ESKETAMINE, started_at__lt=first
    ).exclude(session=session)
    return not earlier.exists()


def _sources(session: DosingSession) -> RemsSources:
    rows = {"session": session}
    administrations = list(Administration.objects.filter(**rows).select_related("recorded_by"))
    esketamine = [a for a in administrations if a.drug == ESKETAMINE]
    intake = (
        Intake.objects.filter(client=session.client, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    previous = (
        RemsFiling.objects.filter(practice_id=session.practice_id).order_by("-filed_at").first()
    )
    client = session.client
    return RemsSources(
        given_name=client.given_name,
        family_name=client.family_name,
        birth_date=client.date_of_birth,
        practice_name=client.practice.name,
        local_tz=_local_tz(session),
        administrations=administrations,
        vitals=list(VitalSigns.objects.filter(**rows)),
        checks=list(ClinicalCheck.objects.filter(**rows)),
        adverse_events=list(AdverseEvent.objects.filter(**rows)),
        discharge_done=list(DischargeCheck.objects.filter(**rows)),
        discharged_at=session.discharged_at,
        predose_gate=(gate.value if (gate := predose_gate_of(session)[1]) else None),
        thresholds=thresholds_for(session.practice_id),
        intake=intake.data if intake is not None else None,
        is_first_treatment=_is_first_treatment(session, esketamine) if esketamine else None,
        provider=_person(esketamine[0].recorded_by if esketamine else session.checked_in_by),
        prescriber=_person(session.course.created_by),
        previous_form=previous.form if previous is not None else None,
    )


def _require_rems(actor: Any, session: DosingSession) -> None:  # Any: User
    if not (can_plan_treatment(actor, session.client) and is_rems_session(session)):
        raise NotFound


def rems_form_get(*, actor: Any, session: DosingSession, export: str = "") -> RemsView:  # Any: User
    """The session's REMS form for its care team or a lead, audited (VIEW, or EXPORT).

    Args:
        actor: The user asking.
        session: A session the actor holds through ``session_get``.
        export: "" for the preview (VIEW), "json" or "pdf" for a download (EXPORT).

    Returns:
        The filed form if it was filed, else the form built from the record now.

    Raises:
        NotFound: not an esketamine session, or the actor is not on the care team / a lead.
    """
    _require_rems(actor, session)
    filing = RemsFiling.objects.filter(session=session).first()
    if filing is not None:
        form = rems_input_from_document(filing.form)
        document = dict(filing.form)
    else:
        form = rems_input(_sources(session))
        document = rems_form_json(form)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        obj=session,
        extra={"document": "rems_form", "format": export or "html", "filed": filing is not None},
    )
    return RemsView(session, form, document, filing)


def rems_form_draft(*, session: DosingSession, answers: Mapping[str, Any]) -> RemsInput:  # Any
    """The record's form with the filer's answers; a system read behind ``rems_form_get``."""
    return with_answers(rems_input(_sources(session)), answers)


@transaction.atomic
def rems_filing_record(
    *,
    actor: User,
    session: DosingSession,
    answers: Mapping[str, Any],  # Any: RemsInput field values typed by the filer
    confirmation: str = "",
) -> RemsFiling:
    """Mark the session's REMS form as filed, keeping the JSON exactly as filed.

    Args:
        actor: A care-team practitioner or a lead of the practice.
        session: The esketamine session.
        answers: Values the record does not hold (setting, phone, sex, ...), by field name.
        confirmation: The REMS portal's reference, if any.

    Returns:
        The filing.

    Raises:
        NotFound: not an esketamine session, or the actor may not file it.
        TreatmentRefused: not discharged yet, already filed, or fields still missing.
    """
    _require_rems(actor, session)
    session = DosingSession.objects.select_for_update().select_related("client").get(pk=session.pk)
    if session.discharged_at is None:
        raise TreatmentRefused(NOT_DISCHARGED)
    if RemsFiling.objects.filter(session=session).exists():
        raise TreatmentRefused(ALREADY_FILED)
    form = rems_form_draft(session=session, answers=answers)
    missing = missing_fields(form)
    if missing:
        raise TreatmentRefused(FORM_INCOMPLETE.format(fields=", ".join(missing)))
    filing = RemsFiling.objects.create(
        practice_id=session.practice_id,
        client=session.client,
        session=session,
        recorded_by=actor,
        filed_at=timezone.now(),
        confirmation=confirmation.strip(),
        form=rems_form_json(form),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=filing,
        extra={"document": "rems_form", "has_confirmation": bool(filing.confirmation)},
    )
    return filing
