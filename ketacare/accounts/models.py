"""Users, practices (the tenant), memberships with roles, invitations and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from ketacare.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("users need an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. Roles come from memberships."""

    email = models.EmailField(max_length=254, unique=True)
    display_name = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # platform operator: no PHI access by default

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(Lower("email"), name="%(app_label)s_%(class)s_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.display_name or f"user {self.public_id}"


class Practice(BaseModel):
    """A clinic: the tenant every client-owned row belongs to."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, default="UTC")
    crisis_resources = models.TextField(
        default=(
            "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis "
            "Lifeline, US), or call your local emergency number now."
        ),
        help_text="Shown to clients at once when an answer raises a safety concern.",
    )
    # Platform policy [P], a practice setting: how long a safety alert may stay unacknowledged
    # before the practice leads are e-mailed.
    alert_escalation_minutes = models.PositiveSmallIntegerField(default=30)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(alert_escalation_minutes__gte=5)
                & models.Q(alert_escalation_minutes__lte=1440),
                name="%(app_label)s_%(class)s_escalation_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLIENT = "client", "Client"
    PRACTITIONER = "practitioner", "Practitioner"
    LEAD = "lead", "Practice lead"


STAFF_ROLES = frozenset({Role.PRACTITIONER, Role.LEAD})


class Membership(BaseModel):
    """A user's role in a practice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "practice"], name="%(app_label)s_%(class)s_one_per_practice"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="%(app_label)s_%(class)s_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} of {self.practice}"


class Invitation(BaseModel):
    """A signed, single-use, expiring link that creates an account and a membership."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=16, choices=Role)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    nonce_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    client_public_id = models.UUIDField(null=True, blank=True)  # the client record it opens

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="%(app_label)s_%(class)s_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.public_id}"


class ApiToken(BaseModel):
    """A bearer token; only its SHA-256 hash and an 8-character prefix are stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, blank=True)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}…"
