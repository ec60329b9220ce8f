"""Errors raised by account services; messages are constants so tests can import them."""

INVITATION_INVALID = "This invitation link is invalid, expired or already used."
TOKEN_INVALID = "Invalid or expired API token."  # noqa: S105  (a message, not a secret)


class InvitationInvalid(Exception):
    """An invitation link that is malformed, expired, revoked or already used."""

    def __init__(self) -> None:
        super().__init__(INVITATION_INVALID)


INVITATION_NEEDS_SIGN_IN = (
    "This e-mail address already has an account. Sign in to it first, then open the invitation "
    "link again to join the practice."
)


class InvitationNeedsSignIn(Exception):
    """The invited address has an account; only that account, signed in, can accept."""

    def __init__(self) -> None:
        super().__init__(INVITATION_NEEDS_SIGN_IN)


class NoSuchUser(Exception):
    """No active user has that e-mail address."""
