"""API: who am I."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Schema

from ketacare.accounts.selectors import memberships_for

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    practice_id: uuid.UUID
    practice_name: str
    practice_slug: str
    role: str


class MeOut(Schema):
    id: uuid.UUID
    email: str
    display_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, operation_id="me_get")
def me_get(request: HttpRequest) -> MeOut:
    user = request.user
    memberships = [
        MembershipOut(
            practice_id=m.practice.public_id,
            practice_name=m.practice.name,
            practice_slug=m.practice.slug,
            role=m.role,
        )
        for m in memberships_for(user)
    ]
    return MeOut(
        id=user.public_id,  # type: ignore[union-attr]
        email=user.email,  # type: ignore[union-attr]
        display_name=user.display_name,  # type: ignore[union-attr]
        memberships=memberships,
    )
