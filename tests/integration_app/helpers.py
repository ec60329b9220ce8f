"""Small builders for integration tests (synthetic data only)."""

from __future__ import annotations

import datetime as dt

from ketacare.clients.models import Client
from ketacare.integration.models import Commitment
from ketacare.integration.services import CommitmentValues, commitment_create, insight_create
from tests.treatments.helpers import user_of

START = dt.date(2030, 3, 4)  # a Monday


def commitment(client: Client, cadence: str = "daily", start: dt.date = START) -> Commitment:
    """A commitment of ``client`` from an insight, written by the client."""
    insight = insight_create(
        actor=user_of(client), client=client, text="Synthetic insight", source_kind="other"
    )
    values = CommitmentValues(
        domain="behaviour",
        next_step="Walk ten minutes after lunch",
        cadence=cadence,
        start_on=start,
        review_on=start + dt.timedelta(days=28),
    )
    return commitment_create(actor=user_of(client), client=client, values=values, insight=insight)
