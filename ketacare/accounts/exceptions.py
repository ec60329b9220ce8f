"""Errors raised by account services; messages are constants so tests can import them."""

INVITATION_INVALID = "This invitation link is invalid, expired or already used."
TOKEN_INVALID = "Invalid or expired API token."  # noqa: S105  (a message, not a secret)


class InvitationInvalid(Exception):
    """An invitation link that is malformed, expired, revoked or already used."""

    def __init__(self) -> None:
        super().__init__(INVITATION_INVALID)


class NoSuchUser(Exception):
    """No active user has that e-mail address."""
