"""Practice protocols: leads copy, adjust and retire them; planning and sessions resolve them.

A practice protocol is a lead's adjusted copy of a built-in template (docs/treatments.md,
"Practice protocols"). The guard rails are ``domain.protocols.adjust``'s; a course planned
from a copy keeps the base template's code and points at the copy, and
:func:`effective_template` gives the template every session of that course runs by.
Protocols are practice policy, not client data: writes are audited, reads are not.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ketacare.accounts.models import Practice, Role, User
from ketacare.accounts.selectors import memberships_for, practices_led_by
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound, require
from ketacare.domain.protocols import PROTOCOLS, ProtocolTemplate, protocol_get
from ketacare.domain.protocols.adjust import (
    AdjustmentError,
    Overrides,
    OverridesInvalid,
    check_overrides,
    defaults_of,
    template_with_overrides,
)
from ketacare.preparation.permissions import is_lead_of
from ketacare.treatments.exceptions import UNKNOWN_PROTOCOL, TreatmentRefused
from ketacare.treatments.models import Course, PracticeProtocol
from ketacare.treatments.permissions import can_plan_treatment

ONLY_LEAD_PROTOCOLS = "Only a lead of the practice can copy or change its protocols."
PROTOCOL_INVALID = (
    "Some values are outside what the label and the reference allow: see the notes by each field."
)
PROTOCOL_RETIRED = (
    "This protocol is retired, so it can no longer be changed or used for new courses."
)
NAME_TAKEN = "The practice already has a protocol with this name."


class ProtocolRefused(TreatmentRefused):
    """A copy or change refused by a guard rail; ``errors`` names each field and why."""

    def __init__(self, errors: tuple[AdjustmentError, ...]) -> None:
        super().__init__(PROTOCOL_INVALID)
        self.errors = errors


def _free_name(practice: Practice, base: str) -> str:
    taken = set(PracticeProtocol.objects.filter(practice=practice).values_list("name", flat=True))
    name, number = f"{base} (practice copy)", 2
    while name in taken:
        name, number = f"{base} (practice copy {number})", number + 1
    return name


def _validated(
    template: ProtocolTemplate, overrides: Overrides, practice_id: int, exclude: int | None
) -> None:
    errors = check_overrides(template, overrides)
    same_name = PracticeProtocol.objects.filter(
        practice_id=practice_id, name=overrides.name.strip()
    )
    if exclude is not None:
        same_name = same_name.exclude(pk=exclude)
    if same_name.exists():
        errors.append(AdjustmentError("name", NAME_TAKEN))
    if errors:
        raise ProtocolRefused(tuple(errors))


@transaction.atomic
def practice_protocol_copy(
    *, actor: User, practice: Practice, based_on: str, name: str = ""
) -> PracticeProtocol:
    """A lead copies a built-in template into a practice protocol with the template's values.

    Args:
        actor: a lead of ``practice``.
        practice: the practice that will own the copy.
        based_on: a key of ``domain.protocols.PROTOCOLS``.
        name: the copy's name; empty gives "<template name> (practice copy)".

    Returns:
        The stored copy, active.

    Raises:
        PermissionDenied: the actor does not lead the practice.
        TreatmentRefused: an unknown template.
        ProtocolRefused: the name is taken or too long.
    """
    require(is_lead_of(actor, practice.pk), ONLY_LEAD_PROTOCOLS)
    template = PROTOCOLS.get(based_on)
    if template is None:
        raise TreatmentRefused(UNKNOWN_PROTOCOL, field="based_on")
    overrides = replace(
        defaults_of(template), name=name.strip() or _free_name(practice, template.name)
    )
    _validated(template, overrides, practice.pk, None)
    protocol = PracticeProtocol(practice=practice, based_on=template.code, created_by=actor)
    protocol.set_overrides(overrides)
    protocol.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=protocol, extra={"based_on": based_on})
    return protocol


def _changed(before: Overrides, after: Overrides) -> list[str]:
    names = (
        "name",
        "phases",
        "checklist",
        "min_monitoring_min",
        "vitals_every_min",
        "infusion_min",
    )
    return [name for name in names if getattr(before, name) != getattr(after, name)]


@transaction.atomic
def practice_protocol_update(
    *, actor: User, protocol: PracticeProtocol, overrides: Overrides
) -> PracticeProtocol:
    """A lead adjusts an active copy; every guard rail of the base template applies.

    Courses already planned keep their sessions and checklists; their sessions' minimum
    monitoring and vitals cadence follow the copy's current values.

    Raises:
        PermissionDenied: the actor does not lead the copy's practice.
        TreatmentRefused: the copy is retired.
        ProtocolRefused: a guard rail is broken or the name is taken (with every error).
    """
    require(is_lead_of(actor, protocol.practice_id), ONLY_LEAD_PROTOCOLS)
    protocol = PracticeProtocol.objects.select_for_update().get(pk=protocol.pk)
    if not protocol.is_active:
        raise TreatmentRefused(PROTOCOL_RETIRED)
    _validated(protocol_get(protocol.based_on), overrides, protocol.practice_id, protocol.pk)
    changed = _changed(protocol.overrides, overrides)
    protocol.set_overrides(overrides)
    protocol.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=protocol, extra={"changed": changed})
    return protocol


@transaction.atomic
def practice_protocol_retire(*, actor: User, protocol: PracticeProtocol) -> PracticeProtocol:
    """A lead retires a copy: no new course can use it; planned courses keep following it.

    Raises:
        PermissionDenied: the actor does not lead the copy's practice.
    """
    require(is_lead_of(actor, protocol.practice_id), ONLY_LEAD_PROTOCOLS)
    protocol = PracticeProtocol.objects.select_for_update().get(pk=protocol.pk)
    if protocol.is_active:
        protocol.is_active = False
        protocol.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=protocol, extra={"retired": True})
    return protocol


def _is_staff_of(actor: Any, practice_id: int) -> bool:  # Any: User or AnonymousUser
    staff = {Role.LEAD, Role.PRACTITIONER}
    return any(m.practice_id == practice_id and m.role in staff for m in memberships_for(actor))


def practice_protocols(
    *, actor: Any, practice: Practice, include_retired: bool = False
) -> tuple[PracticeProtocol, ...]:  # Any: User or AnonymousUser
    """The practice's protocols, by name, for its staff (anyone else gets none).

    Args:
        actor: who asks.
        practice: whose protocols.
        include_retired: also list retired copies (the leads' page).

    Returns:
        The copies, active ones only unless ``include_retired``.
    """
    if not _is_staff_of(actor, practice.pk):
        return ()
    rows = PracticeProtocol.objects.filter(practice=practice)
    return tuple(rows if include_retired else rows.filter(is_active=True))


def practice_protocol_get(*, actor: Any, public_id: uuid.UUID | str) -> PracticeProtocol:
    """One copy of a practice the actor leads.

    Raises:
        NotFound: no such copy, or the actor does not lead its practice (indistinguishable).
    """
    try:
        return PracticeProtocol.objects.filter(practice__in=practices_led_by(actor)).get(
            public_id=public_id
        )
    except (PracticeProtocol.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc


def plan_choices(*, actor: Any, client: Client) -> list[tuple[str, str]]:  # Any: User
    """What a course for ``client`` may follow: the built-ins, then the practice's active copies.

    A built-in's value is its code; a copy's is its public id.
    """
    choices = [(code, template.name) for code, template in PROTOCOLS.items()]
    if can_plan_treatment(actor, client):
        copies = PracticeProtocol.objects.filter(practice_id=client.practice_id, is_active=True)
        choices += [(str(p.public_id), f"{p.name} (practice protocol)") for p in copies]
    return choices


def planning_template(
    *, practice_id: int, choice: str
) -> tuple[ProtocolTemplate, PracticeProtocol | None]:
    """The template a new course follows: a built-in by code, or an active copy by public id.

    Raises:
        TreatmentRefused: no built-in with that code and no active copy of this practice.
    """
    builtin = PROTOCOLS.get(choice)
    if builtin is not None:
        return builtin, None
    try:
        copy = PracticeProtocol.objects.get(
            practice_id=practice_id, public_id=choice, is_active=True
        )
        return template_with_overrides(protocol_get(copy.based_on), copy.overrides), copy
    except (PracticeProtocol.DoesNotExist, ValidationError, ValueError) as exc:
        # ValueError covers a malformed id and a stored copy the guard rails now refuse.
        raise TreatmentRefused(UNKNOWN_PROTOCOL, field="protocol_code") from exc


def effective_template(course: Course) -> ProtocolTemplate:
    """The template ``course``'s sessions run by: its practice copy's values, or the built-in.

    A stored copy the guard rails refuse (a rule tightened since it was saved) falls back to
    the built-in template, whose values are the reference's.
    """
    builtin = protocol_get(course.protocol_code)
    copy = course.practice_protocol
    if copy is None:
        return builtin
    try:
        return template_with_overrides(builtin, copy.overrides)
    except OverridesInvalid:
        return builtin
