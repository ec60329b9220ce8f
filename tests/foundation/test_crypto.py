"""Field encryption at rest (C22): AES-GCM key ring, column binding, tampering, rotation."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from django.apps.registry import Apps
from django.core import checks
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from ketacare.core import rotation
from ketacare.core.crypto import DecryptionError, KeyConfigurationError, KeyRing
from ketacare.core.fields import EncryptedTextField

pytestmark = pytest.mark.security

SECRET = "ZZ-SENTINEL-note: slept badly, felt better after session 3"
CONTEXT = "journal.Entry.body"


def _key(key_id: str, fill: int) -> str:
    return f"{key_id}:{base64.b64encode(bytes([fill]) * 32).decode('ascii')}"


OLD = _key("old", 1)
NEW = _key("new", 2)


def _flip_byte(stored: str, position: int) -> str:
    version, key_id, token = stored.split(":", 2)
    blob = bytearray(base64.b64decode(token))
    blob[position] ^= 0x01
    return f"{version}:{key_id}:{base64.b64encode(bytes(blob)).decode('ascii')}"


def test_key_ring_round_trips_text_with_a_fresh_nonce_each_time() -> None:
    ring = KeyRing.parse([NEW])

    first = ring.encrypt(SECRET, context=CONTEXT)
    second = ring.encrypt(SECRET, context=CONTEXT)

    assert first.startswith("v1:new:")
    assert first != second
    assert SECRET not in first
    assert ring.decrypt(first, context=CONTEXT) == SECRET
    assert ring.decrypt(second, context=CONTEXT) == SECRET


def test_ciphertext_of_one_column_does_not_decrypt_in_another() -> None:
    ring = KeyRing.parse([NEW])
    stored = ring.encrypt(SECRET, context=CONTEXT)

    with pytest.raises(DecryptionError) as caught:
        ring.decrypt(stored, context="journal.Entry.title")

    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("position", [0, 11, 12, -1])  # nonce, first ciphertext byte, tag
def test_flipped_byte_raises_decryption_error_instead_of_garbage(position: int) -> None:
    ring = KeyRing.parse([NEW])
    tampered = _flip_byte(ring.encrypt(SECRET, context=CONTEXT), position)

    with pytest.raises(DecryptionError):
        ring.decrypt(tampered, context=CONTEXT)


def test_unknown_key_id_names_the_key_and_never_the_plaintext() -> None:
    stored = KeyRing.parse([OLD]).encrypt(SECRET, context=CONTEXT)

    with pytest.raises(DecryptionError) as caught:
        KeyRing.parse([NEW]).decrypt(stored, context=CONTEXT)

    assert "'old'" in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize(
    "stored", ["plain text", "v2:new:AAAA", "v1:new:not base64!"], ids=["bare", "version", "b64"]
)
def test_malformed_stored_value_raises_decryption_error(stored: str) -> None:
    ring = KeyRing.parse([NEW])

    with pytest.raises(DecryptionError):
        ring.decrypt(stored, context=CONTEXT)


def test_rotated_ring_decrypts_old_values_and_flags_them_for_rotation() -> None:
    stored = KeyRing.parse([OLD]).encrypt(SECRET, context=CONTEXT)
    rotated_ring = KeyRing.parse([NEW, OLD])

    plain = rotated_ring.decrypt(stored, context=CONTEXT)

    assert plain == SECRET
    assert rotated_ring.needs_rotation(stored) is True
    assert rotated_ring.needs_rotation(rotated_ring.encrypt(plain, context=CONTEXT)) is False
    assert rotated_ring.primary_id == "new"


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ([], "no field-encryption keys"),
        (["no-separator"], "expected 'key_id:base64key'"),
        ([":" + NEW.split(":", 1)[1]], "expected 'key_id:base64key'"),
        (["k1:not*base64"], "not valid base64"),
        ([f"k1:{base64.b64encode(b'short').decode()}"], "must be 32 bytes"),
        ([_key("k1", 1), _key("k1", 2)], "listed twice"),
    ],
    ids=["empty", "no-separator", "no-id", "bad-base64", "wrong-length", "duplicate-id"],
)
def test_malformed_key_configuration_is_refused(entries: list[str], fragment: str) -> None:
    with pytest.raises(KeyConfigurationError) as caught:
        KeyRing.parse(entries)

    assert fragment in str(caught.value)


def _field_key_errors() -> list[str]:
    return [m.id for m in checks.run_checks(tags=[checks.Tags.security]) if m.id]


@pytest.mark.parametrize(
    "keys",
    [[], ["k1:not*base64"], [_key("k1", 1), _key("k1", 2)]],
    ids=["missing", "malformed", "duplicate"],
)
def test_system_check_e001_fires_on_bad_field_keys(keys: list[str]) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=keys):
        ids = _field_key_errors()

    assert "ketacare.E001" in ids


def test_system_check_e001_is_silent_with_good_field_keys() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        ids = _field_key_errors()

    assert "ketacare.E001" not in ids


# Rotation, end to end: no real model has an EncryptedTextField yet, so a probe model lives in an
# isolated app registry (never seen by other tests) over a table created inside the test's
# transaction (rolled back afterwards).
PROBE_TABLE = "test_crypto_rotation_probe"


@pytest.fixture
def probe_model(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[type[models.Model]]:
    with isolate_apps("ketacare.core") as isolated:
        assert isinstance(isolated, Apps)

        class RotationProbe(models.Model):
            note = EncryptedTextField(null=True)

            class Meta:
                app_label = "core"
                db_table = PROBE_TABLE

            def __str__(self) -> str:
                return f"probe {self.pk}"

        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {PROBE_TABLE} (id BIGINT PRIMARY KEY, note TEXT NULL)")
        monkeypatch.setattr(rotation, "apps", isolated)
        yield RotationProbe


def _raw_notes() -> dict[int, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, note FROM {PROBE_TABLE} ORDER BY id")  # noqa: S608
        return {row[0]: row[1] for row in cursor.fetchall()}


def _note(model: type[models.Model], pk: int) -> str:
    value = model._default_manager.values_list("note", flat=True).get(pk=pk)
    assert isinstance(value, str)
    return value


def test_encrypted_field_stores_ciphertext_bound_to_its_column(
    probe_model: type[models.Model],
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        probe_model._default_manager.create(id=1, note=SECRET)

        stored = _raw_notes()[1]
        read_back = _note(probe_model, 1)

    assert stored is not None
    assert SECRET not in stored
    assert stored.startswith("v1:new:")
    assert KeyRing.parse([NEW]).decrypt(stored, context="core.RotationProbe.note") == SECRET
    assert read_back == SECRET


def test_field_keys_rotate_reencrypts_old_values_so_the_old_key_can_be_dropped(
    probe_model: type[models.Model],
) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        probe_model._default_manager.create(id=1, note=SECRET)
        probe_model._default_manager.create(id=2, note=None)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        probe_model._default_manager.create(id=3, note="already current")

        dry = rotation.field_keys_rotate(dry_run=True)
        untouched = _raw_notes()
        report = rotation.field_keys_rotate(batch_size=1)
    after = _raw_notes()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        readable = _note(probe_model, 1)

    assert (dry.rotated, dry.current) == (1, 1)
    assert untouched[1] is not None
    assert untouched[1].startswith("v1:old:")
    assert (report.rotated, report.current) == (1, 1)
    assert after[1] is not None
    assert after[1].startswith("v1:new:")
    assert after[2] is None
    assert after[3] == untouched[3]
    assert readable == SECRET
