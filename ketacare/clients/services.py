"""Writes to client records and care teams, authorised and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ketacare.accounts.models import Invitation, Membership, Practice, Role, User
from ketacare.accounts.selectors import practices_led_by
from ketacare.accounts.services import invitation_create, invitation_send
from ketacare.audit.services import AuditAction, audit_record
from ketacare.clients.models import CareTeamMember, Client, ClientStatus
from ketacare.core.permissions import require


@transaction.atomic
def client_create(  # noqa: PLR0913  (keyword-only fields of a new record)
    *,
    actor: User | None,
    practice: Practice,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    user: User | None = None,
    status: ClientStatus = ClientStatus.PREPARING,
) -> Client:
    """Open a client record in ``practice`` (a lead of that practice, or the system)."""
    if actor is not None:
        require(practices_led_by(actor).filter(pk=practice.pk).exists())
    client = Client.objects.create(
        practice=practice,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        user=user,
        status=status,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=client)
    return client


@transaction.atomic
def care_team_assign(
    *, actor: User | None, client: Client, practitioner: User, is_primary: bool = False
) -> CareTeamMember:
    """Put a practitioner of the client's practice on the client's care team."""
    if actor is not None:
        require(practices_led_by(actor).filter(pk=client.practice_id).exists())
    require(
        Membership.objects.filter(
            user=practitioner,
            practice_id=client.practice_id,
            role__in=[Role.PRACTITIONER, Role.LEAD],
            is_active=True,
        ).exists(),
        "Only practitioners of the client's practice can join the care team.",
    )
    member, created = CareTeamMember.objects.get_or_create(
        client=client,
        practitioner=practitioner,
        defaults={"practice_id": client.practice_id, "is_primary": is_primary},
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=member)
    return member


def client_link_invited_user(*, invitation: Invitation, user: User) -> None:
    """Invitation hook: attach the new account to the client record the invitation opened.

    Runs inside ``invitation_accept``'s transaction (settings.KETACARE_INVITATION_ACCEPTED_HOOKS).
    """
    if invitation.role != Role.CLIENT or invitation.client_public_id is None:
        return
    client = Client.objects.select_for_update().get(
        public_id=invitation.client_public_id, practice=invitation.practice
    )
    if client.user_id is None:
        client.user = user
        if client.status == ClientStatus.INVITED:
            client.status = ClientStatus.PREPARING
        client.save(update_fields=["user", "status", "updated_at"])
        audit_record(actor=user, action=AuditAction.UPDATE, obj=client, extra={"fields": ["user"]})


@transaction.atomic
def client_invite(  # noqa: PLR0913  (keyword-only fields of a new record)
    *,
    actor: User,
    practice: Practice,
    given_name: str,
    family_name: str,
    email: str,
    practitioner: User,
    date_of_birth: dt.date | None = None,
) -> Client:
    """Open a client record with a primary practitioner and e-mail the client an invitation.

    Raises:
        PermissionDenied: the actor does not lead ``practice``, or the practitioner is not
            one of its practitioners.
    """
    client = client_create(
        actor=actor,
        practice=practice,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        status=ClientStatus.INVITED,
    )
    care_team_assign(actor=actor, client=client, practitioner=practitioner, is_primary=True)
    issued = invitation_create(
        actor=actor,
        practice=practice,
        email=email,
        role=Role.CLIENT,
        client_public_id=client.public_id,
    )
    invitation_send(issued=issued)
    return client
