"""AES-256-GCM field encryption with key ids, for free-text PHI at rest.

Format: ``v1:<key_id>:<base64(nonce || ciphertext || tag)>``. The associated data binds a
ciphertext to its column (``app_label.Model.field``), so a value copied to another column fails
to decrypt. The first configured key encrypts; every configured key decrypts (rotation).
Reference: security reference §4.6; ASVS v5.0.0-11.3.2/11.3.3; NIST SP 800-38D (96-bit nonces).
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32


class EncryptionError(Exception):
    """Base class for field-encryption failures; messages never contain plaintext."""


class KeyConfigurationError(EncryptionError):
    """The configured keys are missing or malformed."""


class DecryptionError(EncryptionError):
    """A stored value cannot be decrypted with the configured keys."""


@dataclass(frozen=True)
class KeyRing:
    """Ordered keys: ``primary_id`` encrypts; all ids decrypt."""

    primary_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, entries: list[str] | tuple[str, ...]) -> KeyRing:
        """Build a key ring from ``key_id:base64key`` entries, first one primary.

        Raises:
            KeyConfigurationError: no keys, a malformed entry, a duplicate id, or a key that
                is not 32 bytes.
        """
        keys: dict[str, bytes] = {}
        for position, entry in enumerate(entries, start=1):
            key_id, sep, encoded = entry.partition(":")
            if not sep or not key_id or not key_id.isalnum():
                raise KeyConfigurationError(f"field key #{position}: expected 'key_id:base64key'")
            try:
                raw = base64.b64decode(encoded, validate=True)
            except binascii.Error as exc:
                raise KeyConfigurationError(f"field key {key_id!r}: not valid base64") from exc
            if len(raw) != KEY_BYTES:
                raise KeyConfigurationError(f"field key {key_id!r}: must be {KEY_BYTES} bytes")
            if key_id in keys:
                raise KeyConfigurationError(f"field key {key_id!r} is listed twice")
            keys[key_id] = raw
        if not keys:
            raise KeyConfigurationError("no field-encryption keys are configured")
        return cls(primary_id=next(iter(keys)), keys=keys)

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt ``plaintext`` bound to ``context`` with the primary key."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.primary_id]).encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("utf-8")
        )
        token = base64.b64encode(nonce + sealed).decode("ascii")
        return f"{PREFIX}:{self.primary_id}:{token}"

    def decrypt(self, stored: str, *, context: str) -> str:
        """Decrypt a stored value; a wrong key, column or tampered byte raises.

        Raises:
            DecryptionError: the value is malformed, its key is not configured, or the
                authentication tag does not verify.
        """
        prefix, key_id, token = self.split(stored)
        if prefix != PREFIX:
            raise DecryptionError(f"unknown ciphertext version {prefix!r}")
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"ciphertext uses key {key_id!r}, which is not configured")
        try:
            blob = base64.b64decode(token, validate=True)
            plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
        except (binascii.Error, InvalidTag, ValueError) as exc:
            raise DecryptionError(f"ciphertext with key {key_id!r} failed to verify") from exc
        return plain.decode("utf-8")

    @staticmethod
    def split(stored: str) -> tuple[str, str, str]:
        """Return ``(version, key_id, token)`` of a stored value."""
        parts = stored.split(":", 2)
        if len(parts) != 3:
            raise DecryptionError("stored value is not a ketacare ciphertext")
        return parts[0], parts[1], parts[2]

    def needs_rotation(self, stored: str) -> bool:
        """Whether a stored value was sealed with a key other than the primary."""
        return self.split(stored)[1] != self.primary_id


@lru_cache(maxsize=4)
def _ring_for(entries: tuple[str, ...]) -> KeyRing:
    return KeyRing.parse(entries)


def key_ring() -> KeyRing:
    """The key ring from ``settings.FIELD_ENCRYPTION_KEYS`` (parsed once per key list)."""
    from django.conf import settings

    return _ring_for(tuple(settings.FIELD_ENCRYPTION_KEYS))
