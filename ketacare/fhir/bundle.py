"""One client's questionnaire data as a FHIR R4B collection Bundle, with its SHA-256 manifest.

The manifest is the SHA-256 of the Bundle's canonical JSON (keys sorted, no insignificant
whitespace, UTF-8), which is exactly the body the API returns, so a recipient can recompute
it from the bytes received.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource

from ketacare.fhir.observation import total_observation_for
from ketacare.fhir.questionnaire_response import questionnaire_response_for
from ketacare.measures.models import QuestionnaireResponse as StoredResponse


@dataclass(frozen=True, slots=True)
class BundleManifest:
    """A Bundle's canonical JSON, its SHA-256 and how many resources of each type it holds."""

    bundle_json: str
    sha256: str
    counts: dict[str, int] = field(default_factory=dict)


def canonical_json(resource: Resource) -> str:
    """The canonical JSON of a resource: sorted keys, compact separators, unescaped UTF-8."""
    plain = json.loads(resource.model_dump_json())
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    """The SHA-256 of ``text`` encoded as UTF-8, in lower-case hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _resources(responses: Iterable[StoredResponse]) -> list[Resource]:
    resources: list[Resource] = []
    for response in responses:
        resources.append(questionnaire_response_for(response))
        observation = total_observation_for(response)
        if observation is not None:
            resources.append(observation)
    return resources


def bundle_for(*, responses: Iterable[StoredResponse], generated_at: dt.datetime) -> BundleManifest:
    """Build the collection Bundle of some stored responses and its manifest.

    Args:
        responses: the responses to export (the caller restricts them to one client).
        generated_at: the Bundle timestamp (timezone-aware).

    Returns:
        The canonical Bundle JSON, its SHA-256 and the resource counts by type.
    """
    resources = _resources(responses)
    data: dict[str, Any] = {  # Any: FHIR JSON
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "entry": [
            {"fullUrl": f"urn:uuid:{resource.id}", "resource": resource} for resource in resources
        ],
    }
    bundle = Bundle.model_validate(data)
    text = canonical_json(bundle)
    counts = Counter(resource.get_resource_type() for resource in resources)
    return BundleManifest(bundle_json=text, sha256=sha256_hex(text), counts=dict(counts))
