"""Consent documents, signatures, withdrawal, the treatment-consent gate and their pages."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ketacare.accounts.models import User
from ketacare.audit.models import AuditEvent
from ketacare.clients.models import Client
from ketacare.core.permissions import NotFound
from ketacare.preparation.consent_display import consent_html
from ketacare.preparation.consent_exceptions import (
    ALREADY_SIGNED,
    ALREADY_WITHDRAWN,
    NAME_MISMATCH,
    NOT_CONFIRMED,
    NOT_LATEST,
    TITLE_REQUIRED,
    ConsentInvalid,
)
from ketacare.preparation.consent_selectors import (
    consent_current,
    consent_overview,
    has_current_treatment_consent,
)
from ketacare.preparation.consent_services import (
    consent_defaults_publish,
    consent_document_publish,
    consent_sign,
    consent_withdraw,
)
from ketacare.preparation.exceptions import RecordImmutable
from ketacare.preparation.models import ConsentDocument, ConsentSignature
from tests.conftest import World, signed_in

pytestmark = pytest.mark.django_db

NAME_A1 = "ZZ-SENTINEL-A1 Sentinel"


def _user(client: Client) -> User:
    assert client.user is not None
    return client.user


def _publish(world: World, kind: str = "treatment", body: str = "Plain words.") -> ConsentDocument:
    return consent_document_publish(
        actor=world.lead_a, practice=world.practice_a, kind=kind, title="Treatment", body=body
    )


def _sign(world: World, document: ConsentDocument) -> ConsentSignature:
    return consent_sign(
        actor=_user(world.client_a1), document=document, typed_full_name=NAME_A1, confirmed=True
    )


def test_publishing_numbers_versions_per_practice_and_kind(world: World) -> None:
    first = _publish(world)
    second = _publish(world)
    research = _publish(world, kind="research")
    other = consent_document_publish(
        actor=world.lead_b, practice=world.practice_b, kind="treatment", title="T", body="B"
    )

    assert (first.version, second.version, research.version, other.version) == (1, 2, 1, 1)
    assert AuditEvent.objects.filter(action="create", object_public_id=second.public_id).exists()


def test_publishing_refuses_practitioners_clients_and_other_leads(world: World) -> None:
    for actor in (world.practitioner_a, _user(world.client_a1), world.lead_b):
        with pytest.raises(PermissionDenied):
            consent_document_publish(
                actor=actor, practice=world.practice_a, kind="treatment", title="T", body="B"
            )


def test_publishing_requires_a_title_and_a_known_kind(world: World) -> None:
    with pytest.raises(ConsentInvalid, match=re.escape(TITLE_REQUIRED)):
        consent_document_publish(
            actor=world.lead_a, practice=world.practice_a, kind="treatment", title=" ", body="B"
        )
    with pytest.raises(ValueError, match="nonsense"):
        consent_document_publish(
            actor=world.lead_a, practice=world.practice_a, kind="nonsense", title="T", body="B"
        )


def test_a_published_document_is_immutable(world: World) -> None:
    document = _publish(world)
    document.body = "changed"

    with pytest.raises(RecordImmutable):
        document.save()
    with pytest.raises(RecordImmutable):
        document.delete()


def test_the_database_refuses_an_unknown_kind(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentDocument.objects.create(
            practice=world.practice_a,
            kind="other",
            version=1,
            title="T",
            body="B",
            published_at=_publish(world).published_at,
        )


def test_signing_accepts_the_name_in_any_case_with_extra_spaces(world: World) -> None:
    document = _publish(world)

    signature = consent_sign(
        actor=_user(world.client_a1),
        document=document,
        typed_full_name="  zz-sentinel-a1   SENTINEL ",
        confirmed=True,
    )

    assert signature.typed_full_name == "zz-sentinel-a1 SENTINEL"
    assert AuditEvent.objects.filter(action="sign", object_public_id=signature.public_id).exists()


@pytest.mark.parametrize(
    ("name", "confirmed", "message"),
    [
        ("Someone Else", True, NAME_MISMATCH),
        ("", True, NAME_MISMATCH),
        (NAME_A1, False, NOT_CONFIRMED),
    ],
)
def test_signing_requires_the_matching_name_and_the_confirmation(
    world: World, name: str, confirmed: bool, message: str
) -> None:
    document = _publish(world)

    with pytest.raises(ConsentInvalid, match=re.escape(message)):
        consent_sign(
            actor=_user(world.client_a1),
            document=document,
            typed_full_name=name,
            confirmed=confirmed,
        )

    assert not ConsentSignature.objects.exists()


def test_signing_refuses_staff_and_clients_of_other_practices(world: World) -> None:
    document = _publish(world)

    for actor in (world.lead_a, world.practitioner_a, _user(world.client_b1)):
        with pytest.raises(PermissionDenied):
            consent_sign(actor=actor, document=document, typed_full_name=NAME_A1, confirmed=True)


def test_signing_refuses_an_old_version_and_a_second_signature(world: World) -> None:
    old = _publish(world)
    new = _publish(world)
    _sign(world, new)

    with pytest.raises(ConsentInvalid, match=re.escape(NOT_LATEST)):
        _sign(world, old)
    with pytest.raises(ConsentInvalid, match=re.escape(ALREADY_SIGNED)):
        _sign(world, new)


def test_the_database_refuses_an_unconfirmed_signature(world: World) -> None:
    document = _publish(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentSignature.objects.create(
            practice=world.practice_a,
            client=world.client_a1,
            document=document,
            typed_full_name=NAME_A1,
            confirmed=False,
            signed_at=document.published_at,
        )


def test_treatment_consent_is_current_after_signing(world: World) -> None:
    assert not has_current_treatment_consent(world.client_a1)

    signature = _sign(world, _publish(world))

    assert has_current_treatment_consent(world.client_a1)
    assert consent_current(client=world.client_a1, kind="treatment") == signature
    assert not has_current_treatment_consent(world.client_a2)


def test_withdrawal_ends_current_consent_and_keeps_the_reason(world: World) -> None:
    signature = _sign(world, _publish(world))

    consent_withdraw(actor=_user(world.client_a1), signature=signature, reason=" Changed mind ")

    stored = ConsentSignature.objects.get(pk=signature.pk)
    assert stored.withdrawn_at is not None
    assert stored.withdrawal_reason == "Changed mind"
    assert not has_current_treatment_consent(world.client_a1)
    with pytest.raises(ConsentInvalid, match=re.escape(ALREADY_WITHDRAWN)):
        consent_withdraw(actor=_user(world.client_a1), signature=stored, reason="")


def test_the_client_may_sign_again_after_withdrawing(world: World) -> None:
    document = _publish(world)
    consent_withdraw(actor=_user(world.client_a1), signature=_sign(world, document), reason="")

    _sign(world, document)

    assert has_current_treatment_consent(world.client_a1)


def test_withdrawal_refuses_anyone_but_the_client(world: World) -> None:
    signature = _sign(world, _publish(world))

    for actor in (world.practitioner_a, world.lead_a, _user(world.client_a2)):
        with pytest.raises(PermissionDenied):
            consent_withdraw(actor=actor, signature=signature, reason="")


def test_a_signature_cannot_be_edited_beyond_its_withdrawal(world: World) -> None:
    signature = _sign(world, _publish(world))
    signature.typed_full_name = "Someone Else"

    with pytest.raises(RecordImmutable):
        signature.save()
    with pytest.raises(RecordImmutable):
        signature.delete()


def test_a_new_version_makes_the_earlier_signature_not_current(world: World) -> None:
    _sign(world, _publish(world))

    _publish(world)

    assert not has_current_treatment_consent(world.client_a1)


def test_markdown_is_rendered_and_sanitised() -> None:
    html = consent_html(
        "# Title\n\n**bold**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>"
    )

    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html


def test_consent_overview_is_for_the_client_and_staff_who_see_them(world: World) -> None:
    _publish(world)

    rows = consent_overview(actor=world.practitioner_a, client=world.client_a1)

    assert [row.needs_signature for row in rows] == [True, False, False]
    for actor in (world.practitioner_a2, world.lead_b, _user(world.client_a2)):
        with pytest.raises(NotFound):
            consent_overview(actor=actor, client=world.client_a1)


def test_client_signs_on_the_page_and_errors_keep_what_was_typed(world: World) -> None:
    document = _publish(world, body="Read me <script>alert(1)</script>")
    http = signed_in(_user(world.client_a1))
    url = f"/preparation/consent/documents/{document.public_id}/"

    page = http.get(url)
    refused = http.post(url, {"typed_full_name": "Typed Wrongly", "confirmed": "on"})
    signed = http.post(url, {"typed_full_name": NAME_A1, "confirmed": "on"})

    assert "<script>alert" not in page.content.decode()
    assert refused.status_code == 400
    assert 'value="Typed Wrongly"' in refused.content.decode()
    assert NAME_MISMATCH in refused.content.decode()
    assert signed.status_code == 302
    assert has_current_treatment_consent(world.client_a1)


def test_client_withdraws_on_the_page(world: World) -> None:
    signature = _sign(world, _publish(world))
    http = signed_in(_user(world.client_a1))

    response = http.post(
        f"/preparation/consent/signatures/{signature.public_id}/withdraw/", {"reason": "No"}
    )

    assert response.status_code == 302
    assert not has_current_treatment_consent(world.client_a1)


def test_the_home_card_lists_documents_to_sign(world: World) -> None:
    _publish(world)
    http = signed_in(_user(world.client_a1))

    card = http.get("/preparation/consent/", headers={"HX-Request": "true"})

    assert "to read and sign" in card.content.decode()


def test_lead_publishes_a_new_version_on_the_manage_page(world: World) -> None:
    http = signed_in(world.lead_a)

    response = http.post(
        "/preparation/consent/manage/",
        {"kind": "research", "title": "Research", "body": "Plain words."},
    )

    assert response.status_code == 302
    assert ConsentDocument.objects.get(practice=world.practice_a, kind="research").version == 1


def test_the_client_record_shows_consent_status(world: World) -> None:
    _sign(world, _publish(world))
    http = signed_in(world.practitioner_a)

    section = http.get(
        f"/preparation/consent/clients/{world.client_a1.public_id}/",
        headers={"HX-Request": "true"},
    )

    assert "signed version 1" in section.content.decode()


def test_default_templates_are_published_once_per_practice(world: World) -> None:
    first = consent_defaults_publish(practice=world.practice_a)
    again = consent_defaults_publish(practice=world.practice_a)

    assert sorted(d.kind for d in first) == ["data_sharing", "research", "treatment"]
    assert again == []
    assert all("Template" in d.body for d in first)
