"""Reads about people and practices: roles, memberships and the current practice."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ketacare.accounts.models import STAFF_ROLES, Membership, Practice, Role, User


def memberships_for(user: Any) -> QuerySet[Membership]:  # Any: User or AnonymousUser
    """Active memberships of ``user`` (none for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("practice")


def memberships_of(user: Any) -> list[Membership]:  # Any: User or AnonymousUser
    """The active memberships of ``user``, oldest first, fetched once per user object.

    The list is cached on the user object, which Django loads afresh for every request, so
    every check in one request shares one query (`primary_membership` included).
    """
    if hasattr(user, "_ketacare_memberships"):
        cached: list[Membership] = user._ketacare_memberships
        return cached
    memberships = list(memberships_for(user).order_by("created_at"))
    if getattr(user, "is_authenticated", False):
        user._ketacare_memberships = memberships
    return memberships


def primary_membership(user: Any) -> Membership | None:  # Any: User or AnonymousUser
    """The membership that decides the home page: staff roles first, then the oldest."""
    memberships = memberships_of(user)
    staff = [m for m in memberships if m.role in STAFF_ROLES]
    return staff[0] if staff else (memberships[0] if memberships else None)


def user_is_staff_member(user: Any) -> bool:  # Any: User or AnonymousUser
    """Whether the user works in a practice (practitioner or lead) or operates the platform."""
    membership = primary_membership(user)
    if membership is not None and membership.role in STAFF_ROLES:
        return True
    return bool(getattr(user, "is_staff", False))


def role_in(user: Any, practice: Practice) -> Role | None:  # Any: User or AnonymousUser
    """The user's role in ``practice``, or None."""
    membership = memberships_for(user).filter(practice=practice).first()
    return Role(membership.role) if membership else None


def practices_led_by(user: User) -> QuerySet[Practice]:
    """Practices where ``user`` is an active lead."""
    return Practice.objects.filter(
        memberships__user=user, memberships__role=Role.LEAD, memberships__is_active=True
    )


def lead_practice_or_403(user: User) -> Practice:
    """The practice ``user`` leads (their primary membership), or PermissionDenied."""
    membership = primary_membership(user)
    if membership is None or membership.role != Role.LEAD:
        raise PermissionDenied("Only a practice lead can do that.")
    return membership.practice


def practice_members(*, actor: User, practice: Practice) -> QuerySet[Membership]:
    """Staff members (practitioners and leads) of a practice the actor leads (else none).

    Clients are listed on the client pages, where each read is audited per client.
    """
    if not practices_led_by(actor).filter(pk=practice.pk).exists():
        return Membership.objects.none()
    return (
        practice.memberships.filter(role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__email")
    )


def practice_practitioners(practice: Practice) -> QuerySet[User]:
    """Active practitioners and leads of a practice (who can join a care team)."""
    return User.objects.filter(
        is_active=True,
        memberships__practice=practice,
        memberships__is_active=True,
        memberships__role__in=list(STAFF_ROLES),
    ).order_by("display_name", "email")
