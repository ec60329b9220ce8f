"""Writes about people and practices; each writes its audit event in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from ketacare.accounts.exceptions import InvitationInvalid, InvitationNeedsSignIn
from ketacare.accounts.models import ApiToken, Invitation, Membership, Practice, Role, User
from ketacare.accounts.selectors import practices_led_by
from ketacare.accounts.tokens import token_generate, token_hash
from ketacare.audit.services import AuditAction, audit_record
from ketacare.core.permissions import require

_INVITATION_SALT = "ketacare.accounts.invitation"


@transaction.atomic
def practice_create(*, name: str, slug: str) -> Practice:
    """Create a practice (operators and the demo command only; not exposed on the web)."""
    practice = Practice.objects.create(name=name, slug=slug)
    audit_record(actor=None, action=AuditAction.CREATE, obj=practice, practice=practice)
    return practice


@transaction.atomic
def membership_add(*, actor: User | None, user: User, practice: Practice, role: Role) -> Membership:
    """Give ``user`` a role in ``practice`` (a lead of that practice, or the system)."""
    if actor is not None:
        require(practices_led_by(actor).filter(pk=practice.pk).exists())
    membership, created = Membership.objects.get_or_create(
        user=user, practice=practice, defaults={"role": role}
    )
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=membership, practice=practice)
    elif membership.role != role or not membership.is_active:
        changed = [
            f
            for f, same in (("role", membership.role == role), ("is_active", membership.is_active))
            if not same
        ]
        membership.role, membership.is_active = role, True
        membership.save(update_fields=["role", "is_active", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=membership, extra={"fields": changed}
        )
    return membership


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation and its link token (the token is shown once and never stored)."""

    invitation: Invitation
    token: str


@transaction.atomic
def invitation_create(
    *,
    actor: User | None,
    practice: Practice,
    email: str,
    role: Role,
    client_public_id: uuid.UUID | None = None,
) -> IssuedInvitation:
    """Invite someone to a practice with a signed, single-use link valid for 72 hours.

    Args:
        actor: a lead of ``practice``, or None for the system.
        practice: the practice the invitee joins.
        email: where the link goes.
        role: the role the invitee gets.
        client_public_id: for a client, the client record the account opens.

    Returns:
        The invitation and its one-time link token.
    """
    if actor is not None:
        require(practices_led_by(actor).filter(pk=practice.pk).exists())
    nonce = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        practice=practice,
        email=email.strip().lower(),
        role=role,
        invited_by=actor,
        nonce_hash=hashlib.sha256(nonce.encode()).hexdigest(),
        expires_at=timezone.now() + settings.KETACARE_INVITATION_MAX_AGE,
        client_public_id=client_public_id,
    )
    token = signing.dumps({"i": str(invitation.public_id), "n": nonce}, salt=_INVITATION_SALT)
    audit_record(actor=actor, action=AuditAction.INVITATION_SENT, obj=invitation)
    return IssuedInvitation(invitation=invitation, token=token)


def invitation_from_token(token: str) -> Invitation:
    """The open invitation behind a link token.

    Raises:
        InvitationInvalid: bad signature, expired, revoked or already accepted.
    """
    max_age = settings.KETACARE_INVITATION_MAX_AGE
    try:
        payload = signing.loads(token, salt=_INVITATION_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise InvitationInvalid from exc
    nonce_hash = hashlib.sha256(str(payload.get("n", "")).encode()).hexdigest()
    invitation = Invitation.objects.filter(
        public_id=payload.get("i"), nonce_hash=nonce_hash
    ).first()
    now = timezone.now()
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise InvitationInvalid
    if invitation.expires_at <= now:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, display_name: str, password: str, signed_in: User | None = None
) -> User:
    """Create the account (or use the signed-in one), the membership, and run the hooks.

    An invitation to an e-mail address that already has an account is accepted only by that
    account, signed in: holding the link never grants access to an existing account. An
    existing membership keeps its role.

    Args:
        token: the link token.
        display_name: the new account's name (ignored for an existing account).
        password: the new account's password (ignored for an existing account).
        signed_in: the user signed in on the accepting browser, if any.

    Returns:
        The account that now belongs to the practice.

    Raises:
        InvitationInvalid: the link cannot be used.
        InvitationNeedsSignIn: the address has an account and it is not the one signed in.
        django.core.exceptions.ValidationError: the password fails the password policy.
    """
    found = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().select_related("practice").get(pk=found.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationInvalid  # accepted or revoked by a concurrent request
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and (signed_in is None or signed_in.pk != user.pk):
        raise InvitationNeedsSignIn
    if user is None:
        user = User(email=invitation.email, display_name=display_name.strip())
        validate_password(password, user)
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(
        user=user, practice=invitation.practice, defaults={"role": invitation.role}
    )
    invitation.accepted_at, invitation.accepted_user = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_user", "updated_at"])
    for dotted in settings.KETACARE_INVITATION_ACCEPTED_HOOKS:
        import_string(dotted)(invitation=invitation, user=user)
    audit_record(actor=user, action=AuditAction.INVITATION_ACCEPTED, obj=invitation)
    return user


@dataclass(frozen=True)
class IssuedToken:
    """A new API token: the stored row and the secret shown once."""

    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, name: str = "") -> IssuedToken:
    """Create a bearer token for ``user`` (by the user, or the system via the CLI)."""
    if actor is not None:
        require(actor.pk == user.pk)
    secret = token_generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:8],
        token_hash=token_hash(secret),
        expires_at=timezone.now() + settings.KETACARE_API_TOKEN_MAX_AGE,
    )
    audit_record(actor=actor or user, action=AuditAction.TOKEN_CREATED, obj=token)
    return IssuedToken(token=token, secret=secret)


def api_token_authenticate(secret: str) -> User | None:
    """The active user behind a bearer token, or None (unknown, expired or revoked)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Deactivate a user, ending every session and revoking every API token (ASVS 7.4.2)."""
    if actor is not None:
        led = practices_led_by(actor)
        require(Membership.objects.filter(user=user, practice__in=led).exists())
    user.is_active = False
    user.save(update_fields=["is_active", "updated_at"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, extra={"fields": ["is_active"]})
    return user


def invitation_link(token: str) -> str:
    """The absolute link an invitee opens (the token is the only secret in it)."""
    return settings.KETACARE_BASE_URL + reverse("accounts:invitation-accept", args=[token])


def invitation_send(*, issued: IssuedInvitation) -> None:
    """E-mail the invitation link after the transaction commits; no PHI in the message."""
    invitation = issued.invitation
    link = invitation_link(issued.token)
    body = (
        f"You have been invited to join {invitation.practice.name} on ketacare.\n\n"
        f"Open this link within 72 hours to create your account:\n{link}\n\n"
        "If you were not expecting this, you can ignore this message."
    )
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Your invitation to {invitation.practice.name}",
            message=body,
            from_email=None,
            recipient_list=[invitation.email],
        )
    )


@transaction.atomic
def practice_settings_update(
    *, actor: User, practice: Practice, crisis_resources: str, alert_escalation_minutes: int
) -> Practice:
    """Change a practice's safety settings (its leads only); audited with the field names."""
    require(practices_led_by(actor).filter(pk=practice.pk).exists())
    changed = []
    if practice.crisis_resources != crisis_resources.strip():
        practice.crisis_resources = crisis_resources.strip()
        changed.append("crisis_resources")
    if practice.alert_escalation_minutes != alert_escalation_minutes:
        practice.alert_escalation_minutes = alert_escalation_minutes
        changed.append("alert_escalation_minutes")
    if changed:
        practice.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=practice, extra={"fields": changed}
        )
    return practice
