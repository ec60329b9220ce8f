"""The audit event: who did what to which object, in which practice, when, from which request."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    SIGN = "sign", "Signed"
    AMEND = "amend", "Amended"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Login failed"
    LOCKOUT = "lockout", "Locked out"
    LOGOUT = "logout", "Logged out"
    SESSION_EXPIRED = "session_expired", "Session expired"
    PERMISSION_DENIED = "permission_denied", "Permission denied"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    KEYS_ROTATED = "keys_rotated", "Encryption keys rotated"


class AuditEvent(models.Model):
    """One append-only row; ``row_hash`` chains it to the previous row (see ``audit.chain``).

    Rows are never updated or deleted: the model refuses it, and on PostgreSQL a trigger
    (migration 0002) rejects UPDATE, DELETE and TRUNCATE as well.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=64, blank=True)  # user public id or "system"/"cli"
    actor_role = models.CharField(max_length=32, blank=True)
    practice_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=32, choices=AuditAction)
    object_type = models.CharField(max_length=64, blank=True)
    object_public_id = models.UUIDField(null=True, blank=True)
    subject_client_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    outcome = models.CharField(max_length=16, default="success")
    channel = models.CharField(max_length=16, default="system")
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True)  # names and counts only, never PHI values
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["seq"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["occurred_at"])]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values),
                name="%(app_label)s_%(class)s_action_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["success", "denied", "failure"]),
                name="%(app_label)s_%(class)s_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:  # Any: Django's save signature
        if self.pk is not None:
            raise AppendOnlyError(f"audit event #{self.seq} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"audit event #{self.seq} is append-only")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event through the ORM."""
