"""PHI never leaks sideways into logs, e-mails or URLs (C21).

Client names in the fixtures are sentinels (``ZZ-SENTINEL-…``); a run of the main flows must
not put them anywhere but the pages of people allowed to see them.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail

from tests.conftest import World, signed_in
from tests.measures.helpers import triggering_answers

pytestmark = [pytest.mark.security, pytest.mark.django_db(transaction=True)]
SENTINEL = "ZZ-SENTINEL"


def test_main_flows_leave_no_client_name_in_logs_mail_or_urls(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    practitioner = signed_in(world.practitioner_a)
    client = signed_in(world.client_a1.user)
    lead = signed_in(world.lead_a)
    phq9 = {
        f"item_{k}": str(v) for k, v in triggering_answers("PHQ-9", "phq9_item9_positive").items()
    }
    locations: list[str] = []

    for http, path in (
        (practitioner, f"/clients/{world.client_a1.public_id}/"),
        (practitioner, f"/measures/clients/{world.client_a1.public_id}/"),
        (lead, "/clients/"),
        (client, "/"),
        (client, "/measures/due/"),
    ):
        assert http.get(path).status_code == 200
    assigned = practitioner.post(
        f"/measures/clients/{world.client_a1.public_id}/assign/",
        {"instrument": "PHQ-9", "mode": "once", "due_on": "2099-01-01"},
    )
    locations.append(assigned.get("Location", ""))
    due = re.search(r"/measures/assignments/[0-9a-f-]{36}/", client.get("/measures/due/").text)
    assert due is not None
    answered = client.post(due.group(0), phq9)
    locations.append(answered.get("Location", ""))
    invited = lead.post(
        "/clients/new/",
        {
            "given_name": "ZZ-SENTINEL-NEW",
            "family_name": "Sentinel",
            "email": "zz.new@a.example",
            "practitioner": str(world.practitioner_a.public_id),
        },
    )
    locations.append(invited.get("Location", ""))
    api = client.get(f"/api/v1/clients/{world.client_a1.public_id}/responses")
    assert api.status_code == 200

    assert [assigned.status_code, answered.status_code, invited.status_code] == [302, 302, 302]
    assert all(SENTINEL not in location for location in locations)
    assert len(mail.outbox) >= 2  # the alert e-mail and the invitation
    for message in mail.outbox:
        assert SENTINEL not in f"{message.subject}\n{message.body}"
        assert "Sentinel" not in f"{message.subject}\n{message.body}"
    assert SENTINEL not in caplog.text
